package io.newswire.testkit;

import io.newswire.platform.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads what is on a topic, for assertions: committed (read_committed) records only, from the
 * beginning.
 */
public final class TopicReader {
  private TopicReader() {}

  /**
   * Reads every record of {@code topic} until {@code done} holds for what was read or the timeout
   * passes.
   */
  public static <K, V> List<ConsumerRecord<K, V>> readUntil(
      String bootstrap,
      String topic,
      Deserializer<K> keys,
      Deserializer<V> values,
      Predicate<List<ConsumerRecord<K, V>>> done,
      Duration timeout) {
    return readUntil(Progress.plain(bootstrap), topic, keys, values, done, timeout);
  }

  /**
   * {@link #readUntil(String, String, Deserializer, Deserializer, Predicate, Duration)} with every
   * client setting of {@code kafka} (SASL, TLS): for a secured broker, as the principal {@code
   * kafka} authenticates as. It reads by assignment, with no group.
   */
  public static <K, V> List<ConsumerRecord<K, V>> readUntil(
      KafkaSettings kafka,
      String topic,
      Deserializer<K> keys,
      Deserializer<V> values,
      Predicate<List<ConsumerRecord<K, V>>> done,
      Duration timeout) {
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(readerProps(kafka), keys, values)) {
      List<TopicPartition> parts = fromBeginning(consumer, topic);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(out) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /**
   * Every committed record on {@code topic} now: reads up to the end offsets taken when it starts.
   * A transaction that was committed a moment ago becomes readable only when its markers are
   * written, so it first waits (up to 10 s) until no transaction is open on the topic.
   */
  public static <K, V> List<ConsumerRecord<K, V>> readToEnd(
      String bootstrap,
      String topic,
      Deserializer<K> keys,
      Deserializer<V> values,
      Duration timeout) {
    return readToEnd(Progress.plain(bootstrap), topic, keys, values, timeout);
  }

  /**
   * {@link #readToEnd(String, String, Deserializer, Deserializer, Duration)} with every client
   * setting of {@code kafka}.
   */
  public static <K, V> List<ConsumerRecord<K, V>> readToEnd(
      KafkaSettings kafka,
      String topic,
      Deserializer<K> keys,
      Deserializer<V> values,
      Duration timeout) {
    awaitNoOpenTransactions(kafka, topic, Duration.ofSeconds(10));
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(readerProps(kafka), keys, values)) {
      List<TopicPartition> parts = fromBeginning(consumer, topic);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (parts.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + topic + " to its end within " + timeout);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /**
   * Waits until the last stable offset of every partition has reached its high watermark, or the
   * timeout.
   */
  static void awaitNoOpenTransactions(KafkaSettings kafka, String topic, Duration timeout) {
    try (Admin admin = Progress.admin(kafka)) {
      var specs = latest(admin, topic);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        var stable =
            admin
                .listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get();
        var high =
            admin
                .listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                .all()
                .get();
        if (specs.keySet().stream()
            .allMatch(tp -> stable.get(tp).offset() >= high.get(tp).offset())) {
          return;
        }
        Thread.onSpinWait();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("could not read the offsets of " + topic, e);
    }
  }

  /** The latest offset of every partition of {@code topic}, as {@code listOffsets} asks for it. */
  private static Map<TopicPartition, OffsetSpec> latest(Admin admin, String topic)
      throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .stream()
        .collect(
            Collectors.toMap(
                p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
  }

  private static Map<String, Object> readerProps(KafkaSettings kafka) {
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", false);
    return props;
  }

  /** Assigns every partition of {@code topic} and seeks to its beginning. */
  private static List<TopicPartition> fromBeginning(KafkaConsumer<?, ?> consumer, String topic) {
    List<TopicPartition> parts =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    return parts;
  }

  /**
   * Sum of the end offsets of a topic's partitions: it grows with every record (and transaction
   * marker) written.
   */
  public static long endOffsetTotal(String bootstrap, String topic) {
    return endOffsetTotal(Progress.plain(bootstrap), topic);
  }

  /** {@link #endOffsetTotal(String, String)} with every client setting of {@code kafka}. */
  public static long endOffsetTotal(KafkaSettings kafka, String topic) {
    try (Admin admin = Progress.admin(kafka)) {
      return admin.listOffsets(latest(admin, topic)).all().get().values().stream()
          .mapToLong(r -> r.offset())
          .sum();
    } catch (Exception e) {
      throw new IllegalStateException("could not read end offsets of " + topic, e);
    }
  }
}
