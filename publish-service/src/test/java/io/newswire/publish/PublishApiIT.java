package io.newswire.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.newswire.infra.EmbeddedKafka;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.Topics;
import io.newswire.platform.core.access.KeyRing;
import io.newswire.platform.core.net.AddressPolicy;
import io.newswire.publish.core.Backoff;
import io.newswire.publish.core.SecretKeys;
import io.newswire.publish.core.SubscriberKeys;
import io.newswire.publish.core.WebhookSignature;
import io.newswire.publish.example.NewsEventConsumerExample;
import io.newswire.publish.webhooks.WebhookSettings;
import io.newswire.schema.v1.ChangeType;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.ParkedDelivery;
import io.newswire.schema.v1.WebhookRegistration;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.Progress;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * publish-service on the real broker and registry: headers and topics, SSE resume, webhooks, the
 * example consumer.
 */
@WithPipelineInfra
class PublishApiIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A subscriber's key: every route but health requires one; webhooks need the scope too. */
  static final String KEY = "desk-key-" + UUID.randomUUID();

  static final String APPLICATION_ID = "it-publish-" + UUID.randomUUID();
  static PipelineInfra infra;
  static PublishService publish;

  @BeforeAll
  static void start(PipelineInfra shared, @TempDir Path state) {
    infra = shared;
    publish =
        PublishService.start(
            new PublishService.Config(
                    "127.0.0.1", 0, APPLICATION_ID, state.toString(), infra.kafka())
                .withWebhooks(
                    new WebhookSettings(
                            new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 3),
                            Duration.ofSeconds(1))
                        .withAddresses(AddressPolicy.allowing("127.0.0.1"))
                        .withSecretKeys(SecretKeys.parse(SecretKeys.generateEntry("it"))))
                .withSubscriberKeys(
                    SubscriberKeys.parse("desk:" + KeyRing.sha256Hex(KEY) + ":read+webhooks")));
  }

  /** A request to publish with the subscriber's key. */
  static HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + KEY);
  }

  @AfterAll
  static void stop() {
    publish.close();
  }

  static String run() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  static String url(String pathAndQuery) {
    return "http://127.0.0.1:" + publish.port() + pathAndQuery;
  }

  static List<ConsumerRecord<String, NewsEvent>> records(
      String topic, String urnPrefix, int atLeast) {
    return TopicReader.<String, NewsEvent>readUntil(
            infra.bootstrapServers(),
            topic,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            recs -> recs.stream().filter(r -> r.key().startsWith(urnPrefix)).count() >= atLeast,
            Duration.ofSeconds(60))
        .stream()
        .filter(r -> r.key().startsWith(urnPrefix))
        .toList();
  }

  static String header(ConsumerRecord<?, ?> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void eventsCarryCloudEventsHeaders_goToTheirTagTopics_andAWithdrawalTombstonesTheLatestTopic() {
    String prefix = "urn:newswire:vna:topics-" + run() + "-";
    TestStories.send(
        infra.kafka(),
        List.of(
            TestStories.story(prefix + "1", 1, ChangeType.NEW, "AI", "ASEAN"),
            TestStories.story(prefix + "1", 2, ChangeType.KILL)));

    List<ConsumerRecord<String, NewsEvent>> published = records(Topics.PUBLISHED, prefix, 2);
    assertThat(published)
        .extracting(r -> r.value().getEventType())
        .containsExactly(EventType.PUBLISHED, EventType.WITHDRAWN);
    for (ConsumerRecord<String, NewsEvent> r : published) {
      assertThat(header(r, "ce_specversion")).isEqualTo("1.0");
      assertThat(header(r, "ce_source")).isEqualTo("/newswire/publish");
      assertThat(header(r, "ce_type")).isEqualTo("io.newswire.news.published.v1");
      assertThat(header(r, "ce_time")).isNotBlank();
      assertThat(UUID.fromString(header(r, "ce_id")).version()).isEqualTo(5);
    }
    assertThat(records(Topics.tagTopic("AI"), prefix, 2)).hasSize(2);
    assertThat(records(Topics.tagTopic("ASEAN"), prefix, 2)).hasSize(2);
    List<ConsumerRecord<String, NewsEvent>> latest = records(Topics.STORIES_LATEST, prefix, 2);
    assertThat(latest.get(0).value().getVersion()).isEqualTo("1");
    assertThat(latest.get(1).value()).isNull();
  }

  /**
   * An SSE client: parses events into a queue on its own thread; {@link #close()} drops the
   * connection.
   */
  static final class SseClient implements AutoCloseable {
    record Event(String name, String id, String data) {}

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final InputStream body;

    SseClient(String url, String lastEventId) throws Exception {
      HttpRequest.Builder req = request(URI.create(url)).header("Accept", "text/event-stream");
      if (lastEventId != null) {
        req.header("Last-Event-ID", lastEventId);
      }
      HttpResponse<InputStream> res =
          HTTP.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(res.statusCode()).isEqualTo(200);
      body = res.body();
      Thread t = new Thread(this::read, "sse-test-client");
      t.setDaemon(true);
      t.start();
    }

    private void read() {
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        String name = "message";
        String id = null;
        StringBuilder data = new StringBuilder();
        for (String line; (line = r.readLine()) != null; ) {
          if (line.isEmpty()) {
            if (data.length() > 0 || id != null) {
              events.add(new Event(name, id, data.toString()));
            }
            name = "message";
            id = null;
            data.setLength(0);
          } else if (line.startsWith("event:")) {
            name = line.substring(6).trim();
          } else if (line.startsWith("id:")) {
            id = line.substring(3).trim();
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5).trim());
          }
        }
      } catch (Exception e) {
        // closed
      }
    }

    Event next() throws InterruptedException {
      Event e = events.poll(60, TimeUnit.SECONDS);
      assertThat(e).as("an SSE event within 60 s").isNotNull();
      return e;
    }

    @Override
    public void close() throws Exception {
      body.close();
    }
  }

  static String uriOf(SseClient.Event e) throws Exception {
    return ServiceHttp.JSON.readTree(e.data()).get("data").get("uri").asText();
  }

  @Test
  void aSubscriberThatReconnectsWithLastEventIdMissesNothingAndSeesNothingTwice() throws Exception {
    String r = run();
    String tag = "SSE_" + r;
    String prefix = "urn:newswire:vna:sse-" + r + "-";
    List<String> urns = IntStream.rangeClosed(1, 11).mapToObj(i -> prefix + i).toList();

    String lastId;
    List<String> firstSession = new ArrayList<>();
    try (SseClient first = new SseClient(url("/v1/stream?tags=" + tag + ",OTHER_" + r), null)) {
      SseClient.Event ready = first.next();
      assertThat(ready.name()).isEqualTo("ready");
      TestStories.send(
          infra.kafka(),
          urns.subList(0, 5).stream()
              .map(u -> TestStories.story(u, 1, ChangeType.NEW, tag))
              .toList());
      TestStories.send(
          infra.kafka(), List.of(TestStories.story(prefix + "untagged", 1, ChangeType.NEW, "AI")));
      SseClient.Event e = null;
      for (int i = 0; i < 5; i++) {
        e = first.next();
        assertThat(e.name()).isEqualTo("message");
        JsonNode ce = ServiceHttp.JSON.readTree(e.data());
        assertThat(ce.get("specversion").asText()).isEqualTo("1.0");
        assertThat(ce.get("id").asText()).isNotBlank();
        firstSession.add(uriOf(e));
      }
      lastId = e.id();
    }
    assertThat(firstSession).containsExactlyInAnyOrderElementsOf(urns.subList(0, 5));

    // While the subscriber is away, more events are published...
    TestStories.send(
        infra.kafka(),
        urns.subList(5, 10).stream()
            .map(u -> TestStories.story(u, 1, ChangeType.NEW, tag))
            .toList());
    // ... it reconnects from its last event id and one more is published. The partitions of
    // news.published.v1 are
    // independent, so the events come in no particular order: read until all six have come (each
    // next() fails after
    // 60 s without an event, so a missed one fails the test), then check none came twice.
    List<String> secondSession = new ArrayList<>();
    try (SseClient second = new SseClient(url("/v1/stream?tags=" + tag), lastId)) {
      assertThat(second.next().name()).isEqualTo("ready");
      TestStories.send(
          infra.kafka(), List.of(TestStories.story(urns.get(10), 1, ChangeType.NEW, tag)));
      while (!secondSession.containsAll(urns.subList(5, 11))) {
        secondSession.add(uriOf(second.next()));
      }
    }
    assertThat(secondSession).containsExactlyInAnyOrderElementsOf(urns.subList(5, 11));
  }

  @Test
  void aMalformedLastEventIdIsA400_andAClientThatDoesNotAcceptEventStreamsA406() throws Exception {
    var res =
        HTTP.send(
            request(URI.create(url("/v1/stream")))
                .header("Last-Event-ID", "nonsense")
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(res.body()).contains("invalid-last-event-id");
    var notSse =
        HTTP.send(
            request(URI.create(url("/v1/stream"))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(notSse.statusCode()).isEqualTo(406);
  }

  static HttpResponse<String> postJson(String path, String json) throws Exception {
    return HTTP.send(
        request(URI.create(url(path)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode getJson(String path) throws Exception {
    var res =
        HTTP.send(request(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(path).isEqualTo(200);
    return ServiceHttp.JSON.readTree(res.body());
  }

  /**
   * maxUrgency (issue 15): the list, the stream and webhooks refuse anything but 1 to 9 naming it;
   * a webhook with maxUrgency 2 gets only the events whose urgency is known and at most 2.
   */
  @Test
  void maxUrgencyIsValidatedEverywhere_andAWebhookWithItGetsOnlyKnownUrgenciesAtMostIt()
      throws Exception {
    var list =
        HTTP.send(
            request(URI.create(url("/v1/stories?maxUrgency=10"))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(list.statusCode()).isEqualTo(400);
    assertThat(ServiceHttp.JSON.readTree(list.body()).get("field").asText())
        .isEqualTo("maxUrgency");
    var stream =
        HTTP.send(
            request(URI.create(url("/v1/stream?maxUrgency=0")))
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(stream.statusCode()).isEqualTo(400);
    assertThat(ServiceHttp.JSON.readTree(stream.body()).get("field").asText())
        .isEqualTo("maxUrgency");
    for (String bad : List.of("0", "10", "\"2\"", "1.5")) {
      var refused =
          postJson("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/x\",\"maxUrgency\":" + bad + "}");
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(ServiceHttp.JSON.readTree(refused.body()).get("field").asText())
          .isEqualTo("maxUrgency");
    }

    String r = run();
    String tag = "URGENT_" + r;
    String prefix = "urn:newswire:vna:urgency-" + r + "-";
    List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        ex -> {
          delivered.add(
              ServiceHttp.JSON
                  .readTree(ex.getRequestBody().readAllBytes())
                  .get("data")
                  .get("uri")
                  .asText());
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    hook.start();
    try {
      var registered =
          postJson(
              "/v1/webhooks",
              "{\"url\":\"http://127.0.0.1:"
                  + hook.getAddress().getPort()
                  + "/hook\",\"tags\":[\""
                  + tag
                  + "\"],\"maxUrgency\":2}");
      assertThat(registered.statusCode()).isEqualTo(201);
      String id = ServiceHttp.JSON.readTree(registered.body()).get("id").asText();
      assertThat(getJson("/v1/webhooks/" + id).get("maxUrgency").asInt()).isEqualTo(2);

      List<EnrichedStory> stories = new ArrayList<>();
      for (Integer urgency : java.util.Arrays.asList(1, 2, 3, 9, null)) {
        stories.add(
            EnrichedStory.newBuilder(TestStories.story(prefix + urgency, 1, ChangeType.NEW, tag))
                .setUrgency(urgency)
                .build());
      }
      TestStories.send(infra.kafka(), stories);

      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> delivered.size() >= 2);
      // all five published, and the webhook's worker past every one of them: nothing more comes
      Map<TopicPartition, Long> pastTheFive = new HashMap<>();
      for (var rec : records(Topics.PUBLISHED, prefix, 5)) {
        pastTheFive.merge(
            new TopicPartition(rec.topic(), rec.partition()), rec.offset() + 1, Math::max);
      }
      Progress.awaitCommittedAtLeast(
          infra.kafka(), APPLICATION_ID + "-webhook-" + id, pastTheFive, Duration.ofSeconds(60));
      assertThat(delivered).containsExactlyInAnyOrder(prefix + 1, prefix + 2);
    } finally {
      hook.stop(0);
    }
  }

  static HttpResponse<String> send(String method, String path, String json) throws Exception {
    return HTTP.send(
        request(URI.create(url(path)))
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The URNs of the list's items that start with {@code prefix}. */
  static List<String> listed(String query, String prefix) throws Exception {
    List<String> out = new ArrayList<>();
    getJson("/v1/stories?limit=500&" + query)
        .get("items")
        .forEach(
            i -> {
              if (i.get("uri").asText().startsWith(prefix)) {
                out.add(i.get("uri").asText());
              }
            });
    return out;
  }

  /**
   * Issue 16: a saved subscription (tag, maxUrgency 2, a term) used by name on the list, the stream
   * and a webhook: each gets exactly the stories that pass it, through the one filter; an unknown
   * name is a 404 (400 for a webhook), never unfiltered; it is stored in news.subscriptions.v1
   * (Avro through the registry), and cannot be deleted while a webhook delivers through it.
   */
  @Test
  void aSavedSubscriptionIsUsedByNameOnTheListTheStreamAndAWebhook() throws Exception {
    String r = run();
    String tag = "SAVED_" + r;
    String name = "flashes-" + r;
    String prefix = "urn:newswire:vna:saved-" + r + "-";
    String since = java.time.Instant.now().minusSeconds(5).toString();
    var saved =
        send(
            "PUT",
            "/v1/subscriptions/" + name,
            "{\"tags\":[\""
                + tag.toLowerCase(java.util.Locale.ROOT)
                + "\"],\"maxUrgency\":2,"
                + "\"terms\":[\"Ha Noi\"]}");
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
    assertThat(ServiceHttp.JSON.readTree(saved.body()).get("owner").asText()).isEqualTo("desk");
    assertThat(getJson("/v1/subscriptions/" + name).get("terms").get(0).asText())
        .isEqualTo("Ha Noi");

    // unknown names are refused everywhere, never taken for "no filter"
    var unknownList =
        HTTP.send(
            request(URI.create(url("/v1/stories?subscription=none-" + r))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unknownList.statusCode()).isEqualTo(404);
    assertThat(unknownList.body()).contains("subscription-not-found");
    var unknownStream =
        HTTP.send(
            request(URI.create(url("/v1/stream?subscription=none-" + r)))
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unknownStream.statusCode()).isEqualTo(404);
    var unknownHook =
        postJson(
            "/v1/webhooks",
            "{\"url\":\"http://127.0.0.1:9/x\",\"subscription\":\"none-" + r + "\"}");
    assertThat(unknownHook.statusCode()).isEqualTo(400);
    assertThat(ServiceHttp.JSON.readTree(unknownHook.body()).get("field").asText())
        .isEqualTo("subscription");

    List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          delivered.add(
              ServiceHttp.JSON
                  .readTree(ex.getRequestBody().readAllBytes())
                  .get("data")
                  .get("uri")
                  .asText());
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    try (SseClient stream = new SseClient(url("/v1/stream?subscription=" + name), null)) {
      SseClient.Event ready = stream.next();
      assertThat(ready.name()).isEqualTo("ready");
      assertThat(ready.data()).contains("\"subscription\":\"" + name + "\"");
      var hook =
          postJson(
              "/v1/webhooks",
              "{\"url\":\"http://127.0.0.1:"
                  + receiver.getAddress().getPort()
                  + "/hook\",\"subscription\":\""
                  + name
                  + "\"}");
      assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);
      String hookId = ServiceHttp.JSON.readTree(hook.body()).get("id").asText();
      assertThat(ServiceHttp.JSON.readTree(hook.body()).get("subscription").asText())
          .isEqualTo(name);

      // First the stories that fail it, one criterion each; once they are published, two that pass.
      TestStories.send(
          infra.kafka(),
          List.of(
              story(prefix + "no-term", tag, 1, "Flooding in Hue"),
              story(prefix + "not-urgent", tag, 5, "Flooding in Hà Nội"),
              story(prefix + "no-urgency", tag, null, "Flooding in Hà Nội"),
              story(prefix + "other-tag", "OTHER_" + r, 1, "Flooding in Hà Nội"),
              story(prefix + "not-a-word", tag, 1, "Flooding in Hanoi")));
      records(Topics.PUBLISHED, prefix, 5);
      TestStories.send(
          infra.kafka(),
          List.of(
              story(prefix + "pass-1", tag, 1, "Flooding in HÀ NỘI"),
              story(prefix + "pass-2", tag, 2, "Ha Noi's mayor speaks")));
      List<String> passing = List.of(prefix + "pass-1", prefix + "pass-2");

      List<String> streamed = new ArrayList<>();
      while (streamed.size() < 2) {
        streamed.add(uriOf(stream.next()));
      }
      assertThat(streamed).containsExactlyInAnyOrderElementsOf(passing);

      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> listed("since=" + since, prefix).size() >= 7);
      assertThat(listed("since=" + since + "&subscription=" + name, prefix))
          .containsExactlyInAnyOrderElementsOf(passing);
      assertThat(listed("since=" + since + "&subscription=" + name + "&maxUrgency=1", prefix))
          .as("ad-hoc parameters and the subscription must both pass")
          .containsExactly(prefix + "pass-1");

      Map<TopicPartition, Long> pastAll = new HashMap<>();
      for (var rec : records(Topics.PUBLISHED, prefix, 7)) {
        pastAll.merge(
            new TopicPartition(rec.topic(), rec.partition()), rec.offset() + 1, Math::max);
      }
      Progress.awaitCommittedAtLeast(
          infra.kafka(), APPLICATION_ID + "-webhook-" + hookId, pastAll, Duration.ofSeconds(60));
      assertThat(delivered).containsExactlyInAnyOrderElementsOf(passing);

      var inUse = send("DELETE", "/v1/subscriptions/" + name, null);
      assertThat(inUse.statusCode()).isEqualTo(409);
      assertThat(inUse.body()).contains("subscription-in-use").contains(hookId);
      assertThat(send("DELETE", "/v1/webhooks/" + hookId, null).statusCode()).isEqualTo(204);
    } finally {
      receiver.stop(0);
    }
    assertThat(
            TopicReader.<String, io.newswire.schema.v1.Subscription>readUntil(
                infra.bootstrapServers(),
                Topics.SUBSCRIPTIONS,
                new StringDeserializer(),
                AvroSerdes.deserializer(infra.kafka(), false),
                recs -> recs.stream().anyMatch(rec -> ("desk/" + name).equals(rec.key())),
                Duration.ofSeconds(30)))
        .filteredOn(rec -> ("desk/" + name).equals(rec.key()))
        .extracting(rec -> rec.value().getMaxUrgency())
        .containsExactly(2);
    assertThat(send("DELETE", "/v1/subscriptions/" + name, null).statusCode()).isEqualTo(204);
    assertThat(send("GET", "/v1/subscriptions/" + name, null).statusCode()).isEqualTo(404);
  }

  static EnrichedStory story(String urn, String tag, Integer urgency, String headline) {
    return EnrichedStory.newBuilder(TestStories.story(urn, 1, ChangeType.NEW, tag))
        .setUrgency(urgency)
        .setHeadline(headline)
        .build();
  }

  @Test
  void webhooksAreSignedAndADownOrSlowSubscriberDoesNotDelayTheOthers() throws Exception {
    String r = run();
    String tag = "HOOK_" + r;
    String prefix = "urn:newswire:vna:hook-" + r + "-";
    String secret = "healthy-secret-" + r;

    List<byte[]> healthyBodies = Collections.synchronizedList(new ArrayList<>());
    List<String> healthySignatures = Collections.synchronizedList(new ArrayList<>());
    HttpServer healthy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    healthy.createContext(
        "/hook",
        ex -> {
          healthyBodies.add(ex.getRequestBody().readAllBytes());
          healthySignatures.add(ex.getRequestHeaders().getFirst(WebhookSignature.HEADER));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger slowAnswered = new AtomicInteger();
    HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    slow.createContext(
        "/hook",
        ex -> {
          try {
            release.await(60, TimeUnit.SECONDS); // hangs until the test is over
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          slowAnswered.incrementAndGet();
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    healthy.start();
    slow.start();
    int downPort = EmbeddedKafka.freePort(); // nothing listens there
    try {
      var h =
          postJson(
              "/v1/webhooks",
              "{\"url\":\"http://127.0.0.1:"
                  + healthy.getAddress().getPort()
                  + "/hook\",\"tags\":[\""
                  + tag
                  + "\"],\"secret\":\""
                  + secret
                  + "\"}");
      var s =
          postJson(
              "/v1/webhooks",
              "{\"url\":\"http://127.0.0.1:"
                  + slow.getAddress().getPort()
                  + "/hook\",\"tags\":[\""
                  + tag
                  + "\"]}");
      var d =
          postJson(
              "/v1/webhooks",
              "{\"url\":\"http://127.0.0.1:" + downPort + "/hook\",\"tags\":[\"" + tag + "\"]}");
      assertThat(List.of(h.statusCode(), s.statusCode(), d.statusCode())).containsOnly(201);
      assertThat(ServiceHttp.JSON.readTree(s.body()).get("secret").asText()).hasSize(64);
      String downId = ServiceHttp.JSON.readTree(d.body()).get("id").asText();
      assertThat(postJson("/v1/webhooks", "{\"url\":\"ftp://x\"}").statusCode()).isEqualTo(400);

      List<String> urns = IntStream.rangeClosed(1, 5).mapToObj(i -> prefix + i).toList();
      TestStories.send(
          infra.kafka(),
          urns.stream().map(u -> TestStories.story(u, 1, ChangeType.NEW, tag)).toList());
      TestStories.send(
          infra.kafka(), List.of(TestStories.story(prefix + "other", 1, ChangeType.NEW, "AI")));

      // The healthy subscriber gets all five, signed, while the slow one is still stuck on its
      // first.
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> healthyBodies.size() >= 5);
      assertThat(slowAnswered.get()).isZero();
      List<String> delivered = new ArrayList<>();
      for (int i = 0; i < healthyBodies.size(); i++) {
        assertThat(WebhookSignature.verify(secret, healthyBodies.get(i), healthySignatures.get(i)))
            .isTrue();
        delivered.add(
            ServiceHttp.JSON.readTree(healthyBodies.get(i)).get("data").get("uri").asText());
      }
      assertThat(delivered).containsExactlyInAnyOrderElementsOf(urns);

      // The down subscriber's deliveries are parked after three attempts each, and listed.
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(300))
          .until(() -> getJson("/v1/webhooks/" + downId + "/parked").get("items").size() >= 5);
      JsonNode parked = getJson("/v1/webhooks/" + downId + "/parked").get("items");
      List<String> parkedUrns = new ArrayList<>();
      parked.forEach(
          p -> {
            assertThat(p.get("attempts").asInt()).isEqualTo(3);
            assertThat(p.get("lastError").asText()).isNotBlank();
            parkedUrns.add(p.get("uri").asText());
          });
      assertThat(parkedUrns).containsExactlyInAnyOrderElementsOf(urns);

      // Both webhook topics hold Avro in the Confluent wire format, through the registry, like
      // every topic.
      assertThat(
              TopicReader.<String, WebhookRegistration>readUntil(
                  infra.bootstrapServers(),
                  Topics.WEBHOOKS,
                  new StringDeserializer(),
                  AvroSerdes.deserializer(infra.kafka(), false),
                  recs -> recs.stream().anyMatch(rec -> downId.equals(rec.key())),
                  Duration.ofSeconds(30)))
          .filteredOn(rec -> downId.equals(rec.key()))
          .extracting(rec -> rec.value().getUrl())
          .containsExactly("http://127.0.0.1:" + downPort + "/hook");
      assertThat(
              TopicReader.<String, ParkedDelivery>readUntil(
                  infra.bootstrapServers(),
                  Topics.WEBHOOKS_PARKED,
                  new StringDeserializer(),
                  AvroSerdes.deserializer(infra.kafka(), false),
                  recs -> recs.stream().filter(rec -> downId.equals(rec.key())).count() >= 5,
                  Duration.ofSeconds(30)))
          .filteredOn(rec -> downId.equals(rec.key()))
          .extracting(rec -> rec.value().getUri())
          .containsExactlyInAnyOrderElementsOf(urns);

      JsonNode listed = getJson("/v1/webhooks");
      assertThat(listed.toString()).contains(downId).doesNotContain(secret);
      var del =
          HTTP.send(
              request(URI.create(url("/v1/webhooks/" + downId))).DELETE().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(del.statusCode()).isEqualTo(204);
      assertThat(
              HTTP.send(
                      request(URI.create(url("/v1/webhooks/" + downId))).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(404);
    } finally {
      release.countDown();
      healthy.stop(0);
      slow.stop(0);
    }
  }

  @Test
  void readinessListsEveryBackgroundLoop_aWebhooksWorkerFromRegistrationToDeletion()
      throws Exception {
    var created =
        postJson(
            "/v1/webhooks",
            "{\"url\":\"http://127.0.0.1:9/hook\",\"tags\":[\"LOOPS_" + run() + "\"]}");
    assertThat(created.statusCode()).isEqualTo(201);
    String loop = "webhook-" + ServiceHttp.JSON.readTree(created.body()).get("id").asText();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode ready = getJson("/health/ready");
              assertThat(ready.get("status").asText()).isEqualTo("UP");
              List<String> running = new ArrayList<>();
              ready
                  .get("loops")
                  .forEach(
                      l -> {
                        assertThat(l.get("status").asText()).as(l.toString()).isEqualTo("RUNNING");
                        running.add(l.get("name").asText());
                      });
              assertThat(running)
                  .contains(
                      ControlWatcher.LOOP,
                      "mirror-news.webhooks.v1",
                      "mirror-news.webhooks.parked.v1",
                      "mirror-news.subscriptions.v1",
                      loop);
            });
    assertThat(
            HTTP.send(
                    request(URI.create(url("/v1/webhooks/" + loop.substring(8)))).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(204);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(getJson("/health/ready").get("loops").toString()).doesNotContain(loop));
  }

  @Test
  void theExampleConsumerReadsPublishedEventsThroughTheRegistry() {
    String urn = "urn:newswire:vna:example-" + run();
    TestStories.send(infra.kafka(), List.of(TestStories.story(urn, 1, ChangeType.NEW, "ASEAN")));
    List<NewsEvent> got = new ArrayList<>();
    NewsEventConsumerExample.consume(
        infra.bootstrapServers(),
        infra.registryUrl(),
        "it-example-" + run(),
        (event, ceId) -> {
          got.add(event);
          return event.getUri().equals(urn) && ceId != null;
        });
    assertThat(got.get(got.size() - 1).getHeadlines().get(0).getValue()).contains("example-");
  }
}
