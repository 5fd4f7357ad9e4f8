package io.newswire.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.platform.AccessSettings;
import io.newswire.platform.core.access.AdminKeys;
import io.newswire.platform.core.access.KeyRing;
import io.newswire.publish.core.StreamLimits;
import io.newswire.publish.subscriptions.SubscriptionSettings;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.WithPipelineInfra;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile requests against publish on the real broker: no key, a malformed header, a wrong key, a
 * revoked key, a reader on operators' routes, more streams than a subscriber may open, and guessing
 * keys until the address is locked out.
 */
@WithPipelineInfra
class PublishAccessIT {
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final String READER = "reader-" + UUID.randomUUID();
  static final String REVOKED = "revoked-" + UUID.randomUUID();
  static final String FLOOD = "flood-" + UUID.randomUUID();
  static final String OTHER = "other-" + UUID.randomUUID();
  static final String THIRD = "third-" + UUID.randomUUID();
  static final String OPS = "ops-" + UUID.randomUUID();

  static PipelineInfra infra;
  static Path keyFile;
  static PublishService publish;

  static String entry(String name, String key) {
    return name + ":" + KeyRing.sha256Hex(key) + ":read\n";
  }

  static AccessSettings ops() {
    return AccessSettings.defaults()
        .withAdminKeys(AdminKeys.parse("ops:" + KeyRing.sha256Hex(OPS)));
  }

