package io.newswire.publish.core.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionTest {
  static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");

  @Test
  void namesAreBoundedLowerCaseLettersDigitsDashesAndUnderscores() {
    assertThat(Subscription.checkName("asean-flashes_2")).isEqualTo("asean-flashes_2");
    assertThat(Subscription.checkName("x".repeat(64))).hasSize(64);
    for (String bad : List.of("", "Asean", "a b", "a/b", "é", "x".repeat(65), "a.b")) {
      assertThatThrownBy(() -> Subscription.checkName(bad)).as(bad).hasMessageStartingWith("name:");
    }
    assertThatThrownBy(() -> Subscription.checkName(null)).hasMessageStartingWith("name:");
  }

  @Test
  void isKeyedByOwnerAndName_keepsItsCreationWhenReplaced_andIsItsOwnersAndAdmins() {
    Subscription s = new Subscription("desk", "flashes", Filter.ANY, T0, T0);
    assertThat(s.key()).isEqualTo("desk/flashes");
    Subscription later = s.replacedBy(Filter.of(List.of("AI"), 2), T0.plusSeconds(60));
    assertThat(later.createdAt()).isEqualTo(T0);
    assertThat(later.updatedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(later.filter().maxUrgency()).isEqualTo(2);
    assertThat(s.visibleTo("desk", false)).isTrue();
    assertThat(s.visibleTo("other", false)).isFalse();
    assertThat(s.visibleTo("ops", true)).isTrue();
    assertThatThrownBy(() -> new Subscription("a/b", "x", Filter.ANY, T0, T0))
        .hasMessageStartingWith("owner:");
  }
}
