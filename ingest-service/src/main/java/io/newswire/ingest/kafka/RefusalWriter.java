package io.newswire.ingest.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.newswire.ingest.core.refusals.Refusal;
import io.newswire.ingest.core.refusals.RefusalTally;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Supervisor;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.IngestRefusal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes refusals to {@code news.ingest.refusals.v1}, best effort: the input of source health.
 *
 * <p>A refusal's event never delays or fails the answer to the client. {@link #accept} only adds it
 * to a {@link RefusalTally} (bounded: {@value #MAX_PENDING} distinct source/type entries, more are
 * dropped) and returns; a loop ({@code ingest-refusals}) drains the tally every {@link #FLUSH}, so
 * refusals of one source and type within it are one record with a count. The record is serialized
 * (schema registry) and sent on that loop's thread, by an idempotent producer of its own, outside
 * the stories' transactions. What cannot be written — tally full, registry or broker down — is
 * dropped, counted in {@code newswire_ingest_refusal_events_dropped_total{reason}}, and logged at
 * most once a minute; written records are counted in {@code newswire_ingest_refusal_events_total}.
 */
public final class RefusalWriter implements Consumer<Refusal>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RefusalWriter.class);

  /** Distinct (source, kind, type) entries waiting at most; more refusals are dropped. */
  public static final int MAX_PENDING = 1_000;

  /** How often waiting refusals are written. */
  public static final Duration FLUSH = Duration.ofSeconds(1);

  private static final long LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

  private final RefusalTally tally = new RefusalTally(MAX_PENDING);
  private final String instanceId;
  private final Producer<String, byte[]> producer;
  private final Serializer<IngestRefusal> serializer;
  private final Counter written;
  private final Counter droppedFull;
  private final Counter droppedUnserializable;
  private final Counter droppedUnsent;
  private final Supervisor.Loop loop;
  private volatile long lastWarning = System.nanoTime() - LOG_INTERVAL_NANOS;

  public RefusalWriter(
      KafkaSettings kafka, String instanceId, MeterRegistry metrics, Supervisor supervisor) {
    this(
        newProducer(kafka),
        AvroSerdes.serializer(kafka, false),
        instanceId,
        metrics,
        supervisor,
        FLUSH);
  }

  RefusalWriter(
      Producer<String, byte[]> producer,
      Serializer<IngestRefusal> serializer,
      String instanceId,
      MeterRegistry metrics,
      Supervisor supervisor,
      Duration flush) {
    this.producer = producer;
    this.serializer = serializer;
    this.instanceId = instanceId;
    this.written =
        Counter.builder("newswire_ingest_refusal_events")
            .description("refusal records written to " + Topics.INGEST_REFUSALS)
            .register(metrics);
    this.droppedFull = dropped(metrics, "tally_full");
    this.droppedUnserializable = dropped(metrics, "registry");
    this.droppedUnsent = dropped(metrics, "kafka");
    // without a supervisor (tests) nothing flushes but flush()
    this.loop =
        supervisor == null
            ? null
            : supervisor.every("ingest-refusals", Supervisor.Kind.EXTERNAL, flush, l -> flush());
  }

  private static Counter dropped(MeterRegistry metrics, String reason) {
    return Counter.builder("newswire_ingest_refusal_events_dropped")
        .description("refusals not written to " + Topics.INGEST_REFUSALS + " (best effort)")
        .tag("reason", reason)
        .register(metrics);
  }

  private static Producer<String, byte[]> newProducer(KafkaSettings kafka) {
    Map<String, Object> props = kafka.producerProps();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "newswire-ingest-refusals");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // bounded: the loop waits at most this long for metadata; what the broker does not take in
    // time is dropped
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L << 20);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** Records a refusal for writing; returns at once, never throws. */
  @Override
  public void accept(Refusal r) {
    try {
      if (!tally.add(r)) {
        droppedFull.increment();
        warn(
            "{} refusal entries wait already; a refusal of {} was not recorded",
            MAX_PENDING,
            r.source() + " (" + r.type() + ")");
      }
    } catch (RuntimeException e) {
      droppedFull.increment();
    }
  }

  /** Writes what waits; never throws (a failure drops and counts). */
  void flush() {
    List<RefusalTally.Entry> entries = tally.drain();
    for (RefusalTally.Entry e : entries) {
      Refusal r = e.last();
      byte[] value;
      try {
        value = serializer.serialize(Topics.INGEST_REFUSALS, toRecord(r, e.count()));
      } catch (RuntimeException ex) {
        droppedUnserializable.increment(e.count());
        warn("refusals not written: the record could not be serialized ({})", ex.toString());
        continue;
      }
      try {
        producer.send(
            new ProducerRecord<>(Topics.INGEST_REFUSALS, r.source(), value),
            (meta, ex) -> {
              if (ex == null) {
                written.increment();
              } else {
                droppedUnsent.increment(e.count());
                warn("refusals not written: Kafka did not take them ({})", ex.toString());
              }
            });
      } catch (RuntimeException ex) {
        droppedUnsent.increment(e.count());
        warn("refusals not written: Kafka did not take them ({})", ex.toString());
      }
    }
  }

  IngestRefusal toRecord(Refusal r, int count) {
    return IngestRefusal.newBuilder()
        .setSource(r.source())
        .setKind(r.kind().id())
        .setType(r.type())
        .setStatus(r.status())
        .setTitle(r.title())
        .setDetail(r.detail())
        .setAt(Instant.ofEpochMilli(r.atMillis()))
        .setCount(count)
        .setInstance(instanceId)
        .build();
  }

  private void warn(String format, Object arg) {
    long now = System.nanoTime();
    if (now - lastWarning >= LOG_INTERVAL_NANOS) {
      lastWarning = now;
      log.warn(format, arg);
    }
  }

  private void warn(String format, Object arg1, Object arg2) {
    long now = System.nanoTime();
    if (now - lastWarning >= LOG_INTERVAL_NANOS) {
      lastWarning = now;
      log.warn(format, arg1, arg2);
    }
  }

  /** Stops the loop, writes what waits, and closes the producer (at most 5 s). */
  @Override
  public void close() {
    if (loop != null) {
      loop.stop();
      loop.close();
    }
    flush();
    producer.close(Duration.ofSeconds(5));
  }
}
