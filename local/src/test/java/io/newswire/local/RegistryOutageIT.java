package io.newswire.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.EnrichService;
import io.newswire.infra.EmbeddedKafka;
import io.newswire.infra.RegistryProcess;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.Topics;
import io.newswire.publish.PublishService;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.testkit.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry stops for half a minute while stories flow, on a broker and a registry of
 * this test's own (so that stopping the registry disturbs no other test), the registry keeping its
 * data in a file database as a durable deployment does.
 *
 * <p>While it is down, publish and then enrich are restarted: a running stage has the schemas it
 * needs cached and may not notice an outage at all, a restarted one has none. A second ingest
 * instance that has not written yet (no schema id cached) and a third started during the outage are
 * asked too. Then the registry comes back on the same port and data. Every answer was a 202 or a
 * 503 with Retry-After; every 202'd story is on news.published.v1 exactly once (read_committed);
 * nothing was dead-lettered; enrich and publish said why they were not ready, and are ready again.
 */
@Timeout(300)
class RegistryOutageIT {
  static final String KEY = "outage-vna-key";
  static final Duration OUTAGE = Duration.ofSeconds(30);

  final Deque<AutoCloseable> started = new ArrayDeque<>();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One answer of ingest: which instance, which story, the status (-1: no answer), Retry-After. */
  record Answer(
      String instance, String storyId, int status, String retryAfter, boolean duringOutage) {}

  final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  final AtomicBoolean outage = new AtomicBoolean();
  final AtomicInteger ids = new AtomicInteger();

