package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.platform.core.AclPlan;
import io.newswire.platform.core.AclPlan.Grant;
import io.newswire.platform.core.AclPlan.Match;
import io.newswire.platform.core.AclPlan.Operation;
import io.newswire.platform.core.AclPlan.Resource;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class KafkaAclsTest {
  private static final Map<String, List<Grant>> PLAN =
      AclPlan.byPrincipal(
          KafkaAcls.catalogue(), AclPlan.Principals.defaults(), AclPlan.Apps.defaults());

  /** Whether {@code who} may do {@code op} on topic {@code topic} by some grant of the plan. */
  private static boolean may(String who, Operation op, String topic) {
    return PLAN.get(who).stream()
        .anyMatch(
            g ->
                g.resource() == Resource.TOPIC
                    && (g.operation() == op || g.operation() == Operation.ALL)
                    && (g.match() == Match.LITERAL
                        ? g.name().equals(topic) || g.name().equals("*")
                        : topic.startsWith(g.name())));
  }

  @Test
  void onlyIngestAndTheOperatorWriteRawStories() {
    assertThat(PLAN.keySet().stream().filter(p -> may(p, Operation.WRITE, Topics.RAW)))
        .containsExactlyInAnyOrder("ingest", "operator");
  }

  @Test
  void onlyPublishWritesTheEmbargoedTopic_andTheDownstreamConsumerCannotReadIt() {
    assertThat(PLAN.keySet().stream().filter(p -> may(p, Operation.WRITE, Topics.EMBARGOED)))
        .containsExactly("publish");
    assertThat(may("consumer", Operation.READ, Topics.EMBARGOED)).isFalse();
  }

  @Test
  void onlyIngestWritesRefusals_andPublishReadsThemWithTheReceiptsButWritesNeither() {
    assertThat(PLAN.keySet().stream().filter(p -> may(p, Operation.WRITE, Topics.INGEST_REFUSALS)))
        .containsExactly("ingest");
    assertThat(may("publish", Operation.READ, Topics.INGEST_REFUSALS)).isTrue();
    assertThat(may("publish", Operation.READ, Topics.INGEST_RECEIPTS)).isTrue();
    assertThat(may("publish", Operation.WRITE, Topics.INGEST_RECEIPTS)).isFalse();
    assertThat(may("publish", Operation.WRITE, Topics.INGEST_REFUSALS)).isFalse();
    assertThat(may("consumer", Operation.READ, Topics.INGEST_REFUSALS)).isFalse();
  }

  @Test
  void onlyTheOperatorWritesTheControlTopic() {
    assertThat(PLAN.keySet().stream().filter(p -> may(p, Operation.WRITE, Topics.CONTROL)))
        .containsExactly("operator");
  }

  @Test
  void theDownstreamConsumerReadsPublishedAndEveryTagTopicAndNothingElse() {
    List<String> readable =
        Topics.all(1).stream()
            .map(Topics.Spec::name)
            .filter(t -> may("consumer", Operation.READ, t))
            .toList();
    List<String> expected =
        new java.util.ArrayList<>(Topics.TAG_TOPIC_TAGS.stream().map(Topics::tagTopic).toList());
    expected.add(Topics.PUBLISHED);
    assertThat(readable).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(PLAN.get("consumer"))
        .noneMatch(g -> g.operation() == Operation.WRITE || g.operation() == Operation.ALL);
  }

  @Test
  void onlyPublishReadsAndWritesTheSavedSubscriptions() {
    assertThat(PLAN.keySet().stream().filter(p -> may(p, Operation.WRITE, Topics.SUBSCRIPTIONS)))
        .containsExactly("publish");
    assertThat(may("publish", Operation.READ, Topics.SUBSCRIPTIONS)).isTrue();
    assertThat(may("publish", Operation.CREATE, Topics.SUBSCRIPTIONS)).isTrue();
    assertThat(may("consumer", Operation.READ, Topics.SUBSCRIPTIONS)).isFalse();
  }

  @Test
  void eachStageWritesItsOutputsAndTheDlqButNotItsInputs() {
    assertThat(may("enrich", Operation.WRITE, Topics.ENRICHED)).isTrue();
    assertThat(may("enrich", Operation.WRITE, Topics.enrichedGeneration(2))).isTrue();
    assertThat(may("enrich", Operation.WRITE, Topics.DLQ)).isTrue();
    assertThat(may("enrich", Operation.WRITE, Topics.RAW)).isFalse();
    assertThat(may("publish", Operation.WRITE, Topics.PUBLISHED)).isTrue();
    assertThat(may("publish", Operation.WRITE, Topics.tagTopic("ASEAN"))).isTrue();
    assertThat(may("publish", Operation.WRITE, Topics.ENRICHED)).isFalse();
    assertThat(may("publish", Operation.WRITE, Topics.RAW)).isFalse();
    assertThat(may("ingest", Operation.WRITE, Topics.ENRICHED)).isFalse();
  }

  @Test
  void streamsAppsGetTheirGroupTransactionalIdsAndInternalTopicsByApplicationIdPrefix() {
    for (var app : Map.of("enrich", "newswire-enrich", "publish", "newswire-publish").entrySet()) {
      assertThat(PLAN.get(app.getKey()))
          .contains(
              new Grant(
                  app.getKey(), Resource.GROUP, Match.PREFIXED, app.getValue(), Operation.READ),
              new Grant(
                  app.getKey(),
                  Resource.TRANSACTIONAL_ID,
                  Match.PREFIXED,
                  app.getValue(),
                  Operation.WRITE),
              new Grant(
                  app.getKey(), Resource.TOPIC, Match.PREFIXED, app.getValue(), Operation.ALL));
    }
  }

  @Test
  void bindingsAreAllowAclsOfUserPrincipals() {
    List<AclBinding> bindings = KafkaAcls.bindings(KafkaAcls.defaultPlan());
    assertThat(bindings).hasSize(KafkaAcls.defaultPlan().size());
    assertThat(bindings).allMatch(b -> b.entry().principal().startsWith("User:"));
    assertThat(bindings)
        .anyMatch(
            b ->
                b.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID
                    && b.pattern().patternType() == PatternType.PREFIXED
                    && b.pattern().name().equals("ingest-")
                    && b.entry().operation() == AclOperation.WRITE
                    && b.entry().principal().equals("User:ingest"));
    assertThat(bindings).noneMatch(b -> b.pattern().name().isEmpty());
  }
}
