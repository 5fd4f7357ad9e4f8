package io.newswire.chaos;

import io.newswire.chaos.core.History;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.Subject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads whole topics with {@code read_committed} (what any downstream consumer sees), from the
 * beginning to the last stable offset, into the plain {@link History.Written} values the checker
 * judges, in offset order per partition.
 */
final class TopicHistory {
  private static final String NEWSWIRE = "newswire";

  private final KafkaSettings kafka;

  TopicHistory(KafkaSettings kafka) {
    this.kafka = kafka;
  }

  List<History.Written> raw() {
    return read(
        Topics.RAW,
        this.<RawStory>avro(),
        (k, v) -> story(v.getUrn(), v.getVersion(), v.getPubStatus().name(), v.getIngestId()));
  }

  List<History.Written> enriched() {
    return read(
        Topics.ENRICHED,
        this.<EnrichedStory>avro(),
        (k, v) -> story(v.getUrn(), v.getVersion(), v.getChange().name(), v.getIngestId()));
  }

  /** An event topic: news.published.v1, a tag topic or news.stories.latest.v1 (tombstones kept). */
  List<History.Written> events(String topic) {
    return read(
        topic,
        this.<NewsEvent>avro(),
        (k, v) ->
            v == null
                ? new History.Written(0, 0, k, 0, null, Set.of(), true, null)
                : new History.Written(
                    0,
                    0,
                    v.getUri(),
                    Integer.parseInt(v.getVersion()),
                    v.getEventType().name(),
                    v.getSubjects().stream()
                        .filter(TopicHistory::isNewswireTag)
                        .map(Subject::getCode)
                        .collect(Collectors.toSet()),
                    false,
                    null));
  }

  /** Tag topics by tag id. */
  Map<String, List<History.Written>> tagTopics() {
    Map<String, List<History.Written>> m = new HashMap<>();
    Topics.TAG_TOPIC_TAGS.forEach(tag -> m.put(tag, events(Topics.tagTopic(tag))));
    return m;
  }

  int deadLetters() {
    return read(
            Topics.DLQ,
            new ByteArrayDeserializer(),
            (k, v) -> story(String.valueOf(k), 0, "DEAD_LETTER", null))
        .size();
  }

  /**
   * A record that is neither a tombstone nor tagged; {@link #read} fills in its partition and
   * offset.
   */
  private static History.Written story(String urn, int version, String type, String ingestId) {
    return new History.Written(0, 0, urn, version, type, Set.of(), false, ingestId);
  }

  /**
   * The same rule as publish-service's: a subject without a creator, or created by Newswire, is a
   * Newswire tag.
   */
  private static boolean isNewswireTag(Subject s) {
    return s.getCreator() == null || NEWSWIRE.equals(s.getCreator());
  }

  private <T extends org.apache.avro.specific.SpecificRecord> Deserializer<T> avro() {
    return AvroSerdes.deserializer(kafka, false);
  }

  private interface Mapper<V> {
    History.Written map(String key, V value);
  }

  private <V> List<History.Written> read(String topic, Deserializer<V> values, Mapper<V> mapper) {
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    List<History.Written> out = new ArrayList<>();
    try (KafkaConsumer<String, V> c =
        new KafkaConsumer<>(props, new StringDeserializer(), values)) {
      List<TopicPartition> parts =
          c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end =
          c.endOffsets(parts, Duration.ofSeconds(30)); // the last stable offsets
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + topic + " to its end within 2 minutes");
        }
        for (ConsumerRecord<String, V> r : c.poll(Duration.ofMillis(500))) {
          if (r.offset() >= end.get(new TopicPartition(topic, r.partition()))) {
            continue;
          }
          History.Written w = mapper.map(r.key(), r.value());
          out.add(
              new History.Written(
                  r.partition(),
                  r.offset(),
                  w.urn(),
                  w.version(),
                  w.type(),
                  w.tags(),
                  w.tombstone(),
                  w.ingestId()));
        }
      }
    }
    out.sort(
        Comparator.comparingInt(History.Written::partition)
            .thenComparingLong(History.Written::offset));
    return out;
  }
}
