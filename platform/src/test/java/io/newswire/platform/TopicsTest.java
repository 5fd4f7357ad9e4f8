package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.schema.v1.ParkedDelivery;
import io.newswire.schema.v1.WebhookRegistration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void everyTopicThatCarriesAStoryTakesRecordsOfTheStoryLimits() {
    StoryLimits limits = new StoryLimits(2 << 20);
    List<Topics.Spec> specs = Topics.all(3, limits);
    List<String> storyTopics =
        List.of(
            Topics.RAW,
            Topics.ENRICHED,
            Topics.PUBLISHED,
            Topics.STORIES_LATEST,
            Topics.INGEST_RECEIPTS,
            Topics.DLQ,
            "news.tag.ai.v1",
            "news.tag.asean.v1",
            "news.tag.digital-transformation.v1",
            Topics.WEBHOOKS_PARKED);
    assertThat(specs).extracting(Topics.Spec::name).containsAll(storyTopics);
    for (Topics.Spec s : specs) {
      if (s.name().equals(Topics.CONTROL)
          || s.name().equals(Topics.WEBHOOKS)
          || s.name().equals(Topics.SUBSCRIPTIONS)
          || s.name().equals(Topics.INGEST_REFUSALS)) {
        assertThat(s.configs()).doesNotContainKey(Topics.MAX_MESSAGE_BYTES);
      } else {
        assertThat(s.configs())
            .as(s.name())
            .containsEntry(Topics.MAX_MESSAGE_BYTES, "9437184"); // 4 x 2 MiB + 1 MiB
      }
    }
    assertThat(Topics.enrichedGenerationSpec(2, 3, limits).configs())
        .containsEntry(Topics.MAX_MESSAGE_BYTES, "9437184")
        .containsEntry("retention.ms", "604800000");
  }

  @Test
  void theCatalogueKeepsItsOtherConfigsAndDefaultsToTheDefaultLimitsAndOneReplica() {
    Topics.Spec raw = spec(Topics.all(6), Topics.RAW);
    assertThat(raw.partitions()).isEqualTo(6);
    assertThat(raw.configs())
        .containsEntry("retention.ms", "2592000000")
        .containsEntry("min.insync.replicas", "1")
        .containsEntry(Topics.MAX_MESSAGE_BYTES, "5242880");
    assertThat(Topics.enrichedGenerationSpec(2, 6).configs())
        .containsEntry(Topics.MAX_MESSAGE_BYTES, "5242880")
        .containsEntry(Topics.MIN_INSYNC_REPLICAS, "1");
    assertThat(Topics.all(6)).isEqualTo(Topics.all(6, StoryLimits.DEFAULT, (short) 1));
  }

  @Test
  void theReplicationFactorDecidesEveryTopicsMinInsyncReplicas() {
    assertThat(Topics.minInsyncReplicas(1)).isEqualTo(1);
    assertThat(Topics.minInsyncReplicas(2)).isEqualTo(1);
    assertThat(Topics.minInsyncReplicas(3)).isEqualTo(2);
    assertThat(Topics.minInsyncReplicas(5)).isEqualTo(2);
    assertThatThrownBy(() -> Topics.minInsyncReplicas(0))
        .isInstanceOf(IllegalArgumentException.class);

    for (short rf : new short[] {1, 2, 3}) {
      String expected = Integer.toString(Topics.minInsyncReplicas(rf));
      List<Topics.Spec> specs = Topics.all(6, StoryLimits.DEFAULT, rf);
      assertThat(specs)
          .extracting(Topics.Spec::name)
          .contains(
              Topics.RAW,
              Topics.ENRICHED,
              Topics.PUBLISHED,
              Topics.DLQ,
              Topics.STORIES_LATEST,
              Topics.INGEST_RECEIPTS,
              Topics.CONTROL,
              "news.tag.ai.v1",
              Topics.WEBHOOKS,
              Topics.WEBHOOKS_PARKED,
              Topics.SUBSCRIPTIONS);
      assertThat(specs)
          .allSatisfy(
              s ->
                  assertThat(s.configs())
                      .as(s.name() + " at RF " + rf)
                      .containsEntry(Topics.MIN_INSYNC_REPLICAS, expected));
      assertThat(Topics.enrichedGenerationSpec(3, 6, StoryLimits.DEFAULT, rf).configs())
          .containsEntry(Topics.MIN_INSYNC_REPLICAS, expected);
    }
    // nothing else changes with the replication factor
    Topics.Spec one = spec(Topics.all(6, StoryLimits.DEFAULT, (short) 1), Topics.PUBLISHED);
    Topics.Spec three = spec(Topics.all(6, StoryLimits.DEFAULT, (short) 3), Topics.PUBLISHED);
    assertThat(three.partitions()).isEqualTo(one.partitions());
    assertThat(three.configs())
        .containsAllEntriesOf(
            one.configs().entrySet().stream()
                .filter(e -> !e.getKey().equals(Topics.MIN_INSYNC_REPLICAS))
                .collect(
                    java.util.stream.Collectors.toMap(
                        java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)));
  }

  @Test
  void theWebhookTopicsAreInTheCatalogueWithTheirSchemas() {
    List<Topics.Spec> specs = Topics.all(6, StoryLimits.DEFAULT, (short) 3);
    Topics.Spec registrations = spec(specs, Topics.WEBHOOKS);
    Topics.Spec parked = spec(specs, Topics.WEBHOOKS_PARKED);
    assertThat(registrations.partitions()).isEqualTo(1);
    assertThat(registrations.configs()).containsEntry("cleanup.policy", "compact");
    assertThat(parked.partitions()).isEqualTo(1);
    assertThat(parked.configs())
        .containsEntry("retention.ms", "2592000000")
        .containsEntry(Topics.MAX_MESSAGE_BYTES, "5242880");
    assertThat(registrations.valueSchema())
        .isEqualTo(io.newswire.schema.v1.WebhookRegistration.class);
    assertThat(parked.valueSchema()).isEqualTo(io.newswire.schema.v1.ParkedDelivery.class);
    assertThat(specs).allMatch(Topics.Spec::hasValueSchema);
    assertThat(Topics.webhookSpecs(StoryLimits.DEFAULT, (short) 3))
        .containsExactly(registrations, parked);
    assertThat(SchemaProvisioner.schemaOf(registrations))
        .isEqualTo(WebhookRegistration.getClassSchema());
    assertThat(SchemaProvisioner.schemaOf(parked)).isEqualTo(ParkedDelivery.getClassSchema());
  }

  @Test
  void theSavedSubscriptionsAreACompactedTopicOfTheCatalogueWithTheirSchema() {
    List<Topics.Spec> specs = Topics.all(6, StoryLimits.DEFAULT, (short) 3);
    Topics.Spec subscriptions = spec(specs, Topics.SUBSCRIPTIONS);
    assertThat(subscriptions.partitions()).isEqualTo(1);
    assertThat(subscriptions.configs())
        .containsEntry("cleanup.policy", "compact")
        .containsEntry(Topics.MIN_INSYNC_REPLICAS, "2")
        .doesNotContainKey("retention.ms");
    assertThat(Topics.subscriptionSpecs((short) 3)).containsExactly(subscriptions);
    assertThat(SchemaProvisioner.schemaOf(subscriptions))
        .isEqualTo(io.newswire.schema.v1.Subscription.getClassSchema());
  }

  private static Topics.Spec spec(List<Topics.Spec> specs, String name) {
    return specs.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
