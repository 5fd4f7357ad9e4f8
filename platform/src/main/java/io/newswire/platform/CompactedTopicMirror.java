package io.newswire.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors a compacted topic into memory: reads it from the beginning ({@code read_committed}, no
 * consumer group) and hands every record, in offset order per partition, to an {@link Apply} that
 * keeps what it needs (a map of registrations, the latest value of a setting, an idempotency
 * memory). Used by ingest's receipts, publish's control settings and its webhook registrations.
 *
 * <ul>
 *   <li><b>Readiness.</b> It runs as a loop of the service's {@link Supervisor}: a failing consumer
 *       shows in readiness with the loop's name and is replaced after a backoff. {@link
 *       #isLoaded()} / {@link #awaitLoaded} tell when everything the topic held at start has been
 *       applied.
 *   <li><b>Restart.</b> After a failure a new consumer goes on from the record after the last one
 *       applied: nothing is applied twice, and a record whose {@link Apply} threw is applied again
 *       (so an action that failed is retried).
 *   <li><b>Read barrier.</b> {@link #sync} completes once every record committed before the call
 *       has been applied, e.g. to see what another instance wrote a moment ago. Concurrent callers
 *       share one look-up of the end.
 *   <li><b>A topic that does not exist yet</b> is empty: the mirror is loaded and looks for the
 *       topic every second.
 * </ul>
 */
public final class CompactedTopicMirror<K, V> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CompactedTopicMirror.class);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

  /** What to do with each record of the topic; {@code value} is null for a tombstone. */
  @FunctionalInterface
  public interface Apply<K, V> {
    void apply(K key, V value) throws Exception;
  }

  private final String topic;
  private final Supplier<Consumer<K, V>> consumers;
  private final Apply<K, V> apply;
  private final CountDownLatch loaded = new CountDownLatch(1);

  /**
   * Per partition, the offset of the next record to apply: where a new consumer goes on after a
   * failure.
   */
  private final Map<TopicPartition, Long> next = new HashMap<>();

  /**
   * Callers waiting for the next barrier: each barrier takes the end offsets after all of them had
   * arrived.
   */
  private final ConcurrentLinkedQueue<CompletableFuture<Void>> syncs =
      new ConcurrentLinkedQueue<>();

  private volatile Consumer<K, V> consumer;
  private volatile boolean stopping;
  private Supervisor.Loop loop;

  /**
   * A mirror whose consumers {@code consumers} makes (tests give mock consumers); {@link #start}
   * runs it.
   *
   * @param topic the topic to mirror
   */
  public CompactedTopicMirror(String topic, Supplier<Consumer<K, V>> consumers, Apply<K, V> apply) {
    this.topic = topic;
    this.consumers = consumers;
    this.apply = apply;
  }

  /**
   * A mirror of {@code topic} read with plain consumers of {@code kafka} and the serdes of {@code
   * serdes}.
   */
  public CompactedTopicMirror(
      Topic<K, V> topic, KafkaSettings kafka, TopicSerdes serdes, Apply<K, V> apply) {
    this(
        topic.name(),
        () -> {
          Map<String, Object> props = kafka.clientProps();
          props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
          props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
          return new KafkaConsumer<>(
              props, serdes.key(topic).deserializer(), serdes.value(topic).deserializer());
        },
        apply);
  }

  /** Starts mirroring as the essential loop {@code loopName} of {@code loops}; returns this. */
  public synchronized CompactedTopicMirror<K, V> start(Supervisor loops, String loopName) {
    if (loop != null) {
      throw new IllegalStateException(
          "the mirror of " + topic + " is already running as " + loop.name());
    }
    loop = loops.start(loopName, this::run);
    return this;
  }

  /** Whether every record the topic held when the mirror started has been applied. */
  public boolean isLoaded() {
    return loaded.getCount() == 0;
  }

  /** Waits until {@link #isLoaded()}; false if {@code timeout} passed first. */
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Completes once every record committed before this call has been applied (or exceptionally after
   * {@code timeout}, e.g. while the broker is unreachable).
   */
  public CompletableFuture<Void> sync(Duration timeout) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    syncs.add(f);
    Consumer<K, V> c = consumer;
    if (c != null) {
      c.wakeup(); // out of a poll now, not at its end
    }
    return f.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run(Supervisor.Loop l) throws Exception {
    try (Consumer<K, V> c = consumers.get()) {
      l.onStop(
          () -> {
            stopping = true;
            c.wakeup();
          });
      List<TopicPartition> parts = partitions(c, l);
      if (parts.isEmpty()) {
        return; // stopped while waiting for the topic
      }
      c.assign(parts);
      for (TopicPartition tp : parts) {
        if (next.containsKey(tp)) {
          c.seek(tp, next.get(tp));
        } else {
          c.seekToBeginning(List.of(tp));
        }
      }
      Map<TopicPartition, Long> ends =
          isLoaded() ? Map.of() : c.endOffsets(parts, METADATA_TIMEOUT);
      long started = System.nanoTime();
      long applied = 0;
      consumer = c;
      List<CompletableFuture<Void>> barrier = new ArrayList<>();
      Map<TopicPartition, Long> barrierEnds = Map.of();
      while (l.running()) {
        try {
          if (barrier.isEmpty() && !syncs.isEmpty() && isLoaded()) {
            for (CompletableFuture<Void> f; (f = syncs.poll()) != null; ) {
              barrier.add(f);
            }
          }
          if (!barrier.isEmpty() && barrierEnds.isEmpty()) {
            barrierEnds =
                c.endOffsets(parts, METADATA_TIMEOUT); // read_committed: the last stable offsets
          }
          for (ConsumerRecord<K, V> r : c.poll(Duration.ofMillis(barrier.isEmpty() ? 250 : 20))) {
            apply.apply(r.key(), r.value());
            next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
            applied++;
          }
          if (!isLoaded() && reached(c, parts, ends)) {
            log.info(
                "mirror of {} loaded: {} records in {} ms",
                topic,
                applied,
                (System.nanoTime() - started) / 1_000_000);
            loaded.countDown();
          }
          if (!barrier.isEmpty() && reached(c, parts, barrierEnds)) {
            barrier.forEach(f -> f.complete(null));
            barrier.clear();
            barrierEnds = Map.of();
          }
        } catch (WakeupException e) {
          if (stopping) {
            throw e;
          }
          // a sync() arrived: go round and take its barrier
        }
        l.healthy();
      }
    } finally {
      consumer = null;
    }
  }

  /**
   * The topic's partitions; while it does not exist, the mirror is loaded (empty) and asks again
   * every second.
   */
  private List<TopicPartition> partitions(Consumer<K, V> c, Supervisor.Loop l) {
    while (l.running()) {
      List<TopicPartition> parts =
          c.partitionsFor(topic, METADATA_TIMEOUT).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      if (!parts.isEmpty()) {
        return parts;
      }
      if (!isLoaded()) {
        log.info("{} does not exist yet: mirroring it as empty until it does", topic);
        loaded.countDown();
      }
      l.healthy();
      l.sleep(Duration.ofSeconds(1));
    }
    return List.of();
  }

  private static boolean reached(
      Consumer<?, ?> c, List<TopicPartition> parts, Map<TopicPartition, Long> ends) {
    return parts.stream().allMatch(p -> c.position(p) >= ends.get(p));
  }

  @Override
  public void close() {
    Supervisor.Loop l;
    synchronized (this) {
      l = loop;
    }
    if (l != null) {
      l.close();
    }
  }
}
