package io.newswire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newswire.platform.Env;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code newswire sources}: source health, as publish-service's {@code GET /v1/sources} answers it
 * (every instance agrees; it gathers the state Kafka Streams derived from ingest's receipts and
 * refusals), as a table or as the API's JSON.
 */
@Command(
    name = "sources",
    mixinStandardHelpOptions = true,
    description = {
      "Source health: per agency and per pulled feed, the last story, stories per hour over the last",
      "24 h, the usual pause between stories, refusals by problem type and the last error; erroring and",
      "idle sources first. Asks publish-service (GET /v1/sources) with a key of scope read or admin, from",
      "--key-file or NEWSWIRE_PUBLISH_KEY (never a flag: it would show in the process list).",
      "States: erroring (the latest was a refusal or an error, within 24 h), idle (quiet for longer than",
      "PUBLISH_SOURCES_IDLE_MULTIPLE x its usual pause), quiet-new (too little history to tell), ok.",
      "Exit code 0: answered; 1: publish refused or could not answer; 4: some source is erroring or idle",
      "(with --check)."
    },
    footer = {
      "",
      "Examples:",
      "  NEWSWIRE_PUBLISH_KEY=local-desk-key newswire sources",
      "  newswire sources vna --key-file ~/.newswire/desk.key",
      "  newswire sources --json --publish-url http://publish-1:8082",
      "  newswire sources --check    # for a cron job or a health check"
    })
