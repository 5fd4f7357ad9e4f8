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
            "acme",
            "https://example.org/hook",
            List.of("AI", " ASEAN", "AI"),
            null,
            Instant.EPOCH,
            START,
            null);
    assertThat(h.id()).isNotBlank();
    assertThat(h.secret()).hasSize(64);
    assertThat(h.tags()).containsExactly("AI", "ASEAN");
    assertThat(h.withoutSecret().secret()).isNull();
    assertThat(wants(h, List.of("ASEAN", "OTHER"))).isTrue();
    assertThat(wants(h, List.of("OTHER"))).isFalse();
    assertThat(
            wants(
                Webhook.register(
                    "acme", "http://127.0.0.1:1/x", List.of(), null, Instant.EPOCH, START, null),
                List.of()))
        .isTrue();
    assertThat(wants(h, List.of("asean"))).as("tags match without regard to case").isTrue();
  }

  @Test
  void refusesWhatCannotBeDeliveredNamingTheField() {
    assertThatThrownBy(
            () -> Webhook.register("acme", null, List.of(), null, Instant.EPOCH, START, null))
        .hasMessageStartingWith("url:");
    assertThatThrownBy(
            () ->
                Webhook.register("acme", "ftp://x/y", List.of(), null, Instant.EPOCH, START, null))
        .hasMessageStartingWith("url:");
    assertThatThrownBy(
            () ->
                Webhook.register("acme", "/relative", List.of(), null, Instant.EPOCH, START, null))
        .hasMessageStartingWith("url:");
    assertThatThrownBy(
            () ->
                Webhook.register(
                    "acme", "http://x/y", List.of(""), null, Instant.EPOCH, START, null))
        .hasMessageStartingWith("tags:");
    assertThatThrownBy(
            () ->
                Webhook.register(
                    "acme", "http://x/y", List.of(), "short", Instant.EPOCH, START, null))
        .hasMessageStartingWith("secret:");
  }

  @Test
  void boundsUrlsTagsAndSecrets_andRefusesUserInfo() {
    assertThatThrownBy(
            () ->
                Webhook.register(
                    "acme",
                    "https://example.org/" + "a".repeat(Webhook.MAX_URL),
                    List.of(),
                    null,
                    Instant.EPOCH,
                    START,
                    null))
        .hasMessageStartingWith("url: at most");
    assertThatThrownBy(
            () ->
                Webhook.register(
                    "acme", "http://evil@127.0.0.1/", List.of(), null, Instant.EPOCH, START, null))
        .hasMessageStartingWith("url: must not contain user info");
    assertThatThrownBy(
            () ->
                Webhook.register(
                    "acme", "http://0x7f.1/hook", List.of(), null, Instant.EPOCH, START, null))
        .hasMessageStartingWith("url:");
    List<String> many = java.util.stream.IntStream.range(0, 51).mapToObj(i -> "T" + i).toList();
    assertThatThrownBy(
            () ->
                Webhook.register("acme", "https://x.org/", many, null, Instant.EPOCH, START, null))
        .hasMessageStartingWith("tags: at most 50");
    assertThatThrownBy(
            () ->
                Webhook.register(
                    "acme",
                    "https://x.org/",
                    List.of("T".repeat(65)),
                    null,
                    Instant.EPOCH,
                    START,
                    null))
        .hasMessageStartingWith("tags:");
    assertThatThrownBy(
            () ->
                Webhook.register(
                    "acme",
                    "https://x.org/",
                    List.of(),
                    "s".repeat(257),
                    Instant.EPOCH,
                    START,
                    null))
        .hasMessageStartingWith("secret:");
    Webhook ok =
        Webhook.register(
            "acme", "https://x.org/", List.of(), "s".repeat(256), Instant.EPOCH, START, null);
    assertThat(ok.owner()).isEqualTo("acme");
    assertThat(ok.withSecret("another-secret-16").secret()).isEqualTo("another-secret-16");
  }

  @Test
  void onlyItsOwnerOrAnAdminSeesAWebhook_aLegacyOneWithoutOwnerOnlyAnAdmin() {
    Webhook h =
        Webhook.register("acme", "https://x.org/", List.of(), null, Instant.EPOCH, START, null);
    assertThat(h.visibleTo("acme", false)).isTrue();
    assertThat(h.visibleTo("other", false)).isFalse();
    assertThat(h.visibleTo("ops", true)).isTrue();
    Webhook legacy =
        new Webhook("1", "", "https://x.org/", List.of(), "s", Instant.EPOCH, null, null);
    assertThat(legacy.visibleTo("", false)).isFalse();
    assertThat(legacy.visibleTo("acme", false)).isFalse();
    assertThat(legacy.visibleTo("ops", true)).isTrue();
    assertThat(
            new Webhook("1", null, "https://x.org/", List.of(), "s", Instant.EPOCH, null, null)
                .owner())
        .isEmpty();
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
