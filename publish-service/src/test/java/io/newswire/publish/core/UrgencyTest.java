package io.newswire.publish.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.NewsEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** maxUrgency: one rule for the list, the stream and webhooks. */
class UrgencyTest {
  static NewsEvent event(Integer urgency) {
    NewsEvent e = CloudEventsTest.event("urn:x:" + urgency, "1", EventType.PUBLISHED, "b");
    e.setUrgency(urgency);
    return e;
  }

  @Test
  void anEventPassesWhenItsUrgencyIsKnownAndAtMostTheMaximum() {
    assertThat(Urgency.passes(1, 2)).isTrue();
    assertThat(Urgency.passes(2, 2)).isTrue();
    assertThat(Urgency.passes(3, 2)).isFalse();
    assertThat(Urgency.passes((Integer) null, 9))
        .isFalse(); // no urgency is never taken for an urgent one
    assertThat(Urgency.passes((Integer) null, null)).isTrue(); // no maxUrgency: everything
    assertThat(Urgency.passes(9, null)).isTrue();
    assertThat(Urgency.passes(event(1), 2)).isTrue();
    assertThat(Urgency.passes(event(5), 2)).isFalse();
    assertThat(Urgency.passes(event(null), 2)).isFalse();
    assertThat(Urgency.isFlash(2)).isTrue();
    assertThat(Urgency.isFlash(3)).isFalse();
    assertThat(Urgency.isFlash(null)).isFalse();
  }

  @Test
  void maxUrgencyIsAWholeNumberFrom1To9() {
    assertThat(Urgency.parseMax(null)).isNull();
    assertThat(Urgency.parseMax(" ")).isNull();
    assertThat(Urgency.parseMax("1")).isEqualTo(1);
    assertThat(Urgency.parseMax(" 9 ")).isEqualTo(9);
    assertThat(Urgency.checkMax(null)).isNull();
    assertThat(Urgency.checkMax(4)).isEqualTo(4);
    assertThatThrownBy(() -> Urgency.checkMax(0)).hasMessageStartingWith("maxUrgency:");
    assertThatThrownBy(() -> Urgency.checkMax(10)).hasMessageStartingWith("maxUrgency:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "10", "-1", "x", "2.5", "01", "1e1"})
  void anythingElseIsRefusedNamingTheParameter(String bad) {
    assertThatThrownBy(() -> Urgency.parseMax(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maxUrgency:")
        .hasMessageContaining(bad);
  }

  @Test
  void theStoryListFiltersByMaxUrgency() {
    StoryQuery flashes = StoryQuery.parse(null, null, null, null, null, "2");
    assertThat(flashes.filters().get(0).maxUrgency()).isEqualTo(2);
    assertThat(flashes.matches(event(1))).isTrue();
    assertThat(flashes.matches(event(5))).isFalse();
    assertThat(flashes.matches(event(null))).isFalse();
    StoryQuery all = StoryQuery.parse(null, null, null, null, null, null);
    assertThat(all.matches(event(null))).isTrue();
    assertThat(all.matches(event(9))).isTrue();
    assertThatThrownBy(() -> StoryQuery.parse(null, null, null, null, null, "11"))
        .hasMessageStartingWith("maxUrgency:");
  }

  @Test
  void aWebhookWithMaxUrgencyGetsOnlyEventsOfKnownUrgencyAtMostIt() {
    Webhook h =
        Webhook.register(
            "acme", "https://example.org/h", List.of("AI"), null, Instant.EPOCH, null, 2);
    assertThat(h.maxUrgency()).isEqualTo(2);
    assertThat(wants(h, List.of("AI"), 1)).isTrue();
    assertThat(wants(h, List.of("AI"), 3)).isFalse();
    assertThat(wants(h, List.of("AI"), null)).isFalse();
    assertThat(wants(h, List.of("ASEAN"), 1)).isFalse();
    assertThat(h.withSecret("another-long-secret!").maxUrgency()).isEqualTo(2);
    Webhook any =
        Webhook.register(
            "acme", "https://example.org/h", List.of(), null, Instant.EPOCH, null, null);
    assertThat(wants(any, List.of(), null)).isTrue();
    assertThatThrownBy(
            () ->
                Webhook.register(
                    "acme", "https://example.org/h", List.of(), null, Instant.EPOCH, null, 0))
        .hasMessageStartingWith("maxUrgency:");
  }

  /** Whether {@code h}'s own filter lets an event of these tags and urgency through. */
  static boolean wants(Webhook h, List<String> tags, Integer urgency) {
    return h.filter()
        .matches(
            new io.newswire.publish.core.subscriptions.EventFields(tags, "en", "vna", urgency, ""));
  }

  static boolean wants(Webhook h, List<String> tags) {
    return wants(h, tags, null);
  }
}
