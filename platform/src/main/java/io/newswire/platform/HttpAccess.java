package io.newswire.platform;

import io.javalin.http.Context;
import io.newswire.platform.core.access.AuthThrottle;
import io.newswire.platform.core.access.ClientAddress;
import io.newswire.platform.core.access.Principal;
import io.newswire.platform.core.access.Scope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who is calling, for HTTP handlers: reads {@code Authorization: Bearer <key>}, finds its principal
 * in the keys in force, and refuses as problem+json: 401 without a valid key, 403 without the scope
 * a route needs, 429 with Retry-After once the client's address has failed too often ({@link
 * AuthThrottle}). The client's address is the TCP peer's, or, behind a trusted reverse proxy, the
 * one the proxy forwarded ({@link ClientAddress}).
 */
public final class HttpAccess {
  private static final String ATTRIBUTE = "newswire.principal";

  private final List<KeyRingFile> keys;
  private final AuthThrottle throttle;
  private final String keyHolder;
  private final ClientAddress clients;

  /**
   * @param keys the key rings in force, looked up in this order (e.g. agencies', then operators')
   * @param keyHolder whose key the 401's detail asks for ("the agency's", "your subscriber")
   * @param clients how the client's address is found (the TCP peer, or behind trusted proxies)
   */
  public HttpAccess(
      List<KeyRingFile> keys, AuthThrottle throttle, String keyHolder, ClientAddress clients) {
    this.keys = List.copyOf(keys);
    this.throttle = throttle;
    this.keyHolder = keyHolder;
    this.clients = clients;
  }

  /** The caller's principal; refuses with 401 or 429. Remembered on the request. */
  public Principal authenticate(Context ctx) {
    Principal known = ctx.attribute(ATTRIBUTE);
    if (known != null) {
      return known;
    }
    String client = clients.of(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
    OptionalLong wait = throttle.lockedOut(client);
    if (wait.isPresent()) {
      throw new ProblemException(
          Problem.of(
              "too-many-authentication-failures",
              "Too many requests",
              429,
              "Too many failed authentications from this address; retry in "
                  + wait.getAsLong()
                  + " s."),
          Map.of("Retry-After", Long.toString(wait.getAsLong())));
    }
    String auth = ctx.header("Authorization");
    String key = null;
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = auth.substring(7).trim();
    }
    Optional<Principal> principal = find(key);
    if (principal.isEmpty()) {
      throttle.failed(client);
      throw new ProblemException(
          Problem.of(
                  "unauthenticated",
                  "Unauthenticated",
                  401,
                  key == null
                      ? "Send " + keyHolder + " API key as 'Authorization: Bearer <key>'."
                      : "The API key is not valid.")
              .withField("Authorization"),
          Map.of("WWW-Authenticate", "Bearer realm=\"newswire\""));
    }
    throttle.succeeded(client);
    ctx.attribute(ATTRIBUTE, principal.get());
    return principal.get();
  }

  private Optional<Principal> find(String key) {
    for (KeyRingFile ring : keys) {
      Optional<Principal> p = ring.find(key);
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }

  /** Re-reads the key files that changed (a supervised loop calls it every second). */
  public void refresh() {
    keys.forEach(KeyRingFile::refresh);
  }

  /**
   * Starts the loop that re-reads the key files every second, under {@code loops} (essential: a
   * failing reload is visible in readiness), named {@code name}.
   */
  public void refreshUnder(Supervisor loops, String name) {
    loops.every(name, Supervisor.Kind.ESSENTIAL, java.time.Duration.ofSeconds(1), l -> refresh());
  }

  /** How many keys are in force, across every ring. */
  public int size() {
    return keys.stream().mapToInt(KeyRingFile::size).sum();
  }

  /** The caller's principal if it may do what {@code scope} covers; 401, 403 or 429 otherwise. */
  public Principal require(Context ctx, Scope scope) {
    Principal p = authenticate(ctx);
    if (!p.may(scope)) {
      throw new ProblemException(
          Problem.of(
              "forbidden",
              "Forbidden",
              403,
              "The key of '" + p.name() + "' does not carry the scope '" + scope.id() + "'."));
    }
    return p;
  }

  /** The principal a request was authenticated as, or null if it was not. */
  public static Principal principal(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }
}
