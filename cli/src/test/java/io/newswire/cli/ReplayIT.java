package io.newswire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.EnrichService;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.Topics;
import io.newswire.publish.PublishService;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.StoryFormat;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.Progress;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day of stories is replayed while new stories keep arriving: nothing is lost or duplicated in
 * news.stories.latest.v1, replayed events keep their ce_id, and live stories flow during the
 * replay.
 */
@WithPipelineInfra
class ReplayIT {
  static final Instant DAY = Instant.parse("2026-11-27T00:00:00Z");
  static final int DAY_STORIES = 240;

  static RawStory story(String agency, String id, int version, String body, Instant at) {
    return RawStory.newBuilder()
        .setUrn("urn:newswire:" + agency + ":" + id)
        .setAgency(agency)
        .setAgencyStoryId(id)
        .setVersion(version)
        .setReceivedAt(at)
        .setIngestId(id + "-" + version)
        .setFormat(StoryFormat.PLAIN_TEXT)
        .setContentType("text/plain")
        .setPayload(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
        .setPubStatus(PubStatus.usable)
        .setParsed(ParsedFields.newBuilder().setBody(body).build())
        .build();
  }

  @Test
  void aDayIsReplayedWhileLiveStoriesFlowAndLatestStoriesStayExact(
      PipelineInfra infra, @TempDir Path state) throws Exception {
    Map<String, Integer> expectedVersion = new HashMap<>();
    try (EnrichService enrich =
            EnrichService.start(
                new EnrichService.Config(
                    "127.0.0.1",
                    0,
                    "replay-enrich",
                    state.resolve("enrich").toString(),
                    infra.kafka()));
        PublishService publish =
            PublishService.start(
                new PublishService.Config(
                    "127.0.0.1",
                    0,
                    "replay-publish",
                    state.resolve("publish").toString(),
                    infra.kafka()));
        var producer =
            new KafkaProducer<>(
                Map.<String, Object>of(
                    "bootstrap.servers", infra.bootstrapServers(), "acks", "all"),
                new StringSerializer(),
                AvroSerdes.<RawStory>serializer(infra.kafka(), false))) {

      // a day of stories (received one every six minutes), a third of them updated once later that
      // day; they are
      // written now, so the replay window is the time it took to write them
      Instant dayWrittenFrom = Instant.now();
      for (int i = 0; i < DAY_STORIES; i++) {
        Instant at = DAY.plus(i * 6L, ChronoUnit.MINUTES);
        RawStory s = story("dayagency", "d-" + i, 1, "ASEAN ministers meet, story " + i + ".", at);
        producer.send(new ProducerRecord<>(Topics.RAW, s.getUrn(), s));
        expectedVersion.put(s.getUrn(), 1);
        if (i % 3 == 0) {
          RawStory v2 =
              story(
                  "dayagency",
                  "d-" + i,
                  2,
                  "ASEAN ministers met, story " + i + ", updated.",
                  at.plus(3, ChronoUnit.MINUTES));
          producer.send(new ProducerRecord<>(Topics.RAW, v2.getUrn(), v2));
          expectedVersion.put(v2.getUrn(), 2);
        }
      }
      producer.flush();
      Instant dayWrittenTo = Instant.now().plusMillis(1);
      awaitCaughtUp(infra);
      Map<String, String> ceIdsBefore = ceIds(infra);

      // live stories keep arriving, 50 a second, while the day is replayed
      AtomicInteger liveCount = new AtomicInteger();
      var liveWriter = Executors.newSingleThreadScheduledExecutor();
      liveWriter.scheduleAtFixedRate(
          () -> {
            int n = liveCount.getAndIncrement();
            RawStory s =
                story(
                    "liveagency",
                    "live-" + n,
                    1,
                    "Live story " + n + " on digital transformation.",
                    Instant.now());
            producer.send(new ProducerRecord<>(Topics.RAW, s.getUrn(), s));
          },
          0,
          20,
          TimeUnit.MILLISECONDS);
      Instant replayStart = Instant.now();
      Cli replay =
          Cli.run(
              infra,
              "replay",
              "--from",
              dayWrittenFrom.toString(),
              "--to",
              dayWrittenTo.toString(),
              "--agency",
              "dayagency",
              "--no-progress");
      assertThat(replay.exitCode()).as(replay.err()).isZero();
      assertThat(replay.out()).contains("replayed " + (DAY_STORIES + DAY_STORIES / 3) + " of");
      // the replay is done when what it re-injected has gone through both stages (live stories keep
      // coming)
      Progress.awaitCommittedAtLeast(
          infra.bootstrapServers(),
          "replay-enrich",
          Progress.endOffsets(infra.bootstrapServers(), Topics.RAW),
          Duration.ofSeconds(120));
      Progress.awaitCommittedAtLeast( // and through enrich's clusters hop
          infra.bootstrapServers(),
          "replay-enrich",
          Progress.repartitionEndOffsets(infra.bootstrapServers(), "replay-enrich"),
          Duration.ofSeconds(120));
      Progress.awaitCommittedAtLeast(
          infra.bootstrapServers(),
          "replay-publish",
          Progress.endOffsets(infra.bootstrapServers(), Topics.ENRICHED),
          Duration.ofSeconds(120));
      Instant replayEnd = Instant.now();
      liveWriter.shutdown();
      assertThat(liveWriter.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      producer.flush();
      for (int n = 0; n < liveCount.get(); n++) {
        expectedVersion.put("urn:newswire:liveagency:live-" + n, 1);
      }
      awaitCaughtUp(infra);

      // news.stories.latest.v1: one current record per story, none lost, none from elsewhere, none
      // rolled back
      var latest =
          TopicReader.<String, NewsEvent>readToEnd(
              infra.bootstrapServers(),
              Topics.STORIES_LATEST,
              new StringDeserializer(),
              AvroSerdes.deserializer(infra.kafka(), false),
              Duration.ofSeconds(60));
      Map<String, NewsEvent> last = new HashMap<>();
      Map<String, Integer> highest = new HashMap<>();
      for (ConsumerRecord<String, NewsEvent> r : latest) {
        if (!expectedVersion.containsKey(r.key())) {
          continue; // other tests' stories share the topic
        }
        int v = Integer.parseInt(r.value().getVersion());
        assertThat(v)
            .as("a story never goes back: " + r.key())
            .isGreaterThanOrEqualTo(highest.getOrDefault(r.key(), 0));
        highest.put(r.key(), v);
        last.put(r.key(), r.value());
      }
      assertThat(last.keySet()).containsExactlyInAnyOrderElementsOf(expectedVersion.keySet());
      expectedVersion.forEach(
          (urn, v) -> assertThat(last.get(urn).getVersion()).as(urn).isEqualTo(v.toString()));

      // replayed events are recognizable: the same (uri, version) kept its ce_id
      Map<String, String> ceIdsAfter = ceIds(infra);
      ceIdsBefore.forEach((key, id) -> assertThat(ceIdsAfter.get(key)).as(key).isEqualTo(id));

      // live stories kept flowing during the replay
      var published =
          TopicReader.<String, NewsEvent>readToEnd(
              infra.bootstrapServers(),
              Topics.PUBLISHED,
              new StringDeserializer(),
              AvroSerdes.deserializer(infra.kafka(), false),
              Duration.ofSeconds(60));
      long liveDuringReplay =
          published.stream()
              .filter(r -> r.key().startsWith("urn:newswire:liveagency:"))
              .filter(
                  r ->
                      r.timestamp() >= replayStart.toEpochMilli()
                          && r.timestamp() <= replayEnd.toEpochMilli())
              .count();
      assertThat(liveDuringReplay).as("live stories published while the replay ran").isPositive();
      assertThat(
              published.stream()
                  .filter(r -> r.key().startsWith("urn:newswire:liveagency:"))
                  .map(ConsumerRecord::key)
                  .distinct()
                  .count())
          .isEqualTo(liveCount.get());
    }
  }

  static void awaitCaughtUp(PipelineInfra infra) {
    Progress.awaitCaughtUp(
        infra.bootstrapServers(), "replay-enrich", Topics.RAW, Duration.ofSeconds(120));
    Progress.awaitCaughtUp(
        infra.bootstrapServers(), "replay-publish", Topics.ENRICHED, Duration.ofSeconds(120));
  }

  /** ce_id of every day-story event on news.published.v1, by "uri#version". */
  static Map<String, String> ceIds(PipelineInfra infra) {
    Map<String, String> ids = new HashMap<>();
    var records =
        TopicReader.<String, NewsEvent>readToEnd(
            infra.bootstrapServers(),
            Topics.PUBLISHED,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            Duration.ofSeconds(60));
    for (ConsumerRecord<String, NewsEvent> r : records) {
      if (!r.key().startsWith("urn:newswire:dayagency:")) {
        continue;
      }
      var h = r.headers().lastHeader("ce_id");
      String id = h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
      String key = r.key() + "#" + r.value().getVersion();
      ids.merge(
          key,
          String.valueOf(id),
          (a, b) -> {
            assertThat(b).as("one ce_id per (uri, version): " + key).isEqualTo(a);
            return a;
          });
    }
    return ids;
  }
}
