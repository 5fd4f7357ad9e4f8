package io.newswire.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.Topics;
import io.newswire.platform.core.access.KeyRing;
import io.newswire.platform.core.net.AddressPolicy;
import io.newswire.publish.core.Backoff;
import io.newswire.publish.core.SecretKeys;
import io.newswire.publish.core.SubscriberKeys;
import io.newswire.publish.core.WebhookSignature;
import io.newswire.publish.webhooks.WebhookSettings;
import io.newswire.schema.v1.ChangeType;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile requests to the webhook API, on the real broker and registry: keys and scopes, other
 * subscribers' webhooks, URLs that reach inside (in several notations), redirects, oversize and
 * mistyped bodies, the cap per subscriber, secrets at rest and their rotation. Every receiver is on
 * 127.0.0.1; names are resolved by a resolver that knows none, so no lookup leaves the machine.
 */
@WithPipelineInfra
class WebhookSecurityIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final int CAP = 3;
  static final String SEALING_KEYS = SecretKeys.generateEntry("it-1");

  static PipelineInfra infra;
  static PublishService publish;
  static Path keyFile;

  /** Subscribers' keys: name to key. */
  static final String ALICE = key(), BOB = key(), READER = key(), OPS = key(), CAROL = key();

  static final String CAPPED = key(), ROTOR = key(), SSRF = key(), DELIVERY = key();

  static String key() {
    return "k-" + UUID.randomUUID();
  }

  static String entry(String name, String key, String scopes) {
    return name + ":" + KeyRing.sha256Hex(key) + ":" + scopes;
  }

  static WebhookSettings settings(AddressPolicy addresses) {
    return new WebhookSettings(
            new Backoff(Duration.ofMillis(50), Duration.ofMillis(100), 2), Duration.ofSeconds(2))
        .withMaxPerSubscriber(CAP)
        .withAddresses(addresses)
        .withSecretKeys(SecretKeys.parse(SEALING_KEYS))
        .withResolver(
            host -> {
              throw new UnknownHostException("no lookups in tests: " + host);
            });
  }

  static PublishService start(String appId, Path state, AddressPolicy addresses) {
    return PublishService.start(
        new PublishService.Config("127.0.0.1", 0, appId, state.toString(), infra.kafka())
            .withWebhooks(settings(addresses))
            .withSubscriberKeys(
                SubscriberKeys.parse(
                    String.join(
                        ",",
                        entry("alice", ALICE, "webhooks"),
                        entry("bob", BOB, "webhooks"),
                        entry("reader", READER, "read"),
                        entry("ops", OPS, "admin"),
                        entry("capped", CAPPED, "webhooks"),
                        entry("rotor", ROTOR, "webhooks"),
                        entry("ssrf", SSRF, "webhooks"),
                        entry("delivery", DELIVERY, "read+webhooks"))))
            .withSubscriberKeysFile(keyFile));
  }

  @BeforeAll
  static void start(PipelineInfra shared, @TempDir Path dir) throws Exception {
    infra = shared;
    keyFile = dir.resolve("subscribers.keys");
    Files.writeString(keyFile, entry("carol", CAROL, "webhooks") + "\n");
    publish = start("it-hooksec-" + UUID.randomUUID(), dir.resolve("state"), allowing127());
  }

  static AddressPolicy allowing127() {
    return AddressPolicy.allowing("127.0.0.1");
  }

  @AfterAll
  static void stop() {
    if (publish != null) {
      publish.close();
    }
  }

  static String url(PublishService p, String path) {
    return "http://127.0.0.1:" + p.port() + path;
  }

  static HttpResponse<String> send(
      PublishService p, String method, String path, String key, String type, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(p, path)));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (type != null) {
      b.header("Content-Type", type);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> send(String method, String path, String key) throws Exception {
    return send(publish, method, path, key, null, null);
  }

  static HttpResponse<String> register(PublishService p, String key, String json) throws Exception {
    return send(p, "POST", "/v1/webhooks", key, "application/json", json);
  }

  static HttpResponse<String> register(String key, String json) throws Exception {
    return register(publish, key, json);
  }

  static JsonNode json(HttpResponse<String> res) throws Exception {
    return ServiceHttp.JSON.readTree(res.body());
  }

  static String hookUrl(HttpServer s, String path) {
    return "http://127.0.0.1:" + s.getAddress().getPort() + path;
  }

  static String created(String key, String url) throws Exception {
    var res = register(key, "{\"url\":\"" + url + "\",\"tags\":[\"NONE_" + run() + "\"]}");
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    return json(res).get("id").asText();
  }

  static String run() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** Every record of news.webhooks.v1 as raw bytes (what the API acknowledged is in). */
  static List<ConsumerRecord<String, byte[]>> rawRegistrations() {
    return TopicReader.readToEnd(
        infra.bootstrapServers(),
        Topics.WEBHOOKS,
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        Duration.ofSeconds(30));
  }

  @Test
  void everyRouteNeedsAKeyWithTheWebhooksScope_aRevokedKeyNoLonger() throws Exception {
    String id = created(ALICE, "http://127.0.0.1:9/a");
    // no key, a wrong key: 401 on every route
    for (String[] route :
        List.of(
            new String[] {"GET", "/v1/webhooks"},
            new String[] {"GET", "/v1/webhooks/" + id},
            new String[] {"DELETE", "/v1/webhooks/" + id})) {
      var res = send(route[0], route[1], null);
      assertThat(res.statusCode()).as(route[1]).isEqualTo(401);
      assertThat(res.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
    }
    assertThat(send("GET", "/v1/webhooks/" + id + "/parked", "not-a-key").statusCode())
        .isEqualTo(401);
    assertThat(register("wrong-" + ALICE, "{\"url\":\"http://127.0.0.1:9/x\"}").statusCode())
        .isEqualTo(401);
    // a key without the scope: 403
    assertThat(send("GET", "/v1/webhooks", READER).statusCode()).isEqualTo(403);
    assertThat(register(READER, "{\"url\":\"http://127.0.0.1:9/x\"}").statusCode()).isEqualTo(403);
    assertThat(
            send(publish, "POST", "/v1/webhooks/" + id + "/secret", READER, null, null)
                .statusCode())
        .isEqualTo(403);
    // the webhook is still there, untouched
    assertThat(send("GET", "/v1/webhooks/" + id, ALICE).statusCode()).isEqualTo(200);

    // carol's key (from the key file) works until it is removed from the file
    assertThat(send("GET", "/v1/webhooks", CAROL).statusCode()).isEqualTo(200);
    Files.writeString(keyFile, "# carol revoked\n");
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(1500))
        .until(() -> send("GET", "/v1/webhooks", CAROL).statusCode() == 401);
    assertThat(send("DELETE", "/v1/webhooks/" + id, ALICE).statusCode()).isEqualTo(204);
  }

  @Test
  void aSubscriberSeesAndManagesOnlyItsOwnWebhooks_anAdminSeesAll() throws Exception {
    String id = created(ALICE, "http://127.0.0.1:9/alice");
    var missing = send("GET", "/v1/webhooks/" + UUID.randomUUID(), BOB);
    assertThat(missing.statusCode()).isEqualTo(404);
    for (String[] route :
        List.of(
            new String[] {"GET", "/v1/webhooks/" + id},
            new String[] {"GET", "/v1/webhooks/" + id + "/parked"},
            new String[] {"DELETE", "/v1/webhooks/" + id},
            new String[] {"POST", "/v1/webhooks/" + id + "/secret"})) {
      var res = send(route[0], route[1], BOB);
      assertThat(res.statusCode()).as(route[0] + " " + route[1]).isEqualTo(404);
      assertThat(json(res).get("type").asText()).isEqualTo(json(missing).get("type").asText());
    }
    assertThat(send("GET", "/v1/webhooks", BOB).body()).doesNotContain(id);
    JsonNode alices = json(send("GET", "/v1/webhooks", ALICE)).get("items");
    assertThat(alices.toString()).contains(id);
    alices.forEach(h -> assertThat(h.get("owner").asText()).isEqualTo("alice"));
    // the admin sees it, with its owner, and may read it
    JsonNode all = json(send("GET", "/v1/webhooks", OPS)).get("items");
    List<String> owners = new ArrayList<>();
    all.forEach(
        h -> {
          if (h.get("id").asText().equals(id)) {
            owners.add(h.get("owner").asText());
          }
        });
    assertThat(owners).containsExactly("alice");
    assertThat(send("GET", "/v1/webhooks/" + id, OPS).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v1/webhooks/" + id, ALICE).statusCode()).isEqualTo(200);
    // resealing every secret is the admin's alone
    assertThat(send(publish, "POST", "/v1/webhooks/secrets/reseal", ALICE, null, null).statusCode())
        .isEqualTo(403);
    assertThat(send(publish, "POST", "/v1/webhooks/secrets/reseal", OPS, null, null).statusCode())
        .isEqualTo(200);
    assertThat(send("DELETE", "/v1/webhooks/" + id, OPS).statusCode()).isEqualTo(204);
    assertThat(send("GET", "/v1/webhooks/" + id, ALICE).statusCode()).isEqualTo(404);
  }

  @Test
  void urlsThatReachInsideAreRefusedInEveryNotation_andNothingIsWritten() throws Exception {
    List<String> hostile =
        List.of(
            "http://127.0.0.2:8080/x", // loopback, outside the allow-list
            "http://127.000.000.002/x",
            "http://10.0.0.1/x",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::ffff:169.254.169.254]/x",
            "http://[::ffff:127.0.0.2]/x",
            "http://[::1]:8080/x",
            "http://[0:0:0:0:0:0:0:1]/x",
            "http://[fd00::1]/x",
            "http://[fe80::1]/x",
            "http://192.168.1.1/x",
            "http://172.16.0.1/x",
            "http://100.64.0.1/x",
            "http://0.0.0.0:8082/x",
            "http://LOCALHOST:8082/x",
            "http://localhost.:8082/x",
            "http://api.localhost/x",
            // 127.0.0.2 (127.0.0.1 is allowed here) in the notations inet_aton takes
            "http://2130706434/x",
            "http://0x7f000002/x",
            "http://0x7f.2/x",
            "http://127.2/x",
            "http://2852039166/latest/meta-data/", // 169.254.169.254
            "http://0177.0.0.2/x",
            "http://evil@127.0.0.2/x",
            "http://unknown-name.invalid/x");
    for (String u : hostile) {
      var res = register(SSRF, "{\"url\":\"" + u + "\"}");
      assertThat(res.statusCode()).as(u).isIn(400, 422);
      assertThat(json(res).get("field").asText()).as(u).isEqualTo("url");
      assertThat(res.body()).as(u).doesNotContain("169.254.169.254 ").doesNotContain("Exception");
    }
    // a marker registered after them: once it is in the topic, nothing before it is from them
    String marker = created(SSRF, "http://127.0.0.1:9/marker");
    List<ConsumerRecord<String, byte[]>> recs = rawRegistrations();
    assertThat(recs).anyMatch(r -> marker.equals(r.key()));
    String all =
        String.join(
            "\n",
            recs.stream()
                .filter(r -> r.value() != null)
                .map(r -> new String(r.value(), StandardCharsets.ISO_8859_1))
                .toList());
    for (String u : hostile) {
      assertThat(all).as(u).doesNotContain(u);
    }
    assertThat(json(send("GET", "/v1/webhooks", SSRF)).get("items")).hasSize(1);
    assertThat(send("DELETE", "/v1/webhooks/" + marker, SSRF).statusCode()).isEqualTo(204);
  }

  @Test
  void bodiesAreBoundedAndMustBeJson_andASubscriberHasAtMostTheCap() throws Exception {
    String big = "{\"url\":\"http://127.0.0.1:9/x\",\"pad\":\"" + "x".repeat(17 * 1024) + "\"}";
    var tooLarge = register(CAPPED, big);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    var wrongType =
        send(
            publish,
            "POST",
            "/v1/webhooks",
            CAPPED,
            "text/plain",
            "{\"url\":\"http://127.0.0.1:9/x\"}");
    assertThat(wrongType.statusCode()).isEqualTo(415);
    assertThat(
            send(
                    publish,
                    "POST",
                    "/v1/webhooks",
                    CAPPED,
                    null,
                    "{\"url\":\"http://127.0.0.1:9/x\"}")
                .statusCode())
        .isEqualTo(415);
    StringBuilder tags = new StringBuilder("[");
    for (int i = 0; i < 51; i++) {
      tags.append(i == 0 ? "" : ",").append("\"T").append(i).append('"');
    }
    assertThat(
            register(CAPPED, "{\"url\":\"http://127.0.0.1:9/x\",\"tags\":" + tags + "]}")
                .statusCode())
        .isEqualTo(400);
    assertThat(
            register(
                    CAPPED,
                    "{\"url\":\"http://127.0.0.1:9/x\",\"tags\":[\"" + "T".repeat(65) + "\"]}")
                .statusCode())
        .isEqualTo(400);
    assertThat(json(send("GET", "/v1/webhooks", CAPPED)).get("items")).isEmpty();

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < CAP; i++) {
      ids.add(created(CAPPED, "http://127.0.0.1:9/cap-" + i));
    }
    var over = register(CAPPED, "{\"url\":\"http://127.0.0.1:9/cap-over\"}");
    assertThat(over.statusCode()).isEqualTo(409);
    assertThat(json(over).get("type").asText()).endsWith("webhook-limit-reached");
    // another subscriber is not affected; one deleted makes room
    String bobs = created(BOB, "http://127.0.0.1:9/bob");
    assertThat(send("DELETE", "/v1/webhooks/" + ids.get(0), CAPPED).statusCode()).isEqualTo(204);
    ids.set(0, created(CAPPED, "http://127.0.0.1:9/cap-again"));
    for (String id : ids) {
      assertThat(send("DELETE", "/v1/webhooks/" + id, CAPPED).statusCode()).isEqualTo(204);
    }
    assertThat(send("DELETE", "/v1/webhooks/" + bobs, BOB).statusCode()).isEqualTo(204);
  }

  /** A receiver on 127.0.0.1 recording bodies and signatures; {@code /redirect} answers 302. */
  static final class Receiver implements AutoCloseable {
    final HttpServer server;
    final HttpServer elsewhere;
    final List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());
    final List<String> signatures = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger redirected = new AtomicInteger();
    final AtomicInteger elsewhereHits = new AtomicInteger();

    Receiver() throws Exception {
      elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      elsewhere.createContext(
          "/",
          ex -> {
            elsewhereHits.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
          });
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/hook",
          ex -> {
            bodies.add(ex.getRequestBody().readAllBytes());
            signatures.add(ex.getRequestHeaders().getFirst(WebhookSignature.HEADER));
            ex.sendResponseHeaders(204, -1);
            ex.close();
          });
      server.createContext(
          "/redirect",
          ex -> {
            redirected.incrementAndGet();
            ex.getResponseHeaders().add("Location", hookUrl(elsewhere, "/"));
            ex.sendResponseHeaders(302, -1);
            ex.close();
          });
      server.start();
      elsewhere.start();
    }

    @Override
    public void close() {
      server.stop(0);
      elsewhere.stop(0);
    }
  }

  static JsonNode parked(String id, String key, int atLeast) {
    List<JsonNode> out = new ArrayList<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              JsonNode items =
                  json(send("GET", "/v1/webhooks/" + id + "/parked", key)).get("items");
              out.clear();
              out.add(items);
              return items.size() >= atLeast;
            });
    return out.get(0);
  }

  @Test
  void aLoopbackReceiverIsDeliveredToWithTheAllowList_refusedWithout_andARedirectIsNotFollowed(
      @TempDir Path state) throws Exception {
    String tag = "SEC_" + run();
    String prefix = "urn:newswire:vna:hooksec-" + run() + "-";
    try (Receiver rx = new Receiver()) {
      String secret = "delivery-secret-" + run();
      var h =
          register(
              DELIVERY,
              "{\"url\":\""
                  + hookUrl(rx.server, "/hook")
                  + "\",\"tags\":[\""
                  + tag
                  + "\"],\"secret\":\""
                  + secret
                  + "\"}");
      assertThat(h.statusCode()).as(h.body()).isEqualTo(201);
      String hookId = json(h).get("id").asText();
      String redirectId =
          json(register(
                  DELIVERY,
                  "{\"url\":\""
                      + hookUrl(rx.server, "/redirect")
                      + "\",\"tags\":[\""
                      + tag
                      + "\"]}"))
              .get("id")
              .asText();

      // An instance without the allow-list refuses the same receiver at registration...
      try (PublishService strict =
          start("it-hooksec-strict-" + UUID.randomUUID(), state, AddressPolicy.strict())) {
        var refused =
            register(strict, DELIVERY, "{\"url\":\"" + hookUrl(rx.server, "/hook") + "\"}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json(refused).get("field").asText()).isEqualTo("url");
        assertThat(refused.body()).contains("address not allowed");

        // ...and at delivery: it runs its own worker for the registration made through the other
        // instance (its own consumer group) and parks every event with "address not allowed".
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    send(strict, "GET", "/v1/webhooks/" + hookId, DELIVERY, null, null).statusCode()
                        == 200);
        TestStories.send(
            infra.kafka(), List.of(TestStories.story(prefix + "1", 1, ChangeType.NEW, tag)));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> rx.bodies.size() >= 1);
        JsonNode parkedHook = parked(hookId, DELIVERY, 1);
        List<String> errors = new ArrayList<>();
        parkedHook.forEach(p -> errors.add(p.get("lastError").asText()));
        assertThat(errors).contains("address not allowed");
      }
      // every delivery that arrived came from the instance with the allow-list, signed
      for (int i = 0; i < rx.bodies.size(); i++) {
        assertThat(WebhookSignature.verify(secret, rx.bodies.get(i), rx.signatures.get(i)))
            .isTrue();
      }

      // The redirect: each attempt is a failed one, the other server is never hit.
      JsonNode parkedRedirect = parked(redirectId, DELIVERY, 1);
      List<String> redirectErrors = new ArrayList<>();
      parkedRedirect.forEach(p -> redirectErrors.add(p.get("lastError").asText()));
      assertThat(redirectErrors).contains("HTTP 302 (redirects are not followed)");
      assertThat(rx.redirected.get()).isGreaterThanOrEqualTo(2);
      assertThat(rx.elsewhereHits).hasValue(0);
      for (String id : List.of(hookId, redirectId)) {
        assertThat(send("DELETE", "/v1/webhooks/" + id, DELIVERY).statusCode()).isEqualTo(204);
      }
    }
  }

  @Test
  void theSecretIsNotInClearInTheTopic_andARotatedSecretSignsTheNextDeliveries() throws Exception {
    String tag = "ROT_" + run();
    String prefix = "urn:newswire:vna:hookrot-" + run() + "-";
    try (Receiver rx = new Receiver()) {
      String first = "first-secret-" + UUID.randomUUID();
      var h =
          register(
              ROTOR,
              "{\"url\":\""
                  + hookUrl(rx.server, "/hook")
                  + "\",\"tags\":[\""
                  + tag
                  + "\"],\"secret\":\""
                  + first
                  + "\"}");
      assertThat(h.statusCode()).isEqualTo(201);
      String id = json(h).get("id").asText();
      assertThat(send("GET", "/v1/webhooks/" + id, ROTOR).body()).doesNotContain(first);

      // rotation: a generated secret, shown once; then the caller's own
      var rotated = send(publish, "POST", "/v1/webhooks/" + id + "/secret", ROTOR, null, null);
      assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
      String generated = json(rotated).get("secret").asText();
      assertThat(generated).hasSize(64).isNotEqualTo(first);
      assertThat(
              send(
                      publish,
                      "POST",
                      "/v1/webhooks/" + id + "/secret",
                      ROTOR,
                      "application/json",
                      "{\"secret\":\"short\"}")
                  .statusCode())
          .isEqualTo(400);
      String own = "my-own-rotated-secret-" + run();
      var mine =
          send(
              publish,
              "POST",
              "/v1/webhooks/" + id + "/secret",
              ROTOR,
              "application/json",
              "{\"secret\":\"" + own + "\"}");
      assertThat(mine.statusCode()).isEqualTo(200);
      assertThat(json(mine).get("secret").asText()).isEqualTo(own);
      assertThat(send("GET", "/v1/webhooks/" + id, ROTOR).body()).doesNotContain(own);

      // no secret, old or new, is in clear in news.webhooks.v1
      List<ConsumerRecord<String, byte[]>> recs = rawRegistrations();
      assertThat(recs).anyMatch(r -> id.equals(r.key()));
      for (ConsumerRecord<String, byte[]> r : recs) {
        if (r.value() != null) {
          String raw = new String(r.value(), StandardCharsets.ISO_8859_1);
          assertThat(raw).doesNotContain(first).doesNotContain(generated).doesNotContain(own);
        }
      }

      TestStories.send(
          infra.kafka(), List.of(TestStories.story(prefix + "1", 1, ChangeType.NEW, tag)));
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> rx.bodies.size() >= 1);
      assertThat(WebhookSignature.verify(own, rx.bodies.get(0), rx.signatures.get(0))).isTrue();
      assertThat(WebhookSignature.verify(first, rx.bodies.get(0), rx.signatures.get(0))).isFalse();
      assertThat(send("DELETE", "/v1/webhooks/" + id, ROTOR).statusCode()).isEqualTo(204);
    }
  }
}