  @AfterEach
  void stopAll() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        // keep stopping the rest
      }
    }
  }

  <T extends AutoCloseable> T track(T c) {
    started.push(c);
    return c;
  }

  static ConditionFactory await(Duration atMost) {
    // the stream threads' exceptions are Kafka Streams' to handle (it replaces the thread), not the
    // test's
    return Awaitility.await()
        .dontCatchUncaughtExceptions()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200));
  }

  /** Posts one new story to the ingest at {@code port} and records the answer. */
  Answer post(String instance, int port) {
    String id = "outage-" + ids.incrementAndGet();
    boolean during = outage.get();
    int status;
    String retryAfter = null;
    try {
      HttpResponse<String> res =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/stories"))
                  .timeout(Duration.ofSeconds(20))
                  .header("Authorization", "Bearer " + KEY)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"agencyStoryId\":\""
                              + id
                              + "\",\"version\":1,\"body\":"
                              + "\"HANOI (VNA) - ASEAN digital ministers adopted an AI roadmap, story "
                              + id
                              + ".\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      status = res.statusCode();
      retryAfter = res.headers().firstValue("Retry-After").orElse(null);
    } catch (Exception e) {
      status = -1; // no answer within 20 s, or no connection
    }
    Answer a = new Answer(instance, id, status, retryAfter, during || outage.get());
    answers.add(a);
    return a;
  }

  /**
   * Posts to the ingest {@code port} supplies, every {@code pause}, until {@code running} is false.
   */
  Thread poster(String instance, Supplier<Integer> port, Duration pause, AtomicBoolean running) {
    Thread t =
        new Thread(
            () -> {
              while (running.get()) {
                post(instance, port.get());
                try {
                  Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "poster-" + instance);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Stops {@code running} and starts another in its place, which has no schema cached; returns it
   * once its readiness says the registry is unreachable.
   */
  <S extends AutoCloseable> S restartUnreachable(
      S running, Supplier<S> start, Function<S, ServiceHttp.Readiness> readiness) throws Exception {
    running.close();
    started.remove(running);
    S again = track(start.get());
    ServiceHttp.Readiness down =
        await(Duration.ofSeconds(60)).until(() -> readiness.apply(again), r -> !r.ready());
    assertThat(down.detail()).contains("schema registry unreachable since");
    return again;
  }

  static Set<String> keysOn(EmbeddedKafka kafka, String topic) {
    return TopicReader.readToEnd(
            kafka.bootstrapServers(),
            topic,
            new StringDeserializer(),
            new ByteArrayDeserializer(),
            Duration.ofSeconds(60))
        .stream()
        .map(ConsumerRecord::key)
        .collect(Collectors.toSet());
  }

  @Test
  void aRegistryOutageIsNotPoison(@TempDir Path tmp) throws Exception {
    EmbeddedKafka kafka = track(EmbeddedKafka.start(EmbeddedKafka.Options.defaults()));
    RegistryProcess.Options registryOptions =
        RegistryProcess.Options.defaults()
            .withDataDir(tmp.resolve("registry"))
            .withLogFile(tmp.resolve("registry.log"));
    RegistryProcess registry = track(RegistryProcess.start(registryOptions));
    KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers(), registry.baseUrl());
    LocalPipeline.provision(settings, 3);

    EnrichService.Config enrichConfig =
        new EnrichService.Config(
                "127.0.0.1", 0, "outage-enrich", tmp.resolve("enrich").toString(), settings)
            .withAccess(TestKeys.access());
    PublishService.Config publishConfig =
        new PublishService.Config(
            "127.0.0.1", 0, "outage-publish", tmp.resolve("publish").toString(), settings);
    IngestConfig ingestConfig =
        new IngestConfig(
            "127.0.0.1", 0, ApiKeys.parse("vna:" + ApiKeys.sha256Hex(KEY)), 1 << 20, settings);
    EnrichService enrich = track(EnrichService.start(enrichConfig));
    PublishService publish = track(PublishService.start(publishConfig));
    IngestService ingest = track(IngestService.start(ingestConfig));
    // another instance, started now but not written to before the outage: its writers have no
    // schema id cached
    IngestService idle = track(IngestService.start(ingestConfig.withInstanceId("outage-idle")));

    AtomicBoolean posting = new AtomicBoolean(true);
    Thread poster = poster("ingest", ingest::port, Duration.ofMillis(40), posting);
    await(Duration.ofSeconds(60)).until(() -> keysOn(kafka, Topics.PUBLISHED).size() >= 20);

    // -- the outage
    // ------------------------------------------------------------------------------------------------
    long outageStart = System.nanoTime();
    registry.close();
    outage.set(true);
    // a third instance, started during the outage: it cannot read its idempotency memory (receipts
    // are Avro)
    CompletableFuture<IngestService> fresh =
        CompletableFuture.supplyAsync(
            () -> IngestService.start(ingestConfig.withInstanceId("outage-fresh")));

    // the running enrich still has its schemas: it goes on feeding news.enriched.v1, which the new
    // publish cannot read
    PublishService restartedPublish =
        restartUnreachable(
            publish, () -> PublishService.start(publishConfig), p -> p.app().readiness());
    EnrichService restartedEnrich =
        restartUnreachable(
            enrich, () -> EnrichService.start(enrichConfig), e -> e.app().readiness());
    // it names where it stopped: the raw topic, or the clusters step's repartition topic when
    // records written there before the restart come first
    assertThat(restartedEnrich.app().readiness().detail())
        .containsAnyOf(Topics.RAW + "-", enrichConfig.applicationId() + "-clusters-repartition-");

    Answer idleAnswer = post("idle", idle.port());
    assertThat(idleAnswer.status()).isEqualTo(503);
    assertThat(idleAnswer.retryAfter()).isNotBlank();

    IngestService freshIngest =
        track(fresh.get(OUTAGE.toSeconds() + 30, java.util.concurrent.TimeUnit.SECONDS));
    Answer freshAnswer = post("fresh", freshIngest.port());
    assertThat(freshAnswer.status()).isEqualTo(503);
    assertThat(freshAnswer.retryAfter()).isNotBlank();

    long left = OUTAGE.toMillis() - (System.nanoTime() - outageStart) / 1_000_000;
    if (left > 0) {
      Thread.sleep(left);
    }
    assertThat(restartedEnrich.app().readiness().ready())
        .as("still retrying, not skipping")
        .isFalse();

    // -- the registry is back, on the same port and data
    // -------------------------------------------------------------
    registry = track(RegistryProcess.start(registryOptions.withPort(registry.port())));
    outage.set(false);
    await(Duration.ofSeconds(90))
        .until(
            () ->
                restartedEnrich.app().readiness().ready()
                    && restartedPublish.app().readiness().ready());
    assertThat(post("idle", idle.port()).status()).isEqualTo(202);
    posting.set(false);
    poster.join();

    // -- what came out
    // -----------------------------------------------------------------------------------------------
    List<Answer> all = List.copyOf(answers);
    assertThat(all)
        .extracting(Answer::status)
        .as("only 202 or 503, never 500, never no answer")
        .containsOnly(202, 503);
    assertThat(all)
        .filteredOn(a -> a.status() == 503)
        .extracting(Answer::retryAfter)
        .doesNotContainNull();
    assertThat(all)
        .filteredOn(a -> a.duringOutage() && a.instance().equals("ingest"))
        .as("ingest with its schema " + "ids cached kept accepting")
        .extracting(Answer::status)
        .contains(202);
    Set<String> accepted =
        all.stream()
            .filter(a -> a.status() == 202)
            .map(a -> "urn:newswire:vna:" + a.storyId())
            .collect(Collectors.toSet());

    await(Duration.ofSeconds(90))
        .until(() -> keysOn(kafka, Topics.PUBLISHED).containsAll(accepted));
    List<ConsumerRecord<String, NewsEvent>> published =
        TopicReader.readToEnd(
            kafka.bootstrapServers(),
            Topics.PUBLISHED,
            new StringDeserializer(),
            AvroSerdes.<NewsEvent>deserializer(settings, false),
            Duration.ofSeconds(60));
    Map<String, Long> perStory =
        published.stream()
            .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
    assertThat(perStory.keySet()).containsAll(accepted);
    assertThat(perStory)
        .as("each story published exactly once")
        .allSatisfy((urn, n) -> assertThat(n).isEqualTo(1));
    assertThat(keysOn(kafka, Topics.DLQ)).as("nothing dead-lettered").isEmpty();

    String metrics =
        http.send(
                TestKeys.asOps(
                        URI.create("http://127.0.0.1:" + restartedEnrich.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .containsPattern(
            "newswire_registry_failures_total\\{[^}]*kind=\"unavailable\"[^}]*} [1-9]");
    assertThat(metrics).containsPattern("newswire_registry_failing\\{[^}]*} 0\\.0");
  }
}
