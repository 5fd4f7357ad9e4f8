package io.newswire.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serializer that asks the registry serializer it wraps for a schema's id once per (topic,
 * schema) and then writes the Confluent wire format itself: magic byte 0, that 4-byte id, the Avro
 * binary encoding.
 *
 * <p>Why: Apicurio's serializer turns the record's schema into its JSON text on every record to
 * look its id up by content ({@code Schema.toString()}), which for our contracts cost more CPU than
 * the Avro encoding itself and showed at the top of ingest's profile. A generated class's schema
 * never changes while the process runs, so the first record of each (topic, schema) pair goes
 * through the wrapped serializer — which registers or looks up the schema exactly as before — and
 * the id it wrote is remembered. The bytes are the same as the wrapped serializer's ({@code
 * SchemaIdCacheTest}, and {@code PipelineInfraIT} against the real registry).
 *
 * <p>Thread-safe, as Kafka requires of serializers used by Streams and shared producers.
 */
final class SchemaIdCache<T extends SpecificRecord> implements Serializer<T> {
  private static final byte MAGIC = 0;

  static {
    io.newswire.schema.Contracts.trustGeneratedClasses();
  }

  private record Known(Schema schema, byte[] header, SpecificDatumWriter<Object> writer) {}

  private final Serializer<T> registry;
  private final Map<String, Known> byTopic = new ConcurrentHashMap<>();
  private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();

  SchemaIdCache(Serializer<T> registry) {
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    registry.configure(configs, isKey);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return serialize(topic, null, data);
  }

  @Override
  public byte[] serialize(String topic, Headers headers, T data) {
    if (data == null) {
      return null;
    }
    Known known = byTopic.get(topic);
    if (known == null || known.schema() != data.getSchema()) {
      byte[] bytes =
          headers == null
              ? registry.serialize(topic, data)
              : registry.serialize(topic, headers, data);
      remember(topic, data.getSchema(), bytes);
      return bytes;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(known.header());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, encoders.get());
    encoders.set(encoder);
    try {
      known.writer().write(data, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot encode a " + data.getSchema().getFullName() + " for " + topic, e);
    }
    return out.toByteArray();
  }

  private void remember(String topic, Schema schema, byte[] bytes) {
    if (bytes == null || bytes.length < 5 || bytes[0] != MAGIC) {
      return; // not the wire format we know how to reproduce: keep delegating
    }
    byte[] header = ByteBuffer.allocate(5).put(MAGIC).put(bytes, 1, 4).array();
    byTopic.put(topic, new Known(schema, header, new SpecificDatumWriter<>(schema)));
  }

  @Override
  public void close() {
    registry.close();
  }
}
