package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void everyTopicThatCarriesAStoryTakesRecordsOfTheStoryLimits() {
    StoryLimits limits = new StoryLimits(2 << 20);
    List<Topics.Spec> specs = Topics.all(3, limits);
    List<String> storyTopics = List.of(Topics.RAW, Topics.ENRICHED, Topics.PUBLISHED, Topics.STORIES_LATEST,
        Topics.INGEST_RECEIPTS, Topics.DLQ, "news.tag.ai.v1", "news.tag.asean.v1",
        "news.tag.digital-transformation.v1");
    assertThat(specs).extracting(Topics.Spec::name).containsAll(storyTopics);
    for (Topics.Spec s : specs) {
      if (s.name().equals(Topics.CONTROL)) {
        assertThat(s.configs()).doesNotContainKey(Topics.MAX_MESSAGE_BYTES);
      } else {
        assertThat(s.configs()).as(s.name()).containsEntry(Topics.MAX_MESSAGE_BYTES, "9437184"); // 4 x 2 MiB + 1 MiB
      }
    }
    assertThat(Topics.enrichedGenerationSpec(2, 3, limits).configs())
        .containsEntry(Topics.MAX_MESSAGE_BYTES, "9437184").containsEntry("retention.ms", "604800000");
  }

  @Test
  void theCatalogueKeepsItsOtherConfigsAndDefaultsToTheDefaultLimits() {
    Topics.Spec raw = Topics.all(6).stream().filter(s -> s.name().equals(Topics.RAW)).findFirst().orElseThrow();
    assertThat(raw.partitions()).isEqualTo(6);
    assertThat(raw.configs()).containsEntry("retention.ms", "2592000000").containsEntry("min.insync.replicas", "1")
        .containsEntry(Topics.MAX_MESSAGE_BYTES, "5242880");
    assertThat(Topics.enrichedGenerationSpec(2, 6).configs()).containsEntry(Topics.MAX_MESSAGE_BYTES, "5242880");
  }
}
