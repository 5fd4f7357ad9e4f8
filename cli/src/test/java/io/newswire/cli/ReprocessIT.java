package io.newswire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.EnrichService;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.Topics;
import io.newswire.publish.PublishService;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.Progress;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second generation of enrichment side by side, compared, and publish-service switched to it and
 * back.
 */
@WithPipelineInfra
class ReprocessIT {

  @Test
  void aNewGenerationRunsSideBySideIsComparedAndPublishSwitchesToItOnCommand(
      PipelineInfra infra, @TempDir Path state) throws Exception {
    try (EnrichService enrich =
            EnrichService.start(
                new EnrichService.Config(
                    "127.0.0.1",
                    0,
                    "reprocess-enrich",
                    state.resolve("enrich").toString(),
                    infra.kafka()));
        PublishService publish =
            PublishService.start(
                new PublishService.Config(
                    "127.0.0.1",
                    0,
                    "reprocess-publish",
                    state.resolve("publish").toString(),
                    infra.kafka()))) {
      CliIT.write(
          infra,
          CliIT.raw("regen", "r-1", "ASEAN digital ministers meet on artificial intelligence."),
          CliIT.raw("regen", "r-2", "Rice prices rise."));
      Progress.awaitCaughtUp(
          infra.bootstrapServers(), "reprocess-enrich", Topics.RAW, Duration.ofSeconds(90));
      Progress.awaitCaughtUp(
          infra.bootstrapServers(), "reprocess-publish", Topics.ENRICHED, Duration.ofSeconds(90));
      String ceId = ceIds(infra, "urn:newswire:regen:r-1").get(0);

      Cli dry = Cli.run(infra, "reprocess", "run", "--generation", "2", "--dry-run");
      assertThat(dry.out()).contains("would create news.enriched.v1.g2", "newswire-enrich-g2");

      Cli run =
          Cli.run(
              infra,
              "reprocess",
              "run",
              "--generation",
              "2",
              "--partitions",
              "3",
              "--no-progress",
              "--state-dir",
              state.resolve("g2").toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("generation 2 caught up");
      var g2 =
          TopicReader.<String, EnrichedStory>readToEnd(
              infra.bootstrapServers(),
              Topics.enrichedGeneration(2),
              new StringDeserializer(),
              AvroSerdes.deserializer(infra.kafka(), false),
              Duration.ofSeconds(30));
      assertThat(g2)
          .extracting(r -> r.key())
          .contains("urn:newswire:regen:r-1", "urn:newswire:regen:r-2");

      Cli compare = Cli.run(infra, "reprocess", "compare", "--generation", "2");
      assertThat(compare.exitCode()).as(compare.err()).isZero();
      assertThat(compare.out())
          .containsPattern("compared \\d+ stories: 0 with changed tags")
          .contains("AI", "ASEAN");

      assertThat(Cli.run(infra, "reprocess", "switch", "--generation", "2", "--dry-run").out())
          .contains("would set publish.input = news.enriched.v1.g2");
      Cli sw = Cli.run(infra, "reprocess", "switch", "--generation", "2");
      assertThat(sw.exitCode()).as(sw.err()).isZero();

      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(publish.app()).isNotNull();
                assertThat(publish.app().inputTopic()).isEqualTo("news.enriched.v1.g2");
                assertThat(publish.app().readiness().ready()).isTrue();
              });
      // generation 2 is published again: same (uri, version), so the same ce_id
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> ceIds(infra, "urn:newswire:regen:r-1").size() >= 2);
      assertThat(ceIds(infra, "urn:newswire:regen:r-1")).containsOnly(ceId);

      assertThat(Cli.run(infra, "reprocess", "switch", "--generation", "1").exitCode()).isZero();
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(publish.app() == null ? null : publish.app().inputTopic())
                      .isEqualTo(Topics.ENRICHED));
      assertThat(enrich.app().readiness().ready()).as("generation 1 kept running").isTrue();
    }
  }

  static List<String> ceIds(PipelineInfra infra, String urn) {
    return TopicReader.<String, NewsEvent>readToEnd(
            infra.bootstrapServers(),
            Topics.PUBLISHED,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            Duration.ofSeconds(30))
        .stream()
        .filter(r -> urn.equals(r.key()))
        .map(r -> new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8))
        .toList();
  }
}
