package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.schema.v1.IngestReceipt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class SchemaIdCacheTest {

  /**
   * Stands in for the registry serializer: writes the wire format with a per-topic id and records
   * each call.
   */
  static final class WireFormat implements Serializer<IngestReceipt> {
    final List<String> calls = new ArrayList<>();
    boolean wireFormat = true;

    @Override
    public byte[] serialize(String topic, IngestReceipt data) {
      calls.add(topic);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (wireFormat) {
        out.writeBytes(ByteBuffer.allocate(5).put((byte) 0).putInt(1000 + topic.length()).array());
      } else {
        out.write('{');
      }
      BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
      try {
        new SpecificDatumWriter<IngestReceipt>(IngestReceipt.getClassSchema()).write(data, e);
        e.flush();
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      return out.toByteArray();
    }
  }

  static IngestReceipt receipt(int i) {
    return IngestReceipt.newBuilder()
        .setUrn("urn:newswire:vov:" + i)
        .setVersion(i % 7 + 1)
        .setIngestId("ing-" + i)
        .setContentHash("h" + "x".repeat(i % 50))
        .setAcceptedAt(Instant.ofEpochMilli(1_700_000_000_000L + i))
        .build();
  }

  @Test
  void asksTheRegistrySerializerOncePerTopicAndThenWritesTheSameBytesItself() {
    WireFormat registry = new WireFormat();
    SchemaIdCache<IngestReceipt> cached = new SchemaIdCache<>(registry);
    for (int i = 0; i < 200; i++) {
      IngestReceipt r = receipt(i);
      assertThat(cached.serialize("news.ingest.receipts.v1", r))
          .isEqualTo(new WireFormat().serialize("news.ingest.receipts.v1", r));
    }
    assertThat(registry.calls).containsExactly("news.ingest.receipts.v1");

    byte[] other = cached.serialize("other", receipt(3));
    assertThat(registry.calls).containsExactly("news.ingest.receipts.v1", "other");
    assertThat(ByteBuffer.wrap(other, 1, 4).getInt()).isEqualTo(1000 + "other".length());
    assertThat(cached.serialize("other", receipt(4)))
        .isEqualTo(new WireFormat().serialize("other", receipt(4)));
    assertThat(registry.calls).hasSize(2);
  }

  @Test
  void nullStaysNullWithoutAskingTheRegistry() {
    WireFormat registry = new WireFormat();
    assertThat(new SchemaIdCache<>(registry).serialize("t", null)).isNull();
    assertThat(registry.calls).isEmpty();
  }

  @Test
  void keepsDelegatingWhenTheWrappedSerializerDoesNotWriteTheWireFormat() {
    WireFormat registry = new WireFormat();
    registry.wireFormat = false;
    SchemaIdCache<IngestReceipt> cached = new SchemaIdCache<>(registry);
    cached.serialize("t", receipt(1));
    cached.serialize("t", receipt(2));
    assertThat(registry.calls).hasSize(2);
  }
}
