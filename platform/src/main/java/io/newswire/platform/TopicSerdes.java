package io.newswire.platform;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Makes the serdes of a {@link Topic} from its key and value types: {@link #registry} for services
 * (Confluent wire format through the schema registry, {@link AvroSerdes}); tests give their own
 * Avro serde for registry-free topology tests. String keys and values, and raw bytes, use Kafka's
 * own serdes.
 */
public interface TopicSerdes {
  /**
   * The serde of generated Avro records of {@code type} (the one thing an implementation decides).
   */
  <T extends SpecificRecord> Serde<T> avro(Class<T> type, boolean isKey);

  /** Serdes through the schema registry {@code kafka} names. */
  static TopicSerdes registry(KafkaSettings kafka) {
    return new TopicSerdes() {
      @Override
      public <T extends SpecificRecord> Serde<T> avro(Class<T> type, boolean isKey) {
        Serializer<T> s = AvroSerdes.serializer(kafka, isKey);
        Deserializer<T> d = AvroSerdes.deserializer(kafka, isKey);
        return Serdes.serdeFrom(s, d);
      }
    };
  }

  default <K, V> Serde<K> key(Topic<K, V> topic) {
    return serde(topic.keyType(), true);
  }

  default <K, V> Serde<V> value(Topic<K, V> topic) {
    return serde(topic.valueType(), false);
  }

  /** For {@code builder.stream(topic.name(), consumed(topic))}. */
  default <K, V> Consumed<K, V> consumed(Topic<K, V> topic) {
    return Consumed.with(key(topic), value(topic));
  }

  /** For {@code stream.to(topic.name(), produced(topic))}. */
  default <K, V> Produced<K, V> produced(Topic<K, V> topic) {
    return Produced.with(key(topic), value(topic));
  }

  /** A deserializer of the topic's values, for plain consumers. */
  default <K, V> Deserializer<V> valueDeserializer(Topic<K, V> topic) {
    return value(topic).deserializer();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private <T> Serde<T> serde(Class<T> type, boolean isKey) {
    if (type.equals(String.class)) {
      return (Serde<T>) Serdes.String();
    }
    if (type.equals(byte[].class)) {
      return (Serde<T>) Serdes.ByteArray();
    }
    return (Serde<T>) avro((Class) type.asSubclass(SpecificRecord.class), isKey);
  }
}
