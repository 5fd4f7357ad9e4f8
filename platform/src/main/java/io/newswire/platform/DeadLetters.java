package io.newswire.platform;

import io.newswire.platform.core.deadletters.LetterId;
import io.newswire.schema.v1.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reading and redriving dead letters (news.dlq.v1): what {@code newswire dlq} and the console's
 * pipeline page share. Every read stops at the end offsets it saw when it began, and within a
 * deadline.
 */
public final class DeadLetters {
  private DeadLetters() {}

  /** How long one read may take before it gives up (the broker is then unreachable). */
  public static final Duration READ_DEADLINE = Duration.ofSeconds(20);

  /** A dead letter and where it sits on the DLQ topic. */
  public record Letter(LetterId id, DeadLetter value) {}

  /** The newest letters, newest first, and how many the topic holds in all. */
  public record Page(List<Letter> letters, long total) {}

  /** Every dead letter now on the topic, oldest first per partition (the CLI's list). */
  public static List<Letter> readAll(
      Map<String, Object> consumerProps, KafkaSettings settings, String topic) {
    return read(consumerProps, settings, topic, Long.MAX_VALUE).letters();
  }

  /**
   * At most {@code max} of the newest letters (the last {@code max} of each partition, merged),
   * newest first by {@code failedAt}.
   */
  public static Page newest(
      Map<String, Object> consumerProps, KafkaSettings settings, String topic, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be 1 or more");
    }
    Page p = read(consumerProps, settings, topic, max);
    List<Letter> sorted = new ArrayList<>(p.letters());
    sorted.sort(
        Comparator.comparing((Letter l) -> l.value().getFailedAt())
            .reversed()
            .thenComparing(l -> l.id().toString()));
    return new Page(List.copyOf(sorted.subList(0, Math.min(max, sorted.size()))), p.total());
  }

  private static Page read(
      Map<String, Object> consumerProps, KafkaSettings settings, String topic, long perPartition) {
    List<Letter> letters = new ArrayList<>();
    long total = 0;
    try (var consumer = consumer(consumerProps, settings)) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic, READ_DEADLINE).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(parts);
      Map<TopicPartition, Long> begins = consumer.beginningOffsets(parts, READ_DEADLINE);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts, READ_DEADLINE);
      for (TopicPartition p : parts) {
        total += ends.get(p) - begins.get(p);
        consumer.seek(
            p, Math.max(begins.get(p), ends.get(p) - Math.min(perPartition, ends.get(p))));
      }
      long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
      while (parts.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new org.apache.kafka.common.errors.TimeoutException(
              "could not read " + topic + " to its end within " + READ_DEADLINE.toSeconds() + " s");
        }
        for (ConsumerRecord<String, DeadLetter> r : consumer.poll(Duration.ofMillis(300))) {
          if (r.offset() < ends.get(new TopicPartition(topic, r.partition()))
              && r.value() != null) {
            letters.add(new Letter(new LetterId(r.partition(), r.offset()), r.value()));
          }
        }
      }
    }
    return new Page(letters, total);
  }

  /** The letter at {@code id}, if the topic holds one there. */
  public static Optional<Letter> one(
      Map<String, Object> consumerProps, KafkaSettings settings, String topic, LetterId id) {
    try (var consumer = consumer(consumerProps, settings)) {
      int partitions = consumer.partitionsFor(topic, READ_DEADLINE).size();
      if (id.partition() >= partitions) {
        return Optional.empty();
      }
      TopicPartition p = new TopicPartition(topic, id.partition());
      consumer.assign(List.of(p));
      long begin = consumer.beginningOffsets(List.of(p), READ_DEADLINE).get(p);
      long end = consumer.endOffsets(List.of(p), READ_DEADLINE).get(p);
      if (id.offset() < begin || id.offset() >= end) {
        return Optional.empty();
      }
      consumer.seek(p, id.offset());
      long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
      while (consumer.position(p) <= id.offset() && consumer.position(p) < end) {
        if (System.nanoTime() > deadline) {
          throw new org.apache.kafka.common.errors.TimeoutException(
              "could not read " + topic + " within " + READ_DEADLINE.toSeconds() + " s");
        }
        for (ConsumerRecord<String, DeadLetter> r : consumer.poll(Duration.ofMillis(300))) {
          if (r.offset() == id.offset()) {
            return Optional.ofNullable(r.value()).map(v -> new Letter(id, v));
          }
          if (r.offset() > id.offset()) {
            return Optional.empty(); // a transaction marker or an aborted record sat there
          }
        }
      }
      return Optional.empty();
    }
  }

  /**
   * The record that sends a letter back to the topic it came from, byte for byte, with its headers
   * and the redrive attempt header set to its attempt (a stage that fails on it again dead-letters
   * it with attempt + 1). Null when the letter does not say where it came from.
   */
  public static ProducerRecord<byte[], byte[]> redriveRecord(DeadLetter d) {
    if (d.getSourceTopic() == null) {
      return null;
    }
    var record =
        new ProducerRecord<>(d.getSourceTopic(), null, bytes(d.getKey()), bytes(d.getValue()));
    d.getHeaders().forEach((k, v) -> record.headers().add(k, bytes(v)));
    record.headers().remove(DeadLetterHandler.REDRIVE_ATTEMPT_HEADER);
    record
        .headers()
        .add(
            DeadLetterHandler.REDRIVE_ATTEMPT_HEADER,
            Integer.toString(d.getAttempt()).getBytes(StandardCharsets.UTF_8));
    return record;
  }

  /**
   * Sends the letters back to their topics (acks=all, idempotent) and waits until every one is
   * written; a letter without a source topic is skipped. {@code sent} is told of each one written.
   */
  public static List<RecordMetadata> redrive(
      Map<String, Object> producerProps, List<DeadLetter> letters, Runnable sent)
      throws InterruptedException, ExecutionException {
    Map<String, Object> props = new java.util.HashMap<>(producerProps);
    props.put("acks", "all");
    props.put("enable.idempotence", true);
    List<Future<RecordMetadata>> futures = new ArrayList<>();
    try (var producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (DeadLetter d : letters) {
        var record = redriveRecord(d);
        if (record != null) {
          futures.add(producer.send(record, (md, e) -> sent.run()));
        }
      }
      List<RecordMetadata> out = new ArrayList<>();
      for (var f : futures) {
        out.add(f.get());
      }
      return out;
    }
  }

  /** The bytes of a buffer, or null. */
  public static byte[] bytes(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private static KafkaConsumer<String, DeadLetter> consumer(
      Map<String, Object> consumerProps, KafkaSettings settings) {
    Map<String, Object> props = new java.util.HashMap<>(consumerProps);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    return new KafkaConsumer<>(
        props, new StringDeserializer(), AvroSerdes.<DeadLetter>deserializer(settings, false));
  }
}
