package io.newswire.publish.console;

import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * A story's records on a topic keyed by story URN, found by reading the one partition its key goes
 * to (Kafka's default partitioner, which every stage writes with) backwards from the end, in
 * chunks, up to a bound: {@link #MAX_SCANNED} records per look-up, so a look-up costs the same on a
 * topic of any size. Older records are not found, and the answer says so ({@link
 * Found#complete()}).
 */
public final class StoryRecords {
  /** Records read at most per look-up, on one partition. */
  public static final int MAX_SCANNED = 20_000;

  private static final int CHUNK = 1_000;
  private static final Duration DEADLINE = Duration.ofSeconds(15);

  private final KafkaSettings settings;

  public StoryRecords(KafkaSettings settings) {
    this.settings = settings;
  }

  /** A record of the story: its value, partition, offset and timestamp. */
  public record Hit<V>(V value, int partition, long offset, long timestamp) {}

  /**
   * What a look-up found, newest first, and whether it read the partition back to its beginning
   * ({@code complete}: nothing older exists) or stopped at the bound.
   */
  public record Found<V>(List<Hit<V>> hits, boolean complete, long scanned) {}

  /**
   * The newest {@code maxHits} records of {@code key} on {@code topic} whose value passes {@code
   * wanted} (values decoded with the topic's Avro contract), newest first.
   */
  public <V extends SpecificRecord> Found<V> find(
      String topic, String key, int maxHits, Predicate<V> wanted) {
    Map<String, Object> props = new HashMap<>(settings.clientProps());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    List<Hit<V>> hits = new ArrayList<>();
    try (var consumer =
            new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        Deserializer<V> values = AvroSerdes.deserializer(settings, false)) {
      int partitions = consumer.partitionsFor(topic, DEADLINE).size();
      if (partitions == 0) {
        return new Found<>(List.of(), true, 0);
      }
      TopicPartition p =
          new TopicPartition(topic, Utils.toPositive(Utils.murmur2(keyBytes)) % partitions);
      consumer.assign(List.of(p));
      long begin = consumer.beginningOffsets(List.of(p), DEADLINE).get(p);
      long to = consumer.endOffsets(List.of(p), DEADLINE).get(p);
      long scanned = 0;
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (to > begin && scanned < MAX_SCANNED && hits.size() < maxHits) {
        long from = Math.max(begin, to - Math.min(CHUNK, MAX_SCANNED - scanned));
        List<Hit<V>> chunk = new ArrayList<>();
        consumer.seek(p, from);
        while (consumer.position(p) < to) {
          if (System.nanoTime() > deadline) {
            throw new TimeoutException(
                "could not read " + topic + " within " + DEADLINE.toSeconds() + " s");
          }
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
            if (r.offset() >= to || !key.equals(r.key()) || r.value() == null) {
              continue;
            }
            V v = values.deserialize(topic, r.headers(), r.value());
            if (v != null && wanted.test(v)) {
              chunk.add(new Hit<>(v, r.partition(), r.offset(), r.timestamp()));
            }
          }
        }
        for (int i = chunk.size() - 1; i >= 0 && hits.size() < maxHits; i--) {
          hits.add(chunk.get(i));
        }
        scanned += to - from;
        to = from;
      }
      return new Found<>(List.copyOf(hits), to <= begin, scanned);
    }
  }
}
