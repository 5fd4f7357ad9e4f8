package io.newswire.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.newswire.enrich.EnrichService;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.Topics;
import io.newswire.platform.core.access.KeyRing;
import io.newswire.platform.core.net.AddressPolicy;
import io.newswire.publish.PublishService;
import io.newswire.publish.core.Backoff;
import io.newswire.publish.core.SecretKeys;
import io.newswire.publish.core.SubscriberKeys;
import io.newswire.publish.webhooks.WebhookSettings;
import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.NewsEvent;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, embargo, end to end on the real broker and registry: a story posted with {@code
 * X-Embargo-Until} a few seconds ahead is enriched at once and on news.embargoed.v1, but not on
 * news.published.v1, nor by URN, in the list, on SSE or to a webhook of a subscriber;
 * publish-service is stopped while it is held and started again after the lift, and releases it
 * promptly, once.
 */
@WithPipelineInfra
class EmbargoEndToEndIT {
  static final String VOV_KEY = "embargo-vov-key";
  static final String APP = "embargo-publish";

  /** A desk entitled to embargoed copy: scopes read and embargoed. */
  static final String DESK_KEY = "embargo-desk-key";

  static final HttpClient HTTP = HttpClient.newHttpClient();

  static PipelineInfra infra;
  static IngestService ingest;
  static EnrichService enrich;
  static PublishService publish;
  static PublishService.Config publishConfig;
  static Path stateDir;
  static HttpServer hook;
  static final List<String> delivered = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start(PipelineInfra shared, @TempDir Path state) throws Exception {
    infra = shared;
    stateDir = state;
    enrich =
        EnrichService.start(
            new EnrichService.Config(
                "127.0.0.1",
                0,
                "embargo-enrich",
                state.resolve("enrich").toString(),
                infra.kafka()));
    publishConfig =
        TestKeys.publish(
                new PublishService.Config(
                        "127.0.0.1", 0, APP, state.resolve("publish").toString(), infra.kafka())
                    .withWebhooks(
                        new WebhookSettings(
                                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 3),
                                Duration.ofSeconds(1))
                            .withAddresses(AddressPolicy.allowing("127.0.0.1"))
                            .withSecretKeys(SecretKeys.parse(SecretKeys.generateEntry("it")))))
            .withSubscriberKeys(
                SubscriberKeys.parse(
                    "reader:"
                        + KeyRing.sha256Hex(TestKeys.READER)
                        + ":read+webhooks,desk:"
                        + KeyRing.sha256Hex(DESK_KEY)
                        + ":read+embargoed"));
    publish = PublishService.start(publishConfig);
    // a subscriber's webhook, on 127.0.0.1: the story URN of every event it is delivered
    hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
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
    ingest =
        IngestService.start(
            new IngestConfig(
                "127.0.0.1",
                0,
                ApiKeys.parse("vov:" + ApiKeys.sha256Hex(VOV_KEY)),
                1 << 20,
                infra.kafka()));
    // the pipeline is warm (every stage has started) before any embargo is a few seconds ahead
    String warm = "urn:newswire:vov:embargo-warm";
    assertThat(post("embargo-warm", null).statusCode()).isEqualTo(202);
    assertThat(until(Topics.PUBLISHED, warm, Duration.ofSeconds(90))).hasSize(1);
  }

  @AfterAll
  static void stop() {
    ingest.close();
    hook.stop(0);
    if (publish != null) {
      publish.close();
    }
    enrich.close();
  }

  static HttpResponse<String> post(String storyId, String embargoUntil) throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/v1/stories"))
            .header("Authorization", "Bearer " + VOV_KEY)
            .header("Content-Type", "text/plain; charset=utf-8")
            .header("X-Story-Id", storyId)
            .header("X-Story-Version", "1")
            .header("Content-Language", "en");
    if (embargoUntil != null) {
      req.header("X-Embargo-Until", embargoUntil);
    }
    return HTTP.send(
        req.POST(
                HttpRequest.BodyPublishers.ofString(
                    "ASEAN digital ministers will announce an artificial intelligence pact in"
                        + " Hanoi.",
                    StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(
        TestKeys.asReader(URI.create("http://127.0.0.1:" + publish.port() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static List<ConsumerRecord<String, NewsEvent>> until(String topic, String urn, Duration timeout) {
    return TopicReader.<String, NewsEvent>readUntil(
            infra.bootstrapServers(),
            topic,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            recs -> recs.stream().anyMatch(r -> urn.equals(r.key())),
            timeout)
        .stream()
        .filter(r -> urn.equals(r.key()))
        .toList();
  }

  static List<ConsumerRecord<String, NewsEvent>> allOf(String topic, String urn) {
    return TopicReader.<String, NewsEvent>readToEnd(
            infra.bootstrapServers(),
            topic,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            Duration.ofSeconds(30))
        .stream()
        .filter(r -> urn.equals(r.key()))
        .toList();
  }

  /**
   * The lines of {@code GET /v1/stream} (as the read-only subscriber) from {@code lastEventId} (the
   * end of the topic when null) until one satisfies {@code stop}, at most {@code timeout}.
   */
  static List<String> sse(String lastEventId, Predicate<String> stop, Duration timeout)
      throws Exception {
    String query = lastEventId == null ? "" : "?lastEventId=" + lastEventId;
    HttpResponse<InputStream> res =
        HTTP.send(
            TestKeys.asReader(
                    URI.create("http://127.0.0.1:" + publish.port() + "/v1/stream" + query))
                .header("Accept", "text/event-stream")
                .timeout(timeout)
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(res.statusCode()).isEqualTo(200);
    List<String> lines = new ArrayList<>();
    try (var reader =
        new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
      Instant deadline = Instant.now().plus(timeout);
      String line;
      while (Instant.now().isBefore(deadline) && (line = reader.readLine()) != null) {
        lines.add(line);
        if (stop.test(line)) {
          break;
        }
      }
    }
    return lines;
  }

  @Test
  void aStoryUnderEmbargoIsHeldFromEverySubscriber_survivesAPublishRestart_andIsReleasedOnce()
      throws Exception {
    // a bad embargo is refused naming the field
    var refused = post("embargo-bad", "tomorrow noon");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(refused.body()).contains("\"field\":\"embargoUntil\"");

    var registered =
        HTTP.send(
            TestKeys.asReader(URI.create("http://127.0.0.1:" + publish.port() + "/v1/webhooks"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"url\":\"http://127.0.0.1:" + hook.getAddress().getPort() + "/hook\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);

    // the SSE position before anything
    List<String> ready = sse(null, l -> l.startsWith("id:"), Duration.ofSeconds(30));
    String before = ready.get(ready.size() - 1).substring("id:".length()).strip();

    // the held story, its embargo 20 s ahead (whole seconds, as written in the header)
    String held = "urn:newswire:vov:embargo-held";
    Instant lift = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
    var accepted = post("embargo-held", lift.toString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    // enriched at once: early access has it at once, flagged with its embargo
    var early = until(Topics.EMBARGOED, held, Duration.ofSeconds(30));
    assertThat(early).hasSize(1);
    assertThat(early.get(0).value().getEmbargoed()).isEqualTo(lift.toString());

    // a story without embargo posted after it is published while it is held
    String after = "urn:newswire:vov:embargo-after";
    assertThat(post("embargo-after", null).statusCode()).isEqualTo(202);
    assertThat(until(Topics.PUBLISHED, after, Duration.ofSeconds(30))).hasSize(1);
    Progress.awaitCaughtUp(infra.bootstrapServers(), APP, Topics.ENRICHED, Duration.ofSeconds(30));
    assertThat(Instant.now()).as("still before the lift").isBefore(lift);
    assertThat(allOf(Topics.PUBLISHED, held)).isEmpty();
    assertThat(allOf(Topics.STORIES_LATEST, held)).isEmpty();
    assertThat(allOf(Topics.tagTopic("ASEAN"), held)).isEmpty();
    assertThat(get("/v1/stories/" + held).statusCode()).isEqualTo(404);
    // early access by URN: only with the scope embargoed, and only when asked
    assertThat(get("/v1/stories/" + held + "?embargoed=include").statusCode()).isEqualTo(403);
    var earlyByUrn =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + publish.port()
                            + "/v1/stories/"
                            + held
                            + "?embargoed=include"))
                .header("Authorization", "Bearer " + DESK_KEY)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(earlyByUrn.statusCode()).as(earlyByUrn.body()).isEqualTo(200);
    assertThat(earlyByUrn.body()).contains("\"embargoed\":\"" + lift + "\"");
    assertThat(get("/v1/stories/" + held + "?embargoed=maybe").body())
        .contains("\"field\":\"embargoed\"");
    var list = get("/v1/stories?limit=500");
    assertThat(list.body()).contains(after).doesNotContain(held);
    List<String> stream = sse(before, l -> l.contains(after), Duration.ofSeconds(30));
    assertThat(stream).anyMatch(l -> l.contains(after)).noneMatch(l -> l.contains(held));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> delivered.contains(after));
    assertThat(delivered).doesNotContain(held);

    // publish stops while the story is held, and starts again after the lift
    publish.close();
    publish = null;
    assertThat(Instant.now()).as("stopped before the lift").isBefore(lift);
    // Not a wait for a condition: publish must stay down until the wall clock is past the lift.
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), lift).toMillis()) + 2_000);
    Instant restarted = Instant.now();
    publish = PublishService.start(publishConfig);

    var released = until(Topics.PUBLISHED, held, Duration.ofSeconds(60));
    Instant seen = Instant.now();
    assertThat(released).hasSize(1);
    NewsEvent event = released.get(0).value();
    assertThat(event.getEventType()).isEqualTo(EventType.PUBLISHED);
    assertThat(event.getEmbargoed()).isEqualTo(lift.toString());
    assertThat(Instant.ofEpochMilli(released.get(0).timestamp())).isAfterOrEqualTo(lift);
    assertThat(Duration.between(restarted, seen))
        .as("released promptly after the restart")
        .isLessThan(Duration.ofSeconds(30));

    var story = get("/v1/stories/" + held);
    assertThat(story.statusCode()).isEqualTo(200);
    assertThat(story.body()).contains("\"embargoed\":\"" + lift + "\"");
    assertThat(sse(before, l -> l.contains(held), Duration.ofSeconds(30)))
        .anyMatch(l -> l.contains(held));
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> delivered.contains(held));

    // released once: nothing more once publish has caught up and punctuated again
    Progress.awaitCaughtUp(infra.bootstrapServers(), APP, Topics.ENRICHED, Duration.ofSeconds(30));
    assertThat(post("embargo-sentinel", null).statusCode()).isEqualTo(202);
    until(Topics.PUBLISHED, "urn:newswire:vov:embargo-sentinel", Duration.ofSeconds(30));
    assertThat(allOf(Topics.PUBLISHED, held)).hasSize(1);
    assertThat(allOf(Topics.STORIES_LATEST, held)).hasSize(1);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> delivered.contains("urn:newswire:vov:embargo-sentinel"));
    assertThat(delivered.stream().filter(held::equals)).hasSize(1);
  }

  /**
   * A rebalance while a story is held: a second instance (same application, a state directory of
   * its own, so it has nothing of the first's local state) joins, the first leaves before the lift,
   * and the second releases the story from the embargo-held store it restored from the changelog,
   * once.
   */
  @Test
  void aHeldStoryMovesWithItsStoreToAnotherInstance_andIsReleasedThereOnce() throws Exception {
    String held = "urn:newswire:vov:embargo-moved";
    Instant lift = Instant.now().plusSeconds(25).truncatedTo(ChronoUnit.SECONDS);
    assertThat(post("embargo-moved", lift.toString()).statusCode()).isEqualTo(202);
    assertThat(until(Topics.EMBARGOED, held, Duration.ofSeconds(20))).hasSize(1);

    PublishService second =
        PublishService.start(
            publishConfig.withStateDir(
                stateDir.resolve("publish-" + java.util.UUID.randomUUID()).toString()));
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> second.app().readiness().ready());
    publish.close(); // the first leaves: every task, the held story's too, is the second's now
    publish = second;
    assertThat(Instant.now()).as("moved before the lift").isBefore(lift);
    assertThat(allOf(Topics.PUBLISHED, held)).isEmpty();

    var released = until(Topics.PUBLISHED, held, Duration.ofSeconds(90));
    assertThat(released).hasSize(1);
    assertThat(Instant.ofEpochMilli(released.get(0).timestamp())).isAfterOrEqualTo(lift);
    assertThat(released.get(0).value().getEventType()).isEqualTo(EventType.PUBLISHED);
    assertThat(get("/v1/stories/" + held).statusCode()).isEqualTo(200);

    Progress.awaitCaughtUp(infra.bootstrapServers(), APP, Topics.ENRICHED, Duration.ofSeconds(30));
    assertThat(post("embargo-moved-sentinel", null).statusCode()).isEqualTo(202);
    until(Topics.PUBLISHED, "urn:newswire:vov:embargo-moved-sentinel", Duration.ofSeconds(30));
    assertThat(allOf(Topics.PUBLISHED, held)).hasSize(1);
  }
}
