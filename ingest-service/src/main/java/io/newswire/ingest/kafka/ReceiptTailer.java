package io.newswire.ingest.kafka;

import io.newswire.ingest.core.receipts.ReceiptBook;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Supervisor;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.IngestReceipt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link ReceiptBook} filled from {@code news.ingest.receipts.v1} (read_committed, from the beginning, no
 * consumer group): at start it reads to the end before the service answers submissions, then it follows the topic,
 * so receipts written by other ingest instances are learnt too. It is the supervised loop {@value #LOOP}: after a
 * failure it starts again from the beginning of the topic.
 *
 * <p>{@link #sync()} is a read barrier: it completes once the book holds every receipt committed before it was
 * called, by any instance. Ingest syncs before writing a story it believes new, so a version another instance
 * accepted a moment ago (and answered 202 for) is recognized — a resend is a replay, other content a 409 — instead
 * of being written again because this instance's tailing lagged behind. Concurrent callers share one look-up of the
 * topic's end.
 */
public final class ReceiptTailer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReceiptTailer.class);
  static final String LOOP = "ingest-receipts";

  private final KafkaSettings kafka;
  private final ReceiptBook book;
  private final CountDownLatch loaded = new CountDownLatch(1);
  private volatile boolean stopping;
  private final Supervisor.Loop loop;
  /** Callers waiting for the next barrier: each barrier takes the end offsets after all of them had arrived. */
  private final java.util.concurrent.ConcurrentLinkedQueue<java.util.concurrent.CompletableFuture<Void>> syncs =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile KafkaConsumer<?, ?> consumer;

  public ReceiptTailer(KafkaSettings kafka, ReceiptBook book, Supervisor loops) {
    this.kafka = kafka;
    this.book = book;
    this.loop = loops.start(LOOP, this::run);
  }

  /** Waits until the receipts present at start are loaded. */
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Completes once every receipt committed before this call is in the book (or exceptionally after
   * {@code timeout}, e.g. while the broker is unreachable).
   */
  public java.util.concurrent.CompletableFuture<Void> sync(Duration timeout) {
    java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();
    syncs.add(f);
    KafkaConsumer<?, ?> c = consumer;
    if (c != null) {
      c.wakeup(); // out of a poll now, not at its end
    }
    return f.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isLoaded() {
    return loaded.getCount() == 0;
  }

  private void run(Supervisor.Loop loop) {
    Map<String, Object> props = kafka.clientProps();
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", false);
    props.put("client.id", "newswire-ingest-receipts");
    // A new attempt reads from the beginning again: recording a receipt twice changes nothing.
    try (KafkaConsumer<String, IngestReceipt> c = new KafkaConsumer<>(props, new StringDeserializer(),
        AvroSerdes.<IngestReceipt>deserializer(kafka, false))) {
      loop.onStop(() -> {
        stopping = true;
        c.wakeup();
      });
      List<TopicPartition> parts = c.partitionsFor(Topics.INGEST_RECEIPTS, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = c.endOffsets(parts, Duration.ofSeconds(10));
      long start = System.nanoTime();
      consumer = c;
      List<java.util.concurrent.CompletableFuture<Void>> barrier = new java.util.ArrayList<>();
      Map<TopicPartition, Long> barrierEnds = Map.of();
      while (loop.running()) {
        try {
          if (barrier.isEmpty() && !syncs.isEmpty() && isLoaded()) {
            for (java.util.concurrent.CompletableFuture<Void> f; (f = syncs.poll()) != null; ) {
              barrier.add(f);
            }
          }
          if (!barrier.isEmpty() && barrierEnds.isEmpty()) {
            barrierEnds = c.endOffsets(parts, Duration.ofSeconds(5)); // read_committed: the last stable offsets
          }
          for (ConsumerRecord<String, IngestReceipt> r : c.poll(Duration.ofMillis(barrier.isEmpty() ? 500 : 20))) {
            IngestReceipt v = r.value();
            if (v != null) {
              book.record(new ReceiptBook.Receipt(v.getUrn(), v.getVersion(), v.getIngestId(), v.getContentHash(),
                  v.getAcceptedAt().toEpochMilli(), v.getWarnings()));
            }
          }
          if (!isLoaded() && parts.stream().allMatch(p -> c.position(p) >= ends.get(p))) {
            log.info("idempotency memory loaded: {} receipts in {} ms", book.size(),
                (System.nanoTime() - start) / 1_000_000);
            loaded.countDown();
          }
          Map<TopicPartition, Long> target = barrierEnds;
          if (!barrier.isEmpty() && parts.stream().allMatch(p -> c.position(p) >= target.get(p))) {
            barrier.forEach(f -> f.complete(null));
            barrier.clear();
            barrierEnds = Map.of();
          }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
          if (stopping) {
            throw e;
          }
          // a sync() arrived: go round and take its barrier
        }
        loop.healthy();
      }
    } finally {
      consumer = null;
    }
  }

  @Override
  public void close() {
    loop.close();
  }
}
