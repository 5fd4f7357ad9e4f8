package io.newswire.publish.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookTest {
  static final StreamPosition START = new StreamPosition(Map.of(0, 3L));

  @Test
  void aRegistrationGetsAnIdAndAGeneratedSecretWhenNoneIsGiven() {
    Webhook h =
        Webhook.register(
            "https://example.org/hook", List.of("AI", " ASEAN", "AI"), null, Instant.EPOCH, START);
    assertThat(h.id()).isNotBlank();
    assertThat(h.secret()).hasSize(64);
    assertThat(h.tags()).containsExactly("AI", "ASEAN");
    assertThat(h.withoutSecret().secret()).isNull();
    assertThat(h.wants(List.of("ASEAN", "OTHER"))).isTrue();
    assertThat(h.wants(List.of("OTHER"))).isFalse();
    assertThat(
            Webhook.register("http://127.0.0.1:1/x", List.of(), null, Instant.EPOCH, START)
                .wants(List.of()))
        .isTrue();
  }

  @Test
  void refusesWhatCannotBeDeliveredNamingTheField() {
    assertThatThrownBy(() -> Webhook.register(null, List.of(), null, Instant.EPOCH, START))
        .hasMessageStartingWith("url:");
    assertThatThrownBy(() -> Webhook.register("ftp://x/y", List.of(), null, Instant.EPOCH, START))
        .hasMessageStartingWith("url:");
    assertThatThrownBy(() -> Webhook.register("/relative", List.of(), null, Instant.EPOCH, START))
        .hasMessageStartingWith("url:");
    assertThatThrownBy(
            () -> Webhook.register("http://x/y", List.of(""), null, Instant.EPOCH, START))
        .hasMessageStartingWith("tags:");
    assertThatThrownBy(
            () -> Webhook.register("http://x/y", List.of(), "short", Instant.EPOCH, START))
        .hasMessageStartingWith("secret:");
  }
}
