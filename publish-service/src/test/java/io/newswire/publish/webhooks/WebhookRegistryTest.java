package io.newswire.publish.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.publish.core.SecretKeys;
import io.newswire.publish.core.StreamPosition;
import io.newswire.publish.core.Webhook;
import io.newswire.schema.v1.WebhookRegistration;
import io.newswire.testkit.AvroTestSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * How registrations are stored in news.webhooks.v1 (Avro binary here; the registry's wire format in
 * PublishApiIT).
 */
class WebhookRegistryTest {
  static final Serde<WebhookRegistration> SERDE = AvroTestSerdes.of(WebhookRegistration.class);

  static final SecretKeys KEYS =
      SecretKeys.parse("k1:" + Base64.getEncoder().encodeToString(new byte[32]));

  static byte[] bytes(Webhook h) {
    return SERDE
        .serializer()
        .serialize(WebhookRegistry.TOPIC, WebhookRegistry.registration(h, KEYS));
  }

  static Webhook throughTheTopic(Webhook h) {
    return read(bytes(h), KEYS);
  }

  static Webhook read(byte[] bytes, SecretKeys keys) {
    return WebhookRegistry.webhook(
        SERDE.deserializer().deserialize(WebhookRegistry.TOPIC, bytes), keys);
  }

  @Test
  void maxUrgencyIsStoredAndReadBack_andARegistrationWithoutItHasNone() {
    Webhook h =
        new Webhook(
            "9b0d",
            "acme",
            "https://example.org/newswire",
            List.of(),
            "a-long-shared-secret",
            Instant.parse("2026-11-27T02:00:00Z"),
            null,
            2);
    assertThat(WebhookRegistry.registration(h, KEYS).getMaxUrgency()).isEqualTo(2);
    assertThat(throughTheTopic(h).maxUrgency()).isEqualTo(2);
    assertThat(wants(throughTheTopic(h.withStart(null)), List.of(), 3)).isFalse();
    Webhook none =
        new Webhook(
            "9b0e",
            "acme",
            "https://example.org/n",
            List.of(),
            "a-long-shared-secret",
            Instant.parse("2026-11-27T02:00:00Z"),
            null,
            null);
    assertThat(throughTheTopic(none).maxUrgency()).isNull();
    assertThat(throughTheTopic(none).subscription()).isNull();
  }

  @Test
  void aSavedSubscriptionsNameIsStoredAndReadBack() {
    Webhook h =
        new Webhook(
            "9b0f",
            "acme",
            "https://example.org/n",
            List.of("AI"),
            "a-long-shared-secret",
            Instant.parse("2026-11-27T02:00:00Z"),
            null,
            null,
            "asean-flashes");
    assertThat(WebhookRegistry.registration(h, KEYS).getSubscription()).isEqualTo("asean-flashes");
    assertThat(throughTheTopic(h).subscription()).isEqualTo("asean-flashes");
    assertThat(throughTheTopic(h.withSecret("another-long-secret")).subscription())
        .isEqualTo("asean-flashes");
  }

  @Test
  void aRegistrationIsReadBackAsItWasRegistered_toTheMillisecond() {
    Webhook h =
        new Webhook(
            "9b0c",
            "acme",
            "https://example.org/newswire",
            List.of("AI", "ASEAN"),
            "a-long-shared-secret",
            Instant.parse("2026-11-27T02:00:00.123456Z"),
            new StreamPosition(Map.of(0, 1042L, 1, 987L, 11, 0L)),
            null);
    Webhook read = throughTheTopic(h);
    assertThat(read)
        .isEqualTo(
            new Webhook(
                h.id(),
                h.owner(),
                h.url(),
                h.tags(),
                h.secret(),
                Instant.parse("2026-11-27T02:00:00.123Z"),
                h.start(),
                null));
    assertThat(read.start().encode()).isEqualTo("0-1042.1-987.11-0");
    assertThat(WebhookRegistry.registration(h, KEYS).getStart()).containsOnlyKeys("0", "1", "11");
  }

