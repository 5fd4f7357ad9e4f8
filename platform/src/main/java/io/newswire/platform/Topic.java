package io.newswire.platform;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * A topic of the catalogue with its contract: its name and the types of its keys and values. Values
 * are a generated Avro class (written in the Confluent wire format, subject {@code <name>-value})
 * or {@code String} (raw {@code byte[]} for topics outside the catalogue, e.g. a benchmark's); keys
 * are {@code String}. Serdes for a topic come from a {@link TopicSerdes}: the registry's in a
 * service, plain Avro in a topology test, so a topology takes topics and one {@link TopicSerdes},
 * never serdes one by one.
 *
 * @param name the topic's name, e.g. {@code news.raw.v1}
 * @param keyType the type of its keys
 * @param valueType the type of its values
 */
public record Topic<K, V>(String name, Class<K> keyType, Class<V> valueType) {
  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    if (!keyType.equals(String.class)) {
      throw new IllegalArgumentException("keys are strings, not " + keyType.getName());
    }
    if (!valueType.equals(String.class)
        && !valueType.equals(byte[].class)
        && !SpecificRecord.class.isAssignableFrom(valueType)) {
      throw new IllegalArgumentException(
          "values are a generated Avro class, a string or bytes, not " + valueType.getName());
    }
  }

  /**
   * A topic keyed by string whose values are records of the generated Avro class {@code valueType}.
   */
  public static <V extends SpecificRecord> Topic<String, V> avro(String name, Class<V> valueType) {
    return new Topic<>(name, String.class, valueType);
  }

  /** The same contract under another name, e.g. a reprocessing generation of the enriched topic. */
  public Topic<K, V> named(String otherName) {
    return new Topic<>(otherName, keyType, valueType);
  }

  /** Whether its values have an Avro schema, registered under {@link Topics#valueSubject}. */
  public boolean hasValueSchema() {
    return SpecificRecord.class.isAssignableFrom(valueType);
  }
}
