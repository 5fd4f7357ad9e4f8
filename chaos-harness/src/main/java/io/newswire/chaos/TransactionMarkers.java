package io.newswire.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Proves no transaction was left open, the way Kafka's {@code
 * EosTestDriver.verifyAllTransactionFinished} does: a marker record is written, outside any
 * transaction, to every partition of the given topics, and a {@code read_committed} consumer must
 * reach every marker. A transaction left open (by a producer killed and never fenced) holds the
 * last stable offset before it, and the marker behind it stays out of reach.
 *
 * <p>The markers are not Newswire records (a consumer of these topics would dead-letter them): run
 * this last.
 */
final class TransactionMarkers {
  static final String MARKER_HEADER = "newswire-chaos-marker";

  private TransactionMarkers() {}

  /** The partitions whose marker a read_committed reader could not reach within {@code timeout}. */
  static List<String> unreached(
      Map<String, Object> clientProps, List<String> topics, Duration timeout)
      throws InterruptedException {
    Map<TopicPartition, Long> markers = new HashMap<>();
    Map<String, Object> pp = new HashMap<>(clientProps);
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
      for (String topic : topics) {
        for (var p : producer.partitionsFor(topic)) {
          ProducerRecord<byte[], byte[]> r =
              new ProducerRecord<>(
                  topic,
                  p.partition(),
                  null,
                  "chaos-marker".getBytes(StandardCharsets.UTF_8),
                  "marker".getBytes(StandardCharsets.UTF_8));
          r.headers().add(MARKER_HEADER, new byte[] {1});
          sent.add(producer.send(r));
        }
      }
      for (var f : sent) {
        RecordMetadata m = f.get();
        markers.put(new TopicPartition(m.topic(), m.partition()), m.offset());
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "could not write the transaction markers: " + e.getCause(), e);
    }
    Map<String, Object> cp = new HashMap<>(clientProps);
    cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Set<TopicPartition> waiting = new HashSet<>(markers.keySet());
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.assign(markers.keySet());
      markers.forEach(c::seek);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!waiting.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() == markers.get(tp) && r.headers().lastHeader(MARKER_HEADER) != null) {
            waiting.remove(tp);
          }
        }
      }
    }
    return waiting.stream().map(TopicPartition::toString).sorted().toList();
  }
}