  @Test
  void aRegistrationWithoutAStartOrTagsKeepsThem() {
    Webhook h =
        new Webhook(
            "9b0c",
            "acme",
            "https://example.org/newswire",
            List.of(),
            "a-long-shared-secret",
            Instant.parse("2026-11-27T02:00:00Z"),
            null,
            null);
    assertThat(throughTheTopic(h)).isEqualTo(h);
  }

  @Test
  void aRecordWrittenAsJsonBeforeTheTopicHadASchemaIsReadAsNull_everyOtherGoesToAvro() {
    var skip = new WebhookRegistry.SkipJson<>(SERDE.deserializer());
    byte[] json =
        "{\"id\":\"9b0c\",\"url\":\"https://example.org/newswire\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(skip.deserialize(WebhookRegistry.TOPIC, json)).isNull();
    assertThat(skip.deserialize(WebhookRegistry.TOPIC, null)).isNull();
    WebhookRegistration r =
        WebhookRegistry.registration(
            new Webhook(
                "9b0c",
                "acme",
                "https://example.org/newswire",
                List.of("AI"),
                "a-long-shared-secret",
                Instant.parse("2026-11-27T02:00:00Z"),
                null,
                null),
            KEYS);
    assertThat(
            skip.deserialize(
                WebhookRegistry.TOPIC, SERDE.serializer().serialize(WebhookRegistry.TOPIC, r)))
        .isEqualTo(r);
  }

  static final Webhook HOOK =
      new Webhook(
          "9b0c",
          "acme",
          "https://example.org/newswire",
          List.of("AI"),
          "a-long-shared-secret",
          Instant.parse("2026-11-27T02:00:00Z"),
          null,
          null);

  @Test
  void theSecretIsSealed_notInTheRecordsBytes_andOwnerAndKeyIdAreStored() {
    WebhookRegistration r = WebhookRegistry.registration(HOOK, KEYS);
    assertThat(r.getSecret()).isEmpty();
    assertThat(r.getSecretKeyId()).isEqualTo("k1");
    assertThat(r.getOwner()).isEqualTo("acme");
    assertThat(new String(bytes(HOOK), StandardCharsets.ISO_8859_1))
        .doesNotContain("a-long-shared-secret");
    assertThat(throughTheTopic(HOOK).secret()).isEqualTo("a-long-shared-secret");
  }

  @Test
  void aSecretThatDoesNotOpenIsReadAsNull_aRecordMovedToAnotherIdToo() {
    SecretKeys other = SecretKeys.parse("k1:" + Base64.getEncoder().encodeToString(new byte[16]));
    assertThat(read(bytes(HOOK), other).secret()).isNull();
    assertThat(read(bytes(HOOK), SecretKeys.none()).secret()).isNull();
    WebhookRegistration moved = WebhookRegistry.registration(HOOK, KEYS);
    moved.setId("another-id");
    assertThat(WebhookRegistry.webhook(moved, KEYS).secret()).isNull();
  }

  @Test
  void aRegistrationWrittenBeforeOwnersAndSealing_isReadWithItsSecretInClearAndNoOwner() {
    WebhookRegistration legacy =
        WebhookRegistration.newBuilder()
            .setId("old")
            .setUrl("https://example.org/newswire")
            .setTags(List.of())
            .setSecret("a-legacy-plain-secret")
            .setCreatedAt(Instant.parse("2026-01-01T00:00:00Z"))
            .setStart(null)
            .build();
    Webhook h = WebhookRegistry.webhook(legacy, KEYS);
    assertThat(h.secret()).isEqualTo("a-legacy-plain-secret");
    assertThat(h.owner()).isEmpty();
    assertThat(legacy.getSealedSecret()).isNull();
    // sealed again, the secret leaves the record
    WebhookRegistration resealed = WebhookRegistry.registration(h, KEYS);
    assertThat(resealed.getSecret()).isEmpty();
    assertThat(resealed.getSealedSecret()).isNotNull().isNotEqualTo(ByteBuffer.allocate(0));
    assertThat(WebhookRegistry.webhook(resealed, KEYS).secret()).isEqualTo("a-legacy-plain-secret");
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
