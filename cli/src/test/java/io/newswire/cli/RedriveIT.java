package io.newswire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.EnrichService;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.Topics;
import io.newswire.publish.PublishService;
import io.newswire.schema.v1.DeadLetter;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A story dead-lettered during enrichment for a cause that is then fixed is published once it is
 * redriven with {@code newswire dlq redrive}. The cause a test can switch off: a time budget per
 * story far too small for it ({@code ENRICH_TIME_BUDGET_MS}), fixed by restarting enrich with the
 * default budget.
 */
@WithPipelineInfra
class RedriveIT {

  @Test
  void aStoryDeadLetteredForAFixedCauseIsPublishedWhenRedriven(
      PipelineInfra infra, @TempDir Path state) throws Exception {
    String urn = "urn:newswire:redrive:big-1";
    String body =
        ("ASEAN digital ministers adopted a roadmap on artificial intelligence and the digital economy. "
                + "Delegates discussed data governance, cross-border payments and skills.\n\n")
            .repeat(1500); // ~250 KB
    var enrichConfig =
        new EnrichService.Config(
            "127.0.0.1", 0, "redrive-enrich", state.resolve("enrich").toString(), infra.kafka());
    try (PublishService publish =
        PublishService.start(
            new PublishService.Config(
                "127.0.0.1",
                0,
                "redrive-publish",
                state.resolve("publish").toString(),
                infra.kafka()))) {

      // 1. enrich with a budget no story of this size fits in: the story is dead-lettered with the
      // reason. The
      // application starts at the end of news.raw.v1, so that it dead-letters no other test's
      // stories.
      startAtTheEnd(infra, "redrive-enrich");
      try (EnrichService tight =
          EnrichService.start(enrichConfig.withTimeBudget(Duration.ofMillis(1)))) {
        CliIT.write(infra, CliIT.raw("redrive", "big-1", body));
        Awaitility.await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> !CliIT.lettersOf(infra, urn).isEmpty());
      }
      ConsumerRecord<String, DeadLetter> letter = CliIT.lettersOf(infra, urn).get(0);
      assertThat(letter.value().getReason()).contains("time budget of 1 ms");
      assertThat(letter.value().getPhase()).isEqualTo("PROCESSING");
      assertThat(published(infra, urn)).isEmpty();

      // 2. the cause is fixed (enrich back on its default budget, same application and state), then
      // redrive
      try (EnrichService fixed = EnrichService.start(enrichConfig)) {
        Cli redrive =
            Cli.run(
                infra,
                "dlq",
                "redrive",
                letter.partition() + ":" + letter.offset(),
                "--no-progress");
        assertThat(redrive.exitCode()).as(redrive.err()).isZero();
        assertThat(redrive.out()).contains("redrove 1 dead letter(s)");

        Awaitility.await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> !published(infra, urn).isEmpty());
        NewsEvent event = published(infra, urn).get(0);
        assertThat(event.getVersion()).isEqualTo("1");
        assertThat(event.getSubjects()).extracting(s -> s.getCode()).contains("ASEAN", "AI");
        assertThat(fixed.app().readiness().ready()).isTrue();
      }
      // published once, and not dead-lettered again
      assertThat(published(infra, urn)).hasSize(1);
      assertThat(CliIT.lettersOf(infra, urn)).hasSize(1);
    }
  }

  /** Commits the end offsets of news.raw.v1 for the group, so that the application starts there. */
  private static void startAtTheEnd(PipelineInfra infra, String group) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.bootstrapServers()))) {
      var partitions =
          admin
              .describeTopics(List.of(Topics.RAW))
              .allTopicNames()
              .get()
              .get(Topics.RAW)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(Topics.RAW, p.partition()))
              .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
      var ends = admin.listOffsets(partitions).all().get();
      admin
          .alterConsumerGroupOffsets(
              group,
              ends.entrySet().stream()
                  .collect(
                      Collectors.toMap(
                          Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset()))))
          .all()
          .get();
    }
  }

  private static List<NewsEvent> published(PipelineInfra infra, String urn) {
    return TopicReader.<String, NewsEvent>readToEnd(
            infra.bootstrapServers(),
            Topics.PUBLISHED,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            Duration.ofSeconds(20))
        .stream()
        .filter(r -> urn.equals(r.key()))
        .map(ConsumerRecord::value)
        .toList();
  }
}
