package io.newswire.ingest.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Supervisor;
import io.newswire.platform.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each accepted story to {@code news.raw.v1} and its receipt to {@code
 * news.ingest.receipts.v1} in one Kafka transaction: both or neither, so the idempotency memory
 * never disagrees with the raw topic, whatever crashes when.
 *
 * <p>Group commit: {@code writers} threads each own a transactional producer ({@code
 * transactional.id = <instanceId>-<n>}, acks=all, idempotent); each takes whatever submissions are
 * waiting (up to 500), sends them in one transaction and commits. A future completes only once the
 * commit returned — every in-sync replica has the story and its receipt — or exceptionally when it
 * could not (then nothing of that batch is visible to read_committed consumers: the transaction is
 * aborted, or fenced and aborted by the next producer).
 *
 * <p>It sends bytes: {@link StoryIntake} serialized story and receipt on the request thread and
 * held them to the record limit before queueing them, so no story can make a transaction, and the
 * other stories in it, fail for its size. The producers take records up to {@link
 * io.newswire.platform.StoryLimits#maxRecordBytes()}.
 */
public final class StoryWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoryWriter.class);
  private static final int MAX_BATCH = 500;

  /** A story and its receipt, serialized: the two records of one story's transaction. */
  record Encoded(String storyKey, byte[] story, String receiptKey, byte[] receipt) {}

  /** One story to write with its receipt, and until when a writer may still start writing it. */
  record Pending(Encoded records, CompletableFuture<Void> done, long sendBeforeNanos) {}

  /**
   * How long a story may wait for a writer; one that waited longer is answered as not written, and
   * never sent.
   */
  static final Duration QUEUE_DEADLINE = Duration.ofSeconds(5);

  /**
   * How long a commit whose outcome is unknown (it timed out) is retried before the outcome is
   * looked up.
   */
  static final Duration COMMIT_RETRY = Duration.ofSeconds(10);

  /**
   * How long looking up the outcome of a commit (on news.ingest.receipts.v1, read_committed) may
   * take.
   */
  static final Duration OUTCOME_LOOKUP = Duration.ofSeconds(6);

  /**
   * The longest a story's write can take before its future completes: queue, sends, commit with
   * retries, lookup. The HTTP answer waits this long, so that it always reports the write's real
   * outcome.
   */
  public static final Duration WORST_CASE = Duration.ofSeconds(40);

  private final KafkaSettings kafka;
  private final String instanceId;
  private final MeterRegistry metrics;
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(20_000);
  private final List<Supervisor.Loop> loops = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Admin admin;
  private final AtomicBoolean brokerReachable = new AtomicBoolean(false);
  private final Timer commitTimer;

  /**
   * Completing a future writes that story's HTTP answer (the request handler continues on the
   * completing thread), so answers are written here, not on the writer thread, which goes straight
   * on to the next transaction.
   */
  private final ExecutorService answers =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "ingest-answers");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param supervisor runs the writers, as loops {@code ingest-writer-<n>}
   */
  public StoryWriter(
      KafkaSettings kafka,
      String instanceId,
      int writers,
      MeterRegistry metrics,
      Supervisor supervisor) {
    this.kafka = kafka;
    this.instanceId = instanceId;
    this.metrics = metrics;
    // the client settings too: on a secured cluster the health check authenticates like the writers
    Map<String, Object> adminProps = kafka.clientProps();
    adminProps.put("request.timeout.ms", 3000);
    adminProps.put("default.api.timeout.ms", 3000);
    this.admin = Admin.create(adminProps);
    this.commitTimer =
        Timer.builder("newswire_ingest_commit")
            .description("one transaction of stories and receipts")
            .register(metrics);
    for (int i = 0; i < Math.max(1, writers); i++) {
      int n = i;
      loops.add(supervisor.start("ingest-writer-" + n, loop -> run(n, loop)));
    }
  }

  /** Queues a story and its receipt; completes when both are committed. */
  CompletableFuture<Void> write(Encoded records) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!running.get()
        || !queue.offer(new Pending(records, done, System.nanoTime() + QUEUE_DEADLINE.toNanos()))) {
      done.completeExceptionally(
          new IllegalStateException("the writer is stopped or its queue is full"));
    }
    return done;
  }

  private Producer<String, byte[]> newProducer(int n) {
    Map<String, Object> props = kafka.producerProps();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "newswire-ingest-" + n);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, instanceId + "-" + n);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // An agency waits a bounded time for an answer while the broker is down, then gets a 503.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 4_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 8_000);
    // A crashed instance's open transaction blocks read_committed readers at most this long (a
    // restart with the same
    // INGEST_INSTANCE_ID aborts it at once).
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
    Producer<String, byte[]> p =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    try {
      p.initTransactions();
    } catch (RuntimeException e) {
      p.close(Duration.ZERO);
      throw e;
    }
    new KafkaClientMetrics(p).bindTo(metrics);
    return p;
  }

  /**
   * Until stopped and the queue is drained. A batch that fails is answered as failed; a failure of
   * the loop itself restarts it with a new producer (whose initTransactions fences this one's open
   * transaction).
   */
  private void run(int n, Supervisor.Loop loop) {
    Producer<String, byte[]> producer = null;
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    try {
      while (loop.running() || !queue.isEmpty()) {
        loop.healthy();
        batch.clear();
        try {
          Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        long start = System.nanoTime();
        batch.removeIf(
            p -> { // answered 503 before any of it is sent: a retry then decides afresh, truthfully
              if (start - p.sendBeforeNanos() > 0) {
                p.done()
                    .completeExceptionally(
                        new org.apache.kafka.common.errors.TimeoutException(
                            "waited more than "
                                + QUEUE_DEADLINE.toSeconds()
                                + " s for a writer; not sent"));
                return true;
              }
              return false;
            });
        if (batch.isEmpty()) {
          continue;
        }
        List<Future<RecordMetadata>> receipts = new ArrayList<>(batch.size());
        try {
          if (producer == null) {
            producer = newProducer(n);
          }
          producer.beginTransaction();
          for (Pending p : batch) {
            Encoded r = p.records();
            producer.send(new ProducerRecord<>(Topics.RAW, r.storyKey(), r.story()));
            receipts.add(
                producer.send(
                    new ProducerRecord<>(Topics.INGEST_RECEIPTS, r.receiptKey(), r.receipt())));
          }
          commit(producer);
          commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          succeed(batch);
        } catch (OutcomeUnknownException e) {
          producer = settle(n, producer, batch, receipts, e);
        } catch (RuntimeException e) {
          log.warn("a batch of {} stories was not committed: {}", batch.size(), e.toString());
          producer = abortOrDiscard(producer, e);
          batch.forEach(p -> p.done().completeExceptionally(e));
        }
      }
    } finally {
      if (producer != null) {
        producer.close(Duration.ofSeconds(5));
      }
    }
  }

  private void succeed(List<Pending> batch) {
    List<Pending> committed = List.copyOf(batch);
    answers.execute(() -> committed.forEach(p -> p.done().complete(null)));
  }

  /**
   * A commit that timed out, retried until {@link #COMMIT_RETRY} without an answer: it may or may
   * not have happened.
   */
  private static final class OutcomeUnknownException extends RuntimeException {
    OutcomeUnknownException(RuntimeException cause) {
      super("the commit's outcome is unknown: " + cause, cause);
    }
  }

  /**
   * Commits; a commit that times out is retried (as Kafka allows) for {@link #COMMIT_RETRY}. A
   * timed-out commit may still happen, so its batch is never answered as failed on the strength of
   * the timeout alone.
   */
  private static void commit(Producer<String, byte[]> producer) {
    long until = System.nanoTime() + COMMIT_RETRY.toNanos();
    while (true) {
      try {
        producer.commitTransaction();
        return;
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        if (System.nanoTime() - until > 0) {
          throw new OutcomeUnknownException(e);
        }
        log.info("a commit timed out ({}); retrying it", e.getMessage());
      }
    }
  }

  /**
   * Finds out what became of a batch whose commit's outcome is unknown, so that its stories are
   * answered truthfully: a 503 for a story that was in fact committed would make the agency send it
   * again, and another ingest instance, not knowing of it yet, would write it twice. The producer
   * is replaced: the new one's initTransactions, with the same transactional id, finishes the old
   * transaction (completes a commit the coordinator had prepared, aborts anything else). Then the
   * batch's first receipt is looked up with read_committed: visible means committed.
   *
   * @return the producer to go on with (null when none could be made)
   */
  private Producer<String, byte[]> settle(
      int n,
      Producer<String, byte[]> producer,
      List<Pending> batch,
      List<Future<RecordMetadata>> receipts,
      OutcomeUnknownException unknown) {
    producer.close(Duration.ZERO);
    Producer<String, byte[]> next = null;
    Boolean committed = null;
    try {
      next = newProducer(n);
      committed = visible(receipts.get(0));
    } catch (RuntimeException e) {
      log.error(
          "a batch of {} stories: {}; and its outcome could not be looked up ({})",
          batch.size(),
          unknown.getMessage(),
          e.toString());
    }
    if (Boolean.TRUE.equals(committed)) {
      log.info("a batch of {} stories whose commit timed out was committed", batch.size());
      succeed(batch);
    } else {
      if (committed != null) {
        log.warn("a batch of {} stories whose commit timed out was aborted", batch.size());
      }
      RuntimeException failure =
          committed == null ? unknown : new IllegalStateException("aborted", unknown);
      batch.forEach(p -> p.done().completeExceptionally(failure));
    }
    return next;
  }

  /**
   * Whether the record a send future names is visible to read_committed readers: the transaction
   * that wrote it is finished (the caller fenced it), so the record is either there or skipped as
   * aborted. A send never acknowledged means the transaction could not commit.
   */
  private boolean visible(Future<RecordMetadata> sent) {
    RecordMetadata m;
    try {
      if (!sent.isDone()) {
        return false;
      }
      m = sent.get();
    } catch (java.util.concurrent.ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Map<String, Object> props = kafka.clientProps();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "newswire-ingest-outcome");
    TopicPartition tp = new TopicPartition(m.topic(), m.partition());
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.assign(List.of(tp));
      c.seek(tp, m.offset());
      long until = System.nanoTime() + OUTCOME_LOOKUP.toNanos();
      while (System.nanoTime() - until < 0) {
        var records = c.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          return records.iterator().next().offset() == m.offset();
        }
        if (c.position(tp) > m.offset()) {
          return false; // skipped: aborted
        }
      }
    }
    throw new IllegalStateException(
        "the outcome of the commit could not be read within " + OUTCOME_LOOKUP);
  }

  /**
   * Aborts the open transaction; when that is impossible, drops the producer (its successor fences
   * and aborts).
   */
  private static Producer<String, byte[]> abortOrDiscard(
      Producer<String, byte[]> producer, RuntimeException cause) {
    if (producer == null) {
      return null;
    }
    if (!(cause instanceof ProducerFencedException)) {
      try {
        producer.abortTransaction();
        return producer;
      } catch (RuntimeException e) {
        log.warn("abort failed ({}); the producer is replaced", e.toString());
      }
    }
    producer.close(Duration.ZERO);
    return null;
  }

  /** Checks the broker in the background; {@link #brokerReachable()} reports the last answer. */
  public void checkBroker() {
    admin
        .describeCluster()
        .nodes()
        .whenComplete((nodes, e) -> brokerReachable.set(e == null && !nodes.isEmpty()));
  }

  public boolean brokerReachable() {
    return brokerReachable.get();
  }

  @Override
  public void close() {
    running.set(false);
    loops.forEach(Supervisor.Loop::stop); // each drains the queue, then ends
    loops.forEach(Supervisor.Loop::close);
    answers.shutdown();
    try {
      answers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(2));
  }
}
