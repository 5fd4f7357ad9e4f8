package io.newswire.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newswire.ingest.core.refusals.Refusal;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.IngestRefusal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The refusal writer's contract with the request path: accepting never blocks or throws, refusals
 * are coalesced into records with a count, and what cannot be written is dropped and counted. The
 * broker's side is Kafka's MockProducer (the end-to-end path is in the local module's SourcesIT).
 */
class RefusalWriterTest {
  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  final List<IngestRefusal> serialized = new ArrayList<>();
  volatile RuntimeException registryDown;
  final Serializer<IngestRefusal> serializer =
      (topic, r) -> {
        if (registryDown != null) {
          throw registryDown;
        }
        serialized.add(r);
        return r.getSource().getBytes(StandardCharsets.UTF_8);
      };
  final RefusalWriter writer =
      new RefusalWriter(producer, serializer, "ingest-1", metrics, null, Duration.ofHours(1));

  static Refusal refusal(String source, String slug, long at) {
    return new Refusal(
        source,
        Refusal.Kind.AGENCY,
        "https://newswire.dev/problems/" + slug,
        400,
        "Invalid story",
        "bad " + at,
        at);
  }

  double dropped(String reason) {
    return metrics
        .get("newswire_ingest_refusal_events_dropped")
        .tag("reason", reason)
        .counter()
        .count();
  }

  @Test
  void refusalsOfASecondAreOneRecordPerSourceAndType_keyedBySource_withTheirCount() {
    writer.accept(refusal("vna", "invalid-story", 1_000));
    writer.accept(refusal("vna", "invalid-story", 1_500));
    writer.accept(refusal(Refusal.UNAUTHENTICATED, "unauthenticated", 1_200));
    writer.flush();

    assertThat(producer.history())
        .extracting(r -> r.topic() + " " + r.key())
        .containsExactly(
            Topics.INGEST_REFUSALS + " vna", Topics.INGEST_REFUSALS + " _unauthenticated");
    IngestRefusal first = serialized.get(0);
    assertThat(first.getCount()).isEqualTo(2);
    assertThat(first.getDetail()).isEqualTo("bad 1500");
    assertThat(first.getAt().toEpochMilli()).isEqualTo(1_500);
    assertThat(first.getKind()).isEqualTo("agency");
    assertThat(first.getInstance()).isEqualTo("ingest-1");
    assertThat(metrics.get("newswire_ingest_refusal_events").counter().count()).isEqualTo(2);
  }

  @Test
  void whatCannotBeWrittenIsDroppedAndCounted_neverThrown() {
    registryDown = new IllegalStateException("registry down");
    writer.accept(refusal("vna", "invalid-story", 1));
    writer.accept(refusal("vna", "invalid-story", 2));
    writer.flush();
    assertThat(producer.history()).isEmpty();
    assertThat(dropped("registry")).isEqualTo(2);

    registryDown = null;
    MockProducer<String, byte[]> failing =
        new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    RefusalWriter w =
        new RefusalWriter(failing, serializer, "ingest-1", metrics, null, Duration.ofHours(1));
    w.accept(refusal("vov", "rate-limited", 3));
    w.flush();
    failing.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker down"));
    assertThat(dropped("kafka")).isEqualTo(1);

    for (int i = 0; i < RefusalWriter.MAX_PENDING + 5; i++) {
      w.accept(refusal("agency-" + i, "invalid-story", 4));
    }
    assertThat(dropped("tally_full")).isEqualTo(5);
  }
}
