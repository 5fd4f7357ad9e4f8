package io.newswire.publish.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.publish.core.subscriptions.Filter;
import io.newswire.publish.core.subscriptions.Subscription;
import io.newswire.testkit.AvroTestSerdes;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** How saved subscriptions are stored in news.subscriptions.v1 (Avro binary here). */
class SubscriptionRecordsTest {
  static final Serde<io.newswire.schema.v1.Subscription> SERDE =
      AvroTestSerdes.of(io.newswire.schema.v1.Subscription.class);

  static Subscription throughTheTopic(Subscription s) {
    byte[] bytes =
        SERDE.serializer().serialize(SubscriptionRegistry.TOPIC, SubscriptionRecords.record(s));
    return SubscriptionRecords.subscription(
        SERDE.deserializer().deserialize(SubscriptionRegistry.TOPIC, bytes));
  }

  @Test
  void aSubscriptionIsReadBackAsItWasSaved() {
    Subscription s =
        new Subscription(
            "desk",
            "asean-flashes",
            new Filter(List.of("ASEAN"), List.of("vi", "en"), List.of("vna"), 2, List.of("Hà Nội")),
            Instant.parse("2026-11-27T02:00:00.123Z"),
            Instant.parse("2026-11-27T03:00:00.456Z"));
    assertThat(throughTheTopic(s)).isEqualTo(s);
    Subscription any = new Subscription("desk", "all", Filter.ANY, s.createdAt(), s.createdAt());
    assertThat(throughTheTopic(any)).isEqualTo(any);
  }

  @Test
  void aRecordThatIsNotValidIsRefused() {
    var r =
        SubscriptionRecords.record(
            new Subscription("desk", "x", Filter.ANY, Instant.EPOCH, Instant.EPOCH));
    r.setMaxUrgency(12);
    assertThatThrownBy(() -> SubscriptionRecords.subscription(r))
        .isInstanceOf(IllegalArgumentException.class);
    r.setMaxUrgency(null);
    r.setName("Not A Name");
    assertThatThrownBy(() -> SubscriptionRecords.subscription(r))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
