package io.newswire.ingest;

import io.newswire.ingest.core.ReceiptBook;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.IngestReceipt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link ReceiptBook} filled from {@code news.ingest.receipts.v1} (read_committed, from the beginning, no
 * consumer group): at start it reads to the end before the service answers submissions, then it follows the topic,
 * so receipts written by other ingest instances are learnt too.
 */
final class ReceiptTailer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReceiptTailer.class);

  private final KafkaSettings kafka;
  private final ReceiptBook book;
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private volatile KafkaConsumer<String, IngestReceipt> consumer;

  ReceiptTailer(KafkaSettings kafka, ReceiptBook book) {
    this.kafka = kafka;
    this.book = book;
    this.thread = new Thread(this::run, "ingest-receipts");
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits until the receipts present at start are loaded. */
  boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean isLoaded() {
    return loaded.getCount() == 0;
  }

  private void run() {
    while (running.get()) {
      try {
        Map<String, Object> props = kafka.clientProps();
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", false);
        props.put("client.id", "newswire-ingest-receipts");
        try (KafkaConsumer<String, IngestReceipt> c = new KafkaConsumer<>(props, new StringDeserializer(),
            AvroSerdes.<IngestReceipt>deserializer(kafka, false))) {
          consumer = c;
          List<TopicPartition> parts = c.partitionsFor(Topics.INGEST_RECEIPTS, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
          c.assign(parts);
          c.seekToBeginning(parts);
          Map<TopicPartition, Long> ends = c.endOffsets(parts, Duration.ofSeconds(10));
          long start = System.nanoTime();
          while (running.get()) {
            for (ConsumerRecord<String, IngestReceipt> r : c.poll(Duration.ofMillis(500))) {
              IngestReceipt v = r.value();
              if (v != null) {
                book.record(new ReceiptBook.Receipt(v.getUrn(), v.getVersion(), v.getIngestId(), v.getContentHash(),
                    v.getAcceptedAt().toEpochMilli()));
              }
            }
            if (!isLoaded() && parts.stream().allMatch(p -> c.position(p) >= ends.get(p))) {
              log.info("idempotency memory loaded: {} receipts in {} ms", book.size(),
                  (System.nanoTime() - start) / 1_000_000);
              loaded.countDown();
            }
          }
        }
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        if (running.get()) {
          log.warn("reading {} failed, retrying: {}", Topics.INGEST_RECEIPTS, e.toString());
          try {
            Thread.sleep(1000);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }
  }

  @Override
  public void close() {
    running.set(false);
    KafkaConsumer<String, IngestReceipt> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
