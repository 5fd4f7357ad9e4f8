package io.newswire.publish.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.publish.core.StreamPosition;
import io.newswire.publish.core.Webhook;
import io.newswire.schema.v1.WebhookRegistration;
import io.newswire.testkit.AvroTestSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

  static Webhook throughTheTopic(Webhook h) {
    byte[] bytes =
        SERDE.serializer().serialize(WebhookRegistry.TOPIC, WebhookRegistry.registration(h));
    return WebhookRegistry.webhook(SERDE.deserializer().deserialize(WebhookRegistry.TOPIC, bytes));
  }

  @Test
  void aRegistrationIsReadBackAsItWasRegistered_toTheMillisecond() {
    Webhook h =
        new Webhook(
            "9b0c",
            "https://example.org/newswire",
            List.of("AI", "ASEAN"),
            "a-long-shared-secret",
            Instant.parse("2026-11-27T02:00:00.123456Z"),
            new StreamPosition(Map.of(0, 1042L, 1, 987L, 11, 0L)));
    Webhook read = throughTheTopic(h);
    assertThat(read)
        .isEqualTo(
            new Webhook(
                h.id(),
                h.url(),
                h.tags(),
                h.secret(),
                Instant.parse("2026-11-27T02:00:00.123Z"),
                h.start()));
    assertThat(read.start().encode()).isEqualTo("0-1042.1-987.11-0");
    assertThat(WebhookRegistry.registration(h).getStart()).containsOnlyKeys("0", "1", "11");
  }

  @Test
  void aRegistrationWithoutAStartOrTagsKeepsThem() {
    Webhook h =
        new Webhook(
            "9b0c",
            "https://example.org/newswire",
            List.of(),
            "a-long-shared-secret",
            Instant.parse("2026-11-27T02:00:00Z"),
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
                "https://example.org/newswire",
                List.of("AI"),
                "a-long-shared-secret",
                Instant.parse("2026-11-27T02:00:00Z"),
                null));
    assertThat(
            skip.deserialize(
                WebhookRegistry.TOPIC, SERDE.serializer().serialize(WebhookRegistry.TOPIC, r)))
        .isEqualTo(r);
  }
}
