package io.newswire.publish.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.newswire.platform.HttpAccess;
import io.newswire.platform.core.access.Principal;
import io.newswire.platform.core.access.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web console's files, {@code /console/}: one HTML page, ES modules and a style sheet from the
 * classpath ({@code console/}), a fixed list read once at start-up; no build step. The files hold
 * no data and are served without a key (a browser cannot send one for a page load); every call the
 * console makes for data carries the key the user signs in with, as {@code Authorization: Bearer}.
 * {@code GET /v1/whoami} tells the console whose key it is and what it may do.
 *
 * <p>Every console response forbids framing, inline scripts and connections to any other origin
 * (Content-Security-Policy), and sends no referrer.
 */
public final class ConsoleApi {
  /** Where the console is. */
  public static final String PATH = "/console";

  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final Map<String, String> FILES = files();
  private final Map<String, byte[]> content = new LinkedHashMap<>();
  private final HttpAccess access;

  public ConsoleApi(HttpAccess access) {
    this.access = access;
    FILES.keySet().forEach(f -> content.put(f, read(f)));
  }

  private static Map<String, String> files() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("index.html", "text/html; charset=utf-8");
    f.put("console.css", "text/css; charset=utf-8");
    Arrays.asList("app", "api", "dom", "wire", "story", "sources", "pipeline")
        .forEach(m -> f.put(m + ".js", "text/javascript; charset=utf-8"));
    return Map.copyOf(f);
  }

  /** Whether a path is the console's (served without a key: files only, no data). */
  public static boolean isConsoleFile(String path) {
    return path.equals(PATH) || path.startsWith(PATH + "/");
  }

  private static byte[] read(String file) {
    try (InputStream in = ConsoleApi.class.getResourceAsStream("/console/" + file)) {
      if (in == null) {
        throw new IllegalStateException("the console file " + file + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void configure(JavalinConfig c) {
    // "/console" and "/console/" are one route (trailing slashes are ignored); the page names its
    // files by absolute paths, so either works
    c.routes.get(PATH, ctx -> serve(ctx, "index.html"));
    c.routes.get(PATH + "/{file}", ctx -> serve(ctx, ctx.pathParam("file")));
    c.routes.get(
        "/v1/whoami",
        ctx -> {
          Principal p = access.authenticate(ctx);
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("name", p.name());
          body.put("scopes", Arrays.stream(Scope.values()).filter(p::may).map(Scope::id).toList());
          body.put("admin", p.isAdmin());
          ctx.json(body);
        });
  }

  private void serve(Context ctx, String file) {
    headers(ctx);
    byte[] bytes = content.get(file);
    if (bytes == null) {
      ctx.status(404).contentType("text/plain; charset=utf-8").result("No console file " + file);
      return;
    }
    ctx.header("Cache-Control", "no-cache").contentType(FILES.get(file)).result(bytes);
  }

  static void headers(Context ctx) {
    ctx.header("Content-Security-Policy", CSP)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("X-Frame-Options", "DENY");
  }
}
