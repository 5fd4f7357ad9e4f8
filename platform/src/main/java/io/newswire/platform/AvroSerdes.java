package io.newswire.platform;

import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.newswire.schema.Contracts;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro serdes that write and read the Confluent wire format (magic byte 0, 4-byte big-endian schema
 * id, Avro binary) through Apicurio Registry, so any Confluent-compatible consumer can read our
 * topics.
 *
 * <p>Subjects follow TopicNameStrategy ({@code <topic>-value}); the id written is the registry's
 * content id, which is what the registry's Confluent-compatible API ({@code
 * /apis/ccompat/v7/schemas/ids/{id}}) serves. The writer's schema is registered when missing; the
 * subject's BACKWARD rule refuses a breaking one. Every registry request is given up after {@link
 * RegistryRequestTimeout#LIMIT}; {@link RegistryFailures} tells what a failure means.
 */
public final class AvroSerdes {
  private AvroSerdes() {}

  static {
    Contracts.trustGeneratedClasses();
    RegistryRequestTimeout
        .install(); // before the first registry client: Apicurio's sets no timeout of its own
  }

  /** Serde configuration for Apicurio's Avro serializer and deserializer. */
  public static Map<String, Object> config(KafkaSettings kafka) {
    Map<String, Object> c = new HashMap<>();
    c.put(SerdeConfig.REGISTRY_URL, kafka.registryApiV2());
    c.put(SerdeConfig.ID_HANDLER, "io.apicurio.registry.serde.Legacy4ByteIdHandler");
    c.put(SerdeConfig.USE_ID, "contentId");
    c.put(SerdeConfig.ENABLE_HEADERS, false);
    c.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
    c.put(SerdeConfig.AUTO_REGISTER_ARTIFACT_IF_EXISTS, "RETURN_OR_UPDATE");
    c.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
    // A schema looked up by content id never changes, but the resolver re-fetches it every 30 s
    // (check period) and,
    // when that fails, fails the record: a running stage would stop 30 s into a registry outage
    // with every schema it
    // needs in hand. Fault-tolerant refresh keeps using the schema it has.
    c.put(io.apicurio.registry.resolver.SchemaResolverConfig.FAULT_TOLERANT_REFRESH, true);
    return c;
  }

  /**
   * A serializer for a generated SpecificRecord type: Apicurio's, registering or looking up the
   * schema on the first record of each topic, then writing with the id it found ({@link
   * SchemaIdCache}).
   */
  public static <T extends SpecificRecord> Serializer<T> serializer(
      KafkaSettings kafka, boolean isKey) {
    Serializer<T> s = new SchemaIdCache<>(new AvroKafkaSerializer<>());
    s.configure(config(kafka), isKey);
    return s;
  }

  public static <T extends SpecificRecord> Deserializer<T> deserializer(
      KafkaSettings kafka, boolean isKey) {
    Deserializer<T> d = new AvroKafkaDeserializer<>();
    d.configure(config(kafka), isKey);
    return new WireFormatCheck<>(d);
  }

  /** A deserializer for any topic's values as GenericRecords, e.g. for tools that print them. */
  public static Deserializer<org.apache.avro.generic.GenericRecord> genericDeserializer(
      KafkaSettings kafka) {
    Map<String, Object> c = config(kafka);
    c.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, false);
    Deserializer<org.apache.avro.generic.GenericRecord> d = new AvroKafkaDeserializer<>();
    d.configure(c, false);
    return new WireFormatCheck<>(d);
  }

  /**
   * Refuses bytes that are not in the Confluent wire format with a reason an operator can act on.
   */
  private record WireFormatCheck<T>(Deserializer<T> inner) implements Deserializer<T> {
    @Override
    public T deserialize(String topic, byte[] data) {
      check(topic, data);
      return inner.deserialize(topic, data);
    }

    @Override
    public T deserialize(
        String topic, org.apache.kafka.common.header.Headers headers, byte[] data) {
      check(topic, data);
      return inner.deserialize(topic, headers, data);
    }

    private static void check(String topic, byte[] data) {
      if (data != null && (data.length < 5 || data[0] != 0)) {
        throw new SerializationException(
            "record on "
                + topic
                + " is not in the Confluent wire format ("
                + (data.length < 5
                    ? data.length + " bytes, fewer than the 5-byte header"
                    : String.format("first byte 0x%02x, expected the magic byte 0x00", data[0]))
                + ")");
      }
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