  @BeforeAll
  static void start(PipelineInfra shared, @TempDir Path dir) {
    infra = shared;
    keyFile = dir.resolve("subscribers.keys");
    try {
      Files.writeString(
          keyFile,
          "# subscribers\n"
              + entry("desk", READER)
              + entry("gone", REVOKED)
              + entry("flood", FLOOD)
              + entry("other", OTHER)
              + entry("third", THIRD));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    publish =
        PublishService.start(
            new PublishService.Config(
                    "127.0.0.1",
                    0,
                    "it-access-" + UUID.randomUUID(),
                    dir.resolve("state").toString(),
                    infra.kafka())
                .withSubscriberKeysFile(keyFile)
                .withStreams(new StreamLimits(2, 3, Duration.ofMillis(200), Duration.ofSeconds(1)))
                .withSubscriptions(new SubscriptionSettings(2, 1000))
                // guessing is tested on an instance of its own: here it must not lock tests out
                .withAccess(ops().withThrottle(10_000, Duration.ofSeconds(1))));
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> get(publish, "/v1/stories?limit=1", READER).statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    publish.close();
  }

  static HttpResponse<String> get(PublishService s, String path, String key) throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
            .timeout(Duration.ofSeconds(30));
    if (key != null) {
      req.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> withAuthorization(String path, String header) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + publish.port() + path))
            .header("Authorization", header)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void assertProblem(HttpResponse<String> res, int status, String type) {
    assertThat(res.statusCode()).as(res.uri() + " " + res.body()).isEqualTo(status);
    assertThat(res.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(res.body()).contains("\"type\":\"https://newswire.dev/problems/" + type + "\"");
  }

  @Test
  void everyRouteButHealthRefusesARequestWithoutAValidKey() throws Exception {
    String[] paths = {
      "/v1/stories",
      "/v1/stories/urn:newswire:vna:x",
      "/internal/v1/stories",
      "/v1/sources",
      "/v1/sources/vna",
      "/internal/v1/sources",
      "/metrics",
      "/v1/webhooks",
      "/v1/subscriptions",
      "/v1/subscriptions/mine",
      "/asyncapi.json",
      "/v1/whoami",
      "/v1/stories/urn:newswire:vna:x/trail",
      "/v1/admin/stories/urn:newswire:vna:x/raw",
      "/v1/admin/lag",
      "/v1/admin/dead-letters",
      "/v1/admin/generations",
      "/no/such/path"
    };
    for (String path : paths) {
      HttpResponse<String> none = get(publish, path, null);
      assertProblem(none, 401, "unauthenticated");
      assertThat(none.headers().firstValue("WWW-Authenticate"))
          .contains("Bearer realm=\"newswire\"");
      assertProblem(get(publish, path, "not-a-key"), 401, "unauthenticated");
      for (String malformed :
          new String[] {"Basic " + READER, "Bearer", "Bearer ", READER, "Token " + READER}) {
        assertProblem(withAuthorization(path, malformed), 401, "unauthenticated");
      }
    }
    HttpResponse<String> stream =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + publish.port() + "/v1/stream"))
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertProblem(stream, 401, "unauthenticated");
    assertProblem(get(publish, "/no/such/path", READER), 404, "not-found");
    assertThat(get(publish, "/health/live", null).statusCode()).isEqualTo(200);
    assertThat(get(publish, "/health/ready", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aReaderReadsStoriesButNotOperatorsRoutes_anOperatorReadsAll() throws Exception {
    assertThat(get(publish, "/v1/stories?limit=1", READER).statusCode()).isEqualTo(200);
    HttpResponse<String> contract = get(publish, "/asyncapi.json", READER);
    assertThat(contract.statusCode()).isEqualTo(200);
    assertThat(contract.body())
        .isEqualTo(io.newswire.publish.contract.AsyncApi.json())
        .contains("\"asyncapi\" : \"3.0.0\"");
    assertProblem(
        get(publish, "/v1/stories/urn:newswire:vna:none", READER), 404, "story-not-found");
    assertProblem(get(publish, "/metrics", READER), 403, "forbidden");
    assertProblem(get(publish, "/internal/v1/stories", READER), 403, "forbidden");
    assertProblem(get(publish, "/internal/v1/sources", READER), 403, "forbidden");
    assertProblem(
        get(publish, "/internal/v1/stories/urn:newswire:vna:x", READER), 403, "forbidden");

    HttpResponse<String> metrics = get(publish, "/metrics", OPS);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("newswire_publish_streams_open");
    assertThat(get(publish, "/internal/v1/stories?limit=1", OPS).statusCode()).isEqualTo(200);
    assertThat(get(publish, "/v1/stories?limit=1", OPS).statusCode())
        .as("admin covers read")
        .isEqualTo(200);
  }

  /**
   * The console's files are served without a key (they hold no data) with a policy that forbids
   * inline scripts, framing and other origins; what it shows needs a key: operators' pages admin.
   */
  @Test
  void theConsoleFilesAreOpenButItsDataNeedsAKeyAndItsOperatorPagesAdmin() throws Exception {
    for (String path : new String[] {"/console", "/console/", "/console/app.js"}) {
      HttpResponse<String> res = get(publish, path, null);
      assertThat(res.statusCode()).as(path).isEqualTo(200);
      assertThat(res.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(
              csp -> assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'"));
      assertThat(res.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }
    assertThat(get(publish, "/console/", null).body()).contains("<title>Newswire console</title>");
    assertThat(get(publish, "/console/app.js", null).headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(get(publish, "/console/secrets.txt", null).statusCode()).isEqualTo(404);

    HttpResponse<String> who = get(publish, "/v1/whoami", READER);
    assertThat(who.statusCode()).isEqualTo(200);
    assertThat(who.body()).contains("\"admin\":false").contains("\"read\"");
    assertThat(get(publish, "/v1/whoami", OPS).body()).contains("\"admin\":true");

    for (String admin :
        new String[] {
          "/v1/admin/lag",
          "/v1/admin/dead-letters",
          "/v1/admin/generations",
          "/v1/admin/stories/urn:newswire:vna:x/raw"
        }) {
      assertProblem(get(publish, admin, READER), 403, "forbidden");
    }
    assertThat(get(publish, "/v1/admin/lag", OPS).body()).contains("\"stages\"");
    HttpResponse<String> letters = get(publish, "/v1/admin/dead-letters?limit=5", OPS);
    assertThat(letters.statusCode()).as(letters.body()).isEqualTo(200);
    assertThat(letters.body()).contains("\"letters\"");
    assertProblem(get(publish, "/v1/admin/dead-letters?limit=0", OPS), 400, "invalid-query");
    assertProblem(get(publish, "/v1/admin/dead-letters/not-an-id", OPS), 400, "invalid-letter-id");
    assertProblem(
        get(publish, "/v1/admin/dead-letters/0:999999999", OPS), 404, "dead-letter-not-found");
    HttpResponse<String> generations = get(publish, "/v1/admin/generations", OPS);
    assertThat(generations.statusCode()).as(generations.body()).isEqualTo(200);
    assertThat(generations.body()).contains("\"topic\":\"news.enriched.v1\"");
    assertProblem(
        get(publish, "/v1/admin/generations/compare?generation=x", OPS), 400, "invalid-query");
    assertProblem(
        get(publish, "/v1/admin/generations/compare?generation=98765", OPS),
        404,
        "generation-not-found");
    assertProblem(
        get(publish, "/v1/stories/urn:newswire:vna:none-" + System.nanoTime() + "/trail", READER),
        404,
        "story-not-found");
    assertProblem(
        get(publish, "/v1/admin/stories/urn:newswire:vna:none/raw?version=x", OPS),
        400,
        "invalid-query");
  }

  @Test
  void aKeyRemovedFromTheKeyFileIsRefusedWithinSecondsWithoutARestart() throws Exception {
    assertThat(get(publish, "/v1/stories?limit=1", REVOKED).statusCode()).isEqualTo(200);
    String kept = Files.readString(keyFile).replace(entry("gone", REVOKED), "");
    Files.writeString(keyFile, kept);
    long rewritten = System.nanoTime();
    Awaitility.await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(publish, "/v1/stories?limit=1", REVOKED).statusCode() == 401);
    assertThat(Duration.ofNanos(System.nanoTime() - rewritten)).isLessThan(Duration.ofSeconds(3));
    assertThat(get(publish, "/v1/stories?limit=1", READER).statusCode()).isEqualTo(200);
  }

  static HttpResponse<String> send(String method, String path, String key, String json)
      throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + publish.port() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      req.header("Content-Type", "application/json");
    }
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Saved subscriptions are their owner's: another subscriber neither sees nor uses nor deletes
   * them (404, as for one that does not exist), an operator sees and manages every one; bad names
   * and bodies are 400s, the per-subscriber limit a 409, and nothing is written for any of them.
   */
  @Test
  void savedSubscriptionsAreTheirOwnersAndAnOperatorsOnly_badInputIsRefusedAndNothingWritten()
      throws Exception {
    var created = send("PUT", "/v1/subscriptions/ai-flashes", OTHER, "{\"tags\":[\"AI\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).contains("/v1/subscriptions/ai-flashes");
    var replaced =
        send("PUT", "/v1/subscriptions/ai-flashes", OTHER, "{\"tags\":[\"AI\"],\"maxUrgency\":2}");
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(replaced.body()).contains("\"maxUrgency\":2");

    // another subscriber: not there for it, in the list, by name, on the list and stream, to delete
    assertThat(get(publish, "/v1/subscriptions", READER).body()).doesNotContain("ai-flashes");
    assertProblem(
        get(publish, "/v1/subscriptions/ai-flashes", READER), 404, "subscription-not-found");
    assertProblem(
        get(publish, "/v1/subscriptions/ai-flashes?owner=other", READER),
        404,
        "subscription-not-found");
    assertProblem(
        get(publish, "/v1/stories?subscription=ai-flashes", READER), 404, "subscription-not-found");
    assertProblem(
        send("DELETE", "/v1/subscriptions/ai-flashes", READER, null),
        404,
        "subscription-not-found");
    assertThat(get(publish, "/v1/stories?subscription=ai-flashes&limit=1", OTHER).statusCode())
        .isEqualTo(200);

    // an operator sees every one and reaches a subscriber's with ?owner=
    assertThat(get(publish, "/v1/subscriptions", OPS).body())
        .contains("\"owner\":\"other\",\"name\":\"ai-flashes\"");
    assertThat(get(publish, "/v1/subscriptions/ai-flashes?owner=other", OPS).statusCode())
        .isEqualTo(200);
    assertThat(get(publish, "/v1/subscriptions?owner=desk", OPS).body())
        .doesNotContain("ai-flashes");
    assertThat(get(publish, "/v1/subscriptions?owner=other", READER).body())
        .as("a subscriber's ?owner= lists its own")
        .doesNotContain("ai-flashes");

    // bad input: 400 naming the field (or 415, 413); nothing is saved
    assertProblem(
        send("PUT", "/v1/subscriptions/Bad%20Name", OTHER, "{}"), 400, "invalid-subscription");
    assertProblem(
        send("PUT", "/v1/subscriptions/x", OTHER, "{\"maxUrgency\":0}"),
        400,
        "invalid-subscription");
    assertProblem(
        send("PUT", "/v1/subscriptions/x", OTHER, "{\"terms\":[\"" + "w".repeat(65) + "\"]}"),
        400,
        "invalid-subscription");
    assertProblem(
        send("PUT", "/v1/subscriptions/x", OTHER, "not json"), 400, "invalid-subscription");
    assertProblem(
        send("PUT", "/v1/subscriptions/x", OTHER, "{\"tags\":[\"" + "A".repeat(20_000) + "\"]}"),
        413,
        "request-too-large");
    assertProblem(get(publish, "/v1/subscriptions/x", OTHER), 404, "subscription-not-found");

    // at most 2 per subscriber here: a third is a 409, replacing one is not
    assertThat(send("PUT", "/v1/subscriptions/second", OTHER, "{}").statusCode()).isEqualTo(201);
    assertProblem(
        send("PUT", "/v1/subscriptions/third", OTHER, "{}"), 409, "subscription-limit-reached");
    assertThat(send("PUT", "/v1/subscriptions/second", OTHER, "{\"terms\":[\"x\"]}").statusCode())
        .isEqualTo(200);
    assertThat(send("PUT", "/v1/subscriptions/third", READER, "{}").statusCode())
        .as("the limit is per subscriber")
        .isEqualTo(201);

    assertThat(send("DELETE", "/v1/subscriptions/second", OTHER, null).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", "/v1/subscriptions/ai-flashes?owner=other", OPS, null).statusCode())
        .isEqualTo(204);
    assertThat(send("DELETE", "/v1/subscriptions/third", READER, null).statusCode()).isEqualTo(204);
    assertProblem(
        get(publish, "/v1/stories?subscription=ai-flashes", OTHER), 404, "subscription-not-found");
    assertThat(get(publish, "/v1/subscriptions", OTHER).body()).isEqualTo("{\"items\":[]}");
  }

  /** An open SSE stream: the answer's status, and the body until closed. */
  record Stream(int status, String body, InputStream in) implements AutoCloseable {
    static Stream open(String key) throws Exception {
      HttpResponse<InputStream> res =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + publish.port() + "/v1/stream"))
                  .header("Accept", "text/event-stream")
                  .header("Authorization", "Bearer " + key)
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      if (res.statusCode() != 200) {
        try (InputStream in = res.body()) {
          return new Stream(
              res.statusCode(),
              new String(in.readAllBytes(), StandardCharsets.UTF_8)
                  + " Retry-After="
                  + res.headers().firstValue("Retry-After").orElse("none"),
              null);
        }
      }
      BufferedReader r =
          new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8));
      StringBuilder first = new StringBuilder(); // the stream is open once its first event came
      for (String line; (line = r.readLine()) != null && !line.isEmpty(); ) {
        first.append(line).append('\n');
      }
      return new Stream(200, first.toString(), res.body());
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }

  @Test
  void aSubscriberOverItsStreamLimitGets429UntilOneOfItsStreamsCloses_andTheInstanceLimit503()
      throws Exception {
    for (int i = 0; i < 3; i++) { // requests that do not become streams hold no slot
      HttpResponse<String> post =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + publish.port() + "/v1/stream"))
                  .header("Accept", "text/event-stream")
                  .header("Authorization", "Bearer " + FLOOD)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isIn(404, 405);
    }
    Stream first = Stream.open(FLOOD);
    Stream second = Stream.open(FLOOD);
    try {
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.body()).contains("event: ready");
      assertThat(second.status()).isEqualTo(200);

      Stream third = Stream.open(FLOOD);
      assertThat(third.status()).isEqualTo(429);
      assertThat(third.body()).contains("too-many-streams").contains("Retry-After=1");

      try (Stream other = Stream.open(OTHER)) {
        assertThat(other.status())
            .as("another subscriber is not limited by flood's")
            .isEqualTo(200);
        Stream overInstance = Stream.open(THIRD);
        assertThat(overInstance.status()).as("3 streams in all").isEqualTo(503);
        assertThat(overInstance.body()).contains("streams-unavailable").contains("Retry-After=1");
      }

      first.close();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                try (Stream again = Stream.open(FLOOD)) {
                  return again.status() == 200;
                }
              });
    } finally {
      first.close();
      second.close();
    }
  }

  /**
   * A bare HTTP/1.1 GET from the loopback address {@code from}: its status code. The throttle
   * counts per client address, so another address is not locked out with 127.0.0.1.
   */
  static int getFrom(String from, int port, String path, String key) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + key
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  @Test
  void guessingKeysLocksTheAddressOutOfEveryRoute_evenWithARightKey_untilTheLockoutEnds(
      @TempDir Path dir) throws Exception {
    try (PublishService guarded =
        PublishService.start(
            new PublishService.Config(
                    "127.0.0.1",
                    0,
                    "it-throttle-" + UUID.randomUUID(),
                    dir.toString(),
                    infra.kafka())
                .withSubscriberKeys(KeyRing.empty())
                .withAccess(ops().withThrottle(3, Duration.ofSeconds(3))))) {
      assertThat(get(guarded, "/metrics", OPS).statusCode()).isEqualTo(200);
      for (int i = 0; i < 3; i++) {
        assertProblem(get(guarded, "/v1/stories", "guess-" + i), 401, "unauthenticated");
      }
      HttpResponse<String> locked = get(guarded, "/metrics", OPS);
      assertProblem(locked, 429, "too-many-authentication-failures");
      assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow()))
          .isBetween(1L, 3L);
      assertProblem(get(guarded, "/v1/stories", OPS), 429, "too-many-authentication-failures");
      assertProblem(
          get(guarded, "/internal/v1/stories", OPS), 429, "too-many-authentication-failures");

      assertThat(getFrom("127.0.0.2", guarded.port(), "/metrics", OPS))
          .as("another address is not locked out")
          .isEqualTo(200);

      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> get(guarded, "/metrics", OPS).statusCode() == 200);
    }
  }
}
