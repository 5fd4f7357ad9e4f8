package io.newswire.platform;

import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.Tag;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the generations of enrichment ({@link Topics#enrichedGeneration}) gave the stories: the tags
 * of each story's last record on a generation's topic. What {@code newswire reprocess compare} and
 * the console's generations view compare ({@code GenerationDiff}).
 */
public final class EnrichedGenerations {
  private EnrichedGenerations() {}

  private static final Duration DEADLINE = Duration.ofSeconds(15);

  /** A topic holds more records than a caller is willing to read. */
  public static final class TooLarge extends RuntimeException {
    private final long records;

    TooLarge(String topic, long records, long max) {
      super(topic + " holds " + records + " records, more than " + max);
      this.records = records;
    }

    public long records() {
      return records;
    }
  }

  /** How many records the topic holds now (end minus beginning offsets). */
  public static long records(Map<String, Object> consumerProps, String topic) {
    try (var consumer = bytesConsumer(consumerProps)) {
      var parts = partitions(consumer, topic);
      var begins = consumer.beginningOffsets(parts, DEADLINE);
      var ends = consumer.endOffsets(parts, DEADLINE);
      return parts.stream().mapToLong(p -> ends.get(p) - begins.get(p)).sum();
    }
  }

  /**
   * The tags of each story's last record on {@code topic}; {@link TooLarge} without reading when it
   * holds more than {@code maxRecords}.
   */
  public static Map<String, Set<String>> latestTags(
      Map<String, Object> consumerProps, KafkaSettings settings, String topic, long maxRecords) {
    Map<String, Object> props = new HashMap<>(consumerProps);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Map<String, Set<String>> tags = new HashMap<>();
    try (var consumer =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            AvroSerdes.<EnrichedStory>deserializer(settings, false))) {
      var parts = partitions(consumer, topic);
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      var begins = consumer.beginningOffsets(parts, DEADLINE);
      var ends = consumer.endOffsets(parts, DEADLINE);
      long records = parts.stream().mapToLong(p -> ends.get(p) - begins.get(p)).sum();
      if (records > maxRecords) {
        throw new TooLarge(topic, records, maxRecords);
      }
      while (parts.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        consumer
            .poll(Duration.ofMillis(300))
            .forEach(
                r -> {
                  if (r.value() != null) {
                    tags.put(
                        r.key(),
                        r.value().getTags().stream()
                            .map(Tag::getId)
                            .collect(Collectors.toCollection(TreeSet::new)));
                  }
                });
      }
    }
    return tags;
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    return consumer.partitionsFor(topic, DEADLINE).stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }

  private static KafkaConsumer<byte[], byte[]> bytesConsumer(Map<String, Object> consumerProps) {
    return new KafkaConsumer<>(
        consumerProps,
        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer());
  }
}