public final class SourcesCommand implements Callable<Integer> {
  static final String KEY_ENV = "NEWSWIRE_PUBLISH_KEY";
  static final String URL_ENV = "PUBLISH_URL";
  static final String DEFAULT_URL = "http://127.0.0.1:8082";
  static final int EXIT_UNHEALTHY = 4;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SPARKS = "▁▂▃▄▅▆▇█";

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SOURCE",
      description =
          "One source: an agency code or a feed id (<agency>@<host>); default every source.")
  String source;

  @Option(
      names = "--publish-url",
      paramLabel = "URL",
      description = "publish-service [env " + URL_ENV + ", default " + DEFAULT_URL + "]")
  String publishUrl;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description = "File holding a publish key of scope read or admin [else env " + KEY_ENV + "]")
  Path keyFile;

  @Option(names = "--json", description = "Print the API's JSON as it came.")
  boolean json;

  @Option(
      names = "--check",
      description = "Exit with " + EXIT_UNHEALTHY + " when a source is erroring or idle.")
  boolean check;

  /** For tests: variables given directly instead of the environment. */
  static Map<String, String> environmentOverride;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Env env = new Env(environmentOverride != null ? environmentOverride : System.getenv());
    String key;
    try {
      key = keyFile != null ? Files.readString(keyFile).trim() : env.string(KEY_ENV, "").trim();
    } catch (IOException e) {
      err.println("cannot read --key-file " + keyFile + ": " + e.getMessage());
      return 1;
    }
    if (key.isEmpty()) {
      err.println(
          "no publish key: set "
              + KEY_ENV
              + " or --key-file (a key of scope read or admin; the local stack's is local-desk-key)");
      return 1;
    }
    String base = publishUrl != null ? publishUrl : env.string(URL_ENV, DEFAULT_URL);
    String path =
        source == null
            ? "/v1/sources"
            : "/v1/sources/"
                + URLEncoder.encode(source, StandardCharsets.UTF_8).replace("+", "%20");
    HttpResponse<String> res;
    try {
      res =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(stripSlash(base) + path))
                      .timeout(Duration.ofSeconds(20))
                      .header("Authorization", "Bearer " + key)
                      .header("Accept", "application/json")
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (IOException | IllegalArgumentException e) {
      err.println("cannot reach publish-service at " + base + ": " + e);
      return 1;
    }
    if (res.statusCode() != 200) {
      err.println(refusal(res));
      return 1;
    }
    JsonNode body = JSON.readTree(res.body());
    List<JsonNode> sources = new ArrayList<>();
    if (source == null) {
      body.path("sources").forEach(sources::add);
    } else {
      sources.add(body);
    }
    if (json) {
      out.println(res.body());
    } else {
      out.print(table(sources, Instant.now()));
      if (source != null) {
        out.print(details(body));
      }
    }
    out.flush();
    boolean unhealthy =
        sources.stream()
            .map(s -> s.path("state").asText())
            .anyMatch(s -> s.equals("erroring") || s.equals("idle"));
    return check && unhealthy ? EXIT_UNHEALTHY : 0;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** What publish said when it did not answer 200: its problem's status, title and detail. */
  static String refusal(HttpResponse<String> res) {
    String why = res.body();
    try {
      JsonNode p = JSON.readTree(res.body());
      why = p.path("title").asText("") + ": " + p.path("detail").asText("");
    } catch (IOException | RuntimeException e) {
      // not problem+json: the body as it came, cut
    }
    if (why.length() > 500) {
      why = why.substring(0, 500) + "…";
    }
    String retry =
        res.headers().firstValue("Retry-After").map(s -> " (retry in " + s + " s)").orElse("");
    return "publish-service answered " + res.statusCode() + ": " + why + retry;
  }

  /** The sources as a table, one a line, in the order given. */
  static String table(List<JsonNode> sources, Instant now) {
    StringBuilder b = new StringBuilder();
    String format = "%-28s %-6s %-9s %-11s %5s  %-28s %-9s %-9s %8s  %s%n";
    b.append(
        String.format(
            Locale.ROOT,
            format,
            "SOURCE",
            "KIND",
            "STATE",
            "LAST",
            "24H",
            "PER HOUR (24H, OLDEST FIRST)",
            "USUAL GAP",
            "QUIET FOR",
            "REFUSALS",
            "LAST ERROR"));
    for (JsonNode s : sources) {
      long refusals = 0;
      for (Iterator<JsonNode> it = s.path("refusals").elements(); it.hasNext(); ) {
        refusals += it.next().asLong();
      }
      JsonNode error = s.path("lastError");
      b.append(
          String.format(
              Locale.ROOT,
              format,
              s.path("source").asText(),
              s.path("kind").asText(),
              s.path("state").asText(),
              ago(s.path("lastReceivedAt"), now),
              s.path("storiesLast24h").asLong(),
              sparkline(s.path("perHour")),
              seconds(s.path("usualGapSeconds")),
              seconds(s.path("idleForSeconds")),
              refusals,
              error.isObject()
                  ? error.path("status").asInt()
                      + " "
                      + error.path("type").asText()
                      + " "
                      + ago(error.path("at"), now)
                  : "-"));
    }
    return b.toString();
  }

  /** One source's refusals by type and its last error in full. */
  static String details(JsonNode s) {
    StringBuilder b = new StringBuilder();
    b.append(System.lineSeparator()).append("Refusals by type:");
    if (s.path("refusals").isEmpty()) {
      b.append(" none");
    }
    b.append(System.lineSeparator());
    s.path("refusals")
        .fields()
        .forEachRemaining(
            e ->
                b.append(
                    String.format(
                        Locale.ROOT, "  %-32s %8d%n", e.getKey(), e.getValue().asLong())));
    JsonNode error = s.path("lastError");
    if (error.isObject()) {
      b.append("Last error: ")
          .append(error.path("at").asText())
          .append(" ")
          .append(error.path("status").asInt())
          .append(" ")
          .append(error.path("type").asText())
          .append(System.lineSeparator())
          .append("  ")
          .append(error.path("detail").asText())
          .append(System.lineSeparator());
    }
    return b.toString();
  }

  /** The hourly counts as a line of bars, scaled to the busiest hour; blanks for none. */
  static String sparkline(JsonNode perHour) {
    long max = 0;
    for (JsonNode n : perHour) {
      max = Math.max(max, n.asLong());
    }
    StringBuilder b = new StringBuilder();
    for (JsonNode n : perHour) {
      long v = n.asLong();
      b.append(
          v <= 0
              ? ' '
              : SPARKS.charAt(
                  (int) Math.min(SPARKS.length() - 1, (v * SPARKS.length() - 1) / max)));
    }
    return b.toString();
  }

  /** How long before {@code now} an instant of the API was, e.g. {@code 5m12s ago}; - for none. */
  static String ago(JsonNode instant, Instant now) {
    if (!instant.isTextual()) {
      return "-";
    }
    try {
      long s = Math.max(0, Duration.between(Instant.parse(instant.asText()), now).toSeconds());
      return ProgressBar.formatSeconds(s) + " ago";
    } catch (java.time.format.DateTimeParseException e) {
      return instant.asText();
    }
  }

  private static String seconds(JsonNode n) {
    return n.isNumber() ? ProgressBar.formatSeconds(n.asLong()) : "-";
  }
}
