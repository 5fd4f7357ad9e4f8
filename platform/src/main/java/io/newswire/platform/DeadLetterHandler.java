package io.newswire.platform;

import io.newswire.platform.core.RegistryOutage;
import io.newswire.schema.v1.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record that a Streams app cannot deserialize, process or produce to the dead-letter
 * topic, as a {@link DeadLetter} carrying the original key and value bytes and the reason, then
 * lets the app go on.
 *
 * <p>The dead letter is produced by Kafka Streams itself, in the same transaction as the input
 * offset commit (Streams' dead-letter support, KIP-1034), so under exactly_once_v2 a poison record
 * is dead-lettered exactly once.
 *
 * <p>A retriable failure to write (the broker's, e.g. a send that timed out) is not the record's
 * fault either: the handler answers FAIL and the record is retried.
 *
 * <p>A failure of the schema registry is not the record's fault ({@link RegistryFailures}): the
 * handler answers FAIL, after the backoff of the stage's {@link RegistryHealth}, so the stream
 * thread is replaced ({@link StreamsApp}) and the record retried — while the registry is
 * unreachable, for as long as it takes; while the registry does not know the record's schema id,
 * for {@value #UNKNOWN_SCHEMA_GRACE_CONFIG} ms, then it is dead-lettered with that reason. If the
 * dead letter itself cannot be serialized (registry unreachable), the handler fails likewise rather
 * than drop the record.
 */
public final class DeadLetterHandler
    implements DeserializationExceptionHandler,
        ProcessingExceptionHandler,
        ProductionExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

  /** Streams config keys this handler reads (set by {@link StreamsApp}). */
  public static final String DLQ_TOPIC_CONFIG = "newswire.dlq.topic";

  public static final String REGISTRY_URL_CONFIG = "newswire.registry.url";

  /**
   * How long (ms) a record whose schema id the registry does not know is retried before it is
   * dead-lettered.
   */
  public static final String UNKNOWN_SCHEMA_GRACE_CONFIG = "newswire.unknown.schema.grace.ms";

  /**
   * Header a redriven record carries: how many times it had failed before (see {@code newswire dlq
   * redrive}).
   */
  public static final String REDRIVE_ATTEMPT_HEADER = "newswire.redrive.attempt";

  private String topic = Topics.DLQ;
  private String stage = "unknown";
  private Serializer<DeadLetter> serializer;
  private RegistryHealth health;

  /**
   * The failure this thread last answered with FAIL: Streams hands a production failure to the
   * processing handler too (a sink runs inside its parent's process call), and one failure is
   * logged and waited for once.
   */
  private final ThreadLocal<Throwable> failed = new ThreadLocal<>();

  @Override
  public void configure(Map<String, ?> configs) {
    Object t = configs.get(DLQ_TOPIC_CONFIG);
    if (t != null) {
      topic = t.toString();
    }
    Object app = configs.get("application.id");
    stage = app == null ? stage : app.toString();
    Object registry = configs.get(REGISTRY_URL_CONFIG);
    Object bootstrap = configs.get("bootstrap.servers");
    if (registry == null) {
      throw new IllegalArgumentException(
          REGISTRY_URL_CONFIG + " is required by " + getClass().getSimpleName());
    }
    serializer =
        AvroSerdes.serializer(
            new KafkaSettings(String.valueOf(bootstrap), registry.toString()), false);
    health =
        configs.get(RegistryHealth.CONFIG) instanceof RegistryHealth shared
            ? shared
            : new RegistryHealth(
                stage,
                registry.toString(),
                unknownSchemaGrace(configs.get(UNKNOWN_SCHEMA_GRACE_CONFIG)),
                () -> 0,
                null);
  }

  /**
   * The grace from its config value (ms); {@link StreamsApp#DEFAULT_UNKNOWN_SCHEMA_GRACE} when
   * unset.
   */
  static java.time.Duration unknownSchemaGrace(Object ms) {
    return ms == null
        ? StreamsApp.DEFAULT_UNKNOWN_SCHEMA_GRACE
        : java.time.Duration.ofMillis(Long.parseLong(ms.toString().trim()));
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(
      ErrorHandlerContext ctx, ConsumerRecord<byte[], byte[]> record, Exception e) {
    List<ProducerRecord<byte[], byte[]>> dlq =
        handle("DESERIALIZATION", ctx, record.key(), record.value(), e);
    return dlq == null
        ? DeserializationExceptionHandler.Response.fail()
        : DeserializationExceptionHandler.Response.resume(dlq);
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext ctx, Record<?, ?> record, Exception e) {
    List<ProducerRecord<byte[], byte[]>> dlq =
        handle("PROCESSING", ctx, ctx.sourceRawKey(), ctx.sourceRawValue(), e);
    return dlq == null
        ? ProcessingExceptionHandler.Response.fail()
        : ProcessingExceptionHandler.Response.resume(dlq);
  }

  @Override
  public ProductionExceptionHandler.Response handleError(
      ErrorHandlerContext ctx, ProducerRecord<byte[], byte[]> record, Exception e) {
    if (e instanceof RetriableException) {
      // The broker's problem (a partition without a leader, a send that timed out), not the
      // record's: dead-lettering it would lose a story the next attempt writes. The stream thread
      // fails and is replaced (StreamsApp); its transaction is aborted and the record processed
      // again.
      log.warn(
          "could not write the output of {} ({}); the stream thread fails and the record is"
              + " retried",
          where(ctx),
          reason(e));
      failed.set(e); // the processing handler sees it again (wrapped) on the next send
      return ProductionExceptionHandler.Response.fail();
    }
    return production("PRODUCTION", ctx, e);
  }

  @Override
  public ProductionExceptionHandler.Response handleSerializationError(
      ErrorHandlerContext ctx,
      ProducerRecord record,
      Exception e,
      SerializationExceptionOrigin origin) {
    return production("SERIALIZATION_" + origin, ctx, e);
  }

  /** What a failure to produce or to serialize does: dead-letters the source record, or fails. */
  private ProductionExceptionHandler.Response production(
      String phase, ErrorHandlerContext ctx, Exception e) {
    List<ProducerRecord<byte[], byte[]>> dlq =
        handle(phase, ctx, ctx.sourceRawKey(), ctx.sourceRawValue(), e);
    return dlq == null
        ? ProductionExceptionHandler.Response.fail()
        : ProductionExceptionHandler.Response.resume(dlq);
  }

  /**
   * The dead letter to write and go on with, or null to fail the stream thread so the record is
   * retried.
   */
  private List<ProducerRecord<byte[], byte[]>> handle(
      String phase, ErrorHandlerContext ctx, byte[] key, byte[] value, Exception e) {
    if (causedBy(e, failed.get())) {
      return null; // a production failure, seen again by the processing handler: already handled
    }
    RegistryFailures.Kind kind = RegistryFailures.classify(e);
    List<ProducerRecord<byte[], byte[]>> dlq;
    if (kind == RegistryFailures.Kind.NOT_A_REGISTRY_PROBLEM) {
      dlq = deadLetter(phase, ctx, key, value, e, "");
    } else if (health.failed(kind, phase, where(ctx), e) instanceof RegistryOutage.DeadLetter d) {
      dlq =
          deadLetter(
              phase,
              ctx,
              key,
              value,
              e,
              "schema id unknown to the schema registry for "
                  + d.unknownFor().toSeconds()
                  + " s, the grace (NEWSWIRE_UNKNOWN_SCHEMA_GRACE_SECONDS) is "
                  + health.grace().toSeconds()
                  + " s: ");
    } else {
      dlq = null;
    }
    failed.set(dlq == null ? e : null);
    return dlq;
  }

  private static boolean causedBy(Throwable failure, Throwable earlier) {
    for (Throwable t = failure;
        earlier != null && t != null;
        t = t.getCause() == t ? null : t.getCause()) {
      if (t == earlier) {
        return true;
      }
    }
    return false;
  }

  private static String where(ErrorHandlerContext ctx) {
    return ctx == null
        ? "an unknown record"
        : ctx.topic() + "-" + ctx.partition() + "@" + ctx.offset();
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetter(
      String phase,
      ErrorHandlerContext ctx,
      byte[] key,
      byte[] value,
      Exception e,
      String reasonPrefix) {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setStage(stage)
            .setPhase(phase)
            .setReason(reasonPrefix + reason(e))
            .setExceptionClass(rootCause(e).getClass().getName())
            .setSourceTopic(ctx == null ? null : ctx.topic())
            .setSourcePartition(ctx == null ? null : ctx.partition())
            .setSourceOffset(ctx == null ? null : ctx.offset())
            .setKey(key == null ? null : ByteBuffer.wrap(key))
            .setValue(value == null ? null : ByteBuffer.wrap(value))
            .setHeaders(headers(ctx == null ? null : ctx.headers()))
            .setFailedAt(Instant.now())
            .setAttempt(previousAttempts(ctx == null ? null : ctx.headers()) + 1)
            .build();
    try {
      byte[] bytes = serializer.serialize(topic, letter);
      log.warn(
          "dead-lettered record {}-{}@{} key={} phase={} reason={}",
          letter.getSourceTopic(),
          letter.getSourcePartition(),
          letter.getSourceOffset(),
          key == null ? null : new String(key, java.nio.charset.StandardCharsets.UTF_8),
          phase,
          letter.getReason());
      return List.of(new ProducerRecord<>(topic, null, key, bytes));
    } catch (RuntimeException serializationFailure) {
      log.error(
          "could not dead-letter record {}-{}@{} ({}); failing instead of dropping it",
          letter.getSourceTopic(),
          letter.getSourcePartition(),
          letter.getSourceOffset(),
          letter.getReason(),
          serializationFailure);
      RegistryFailures.Kind kind = RegistryFailures.classify(serializationFailure);
      if (kind != RegistryFailures.Kind.NOT_A_REGISTRY_PROBLEM) {
        health.failed(kind, phase, where(ctx), serializationFailure); // readiness, metric, backoff
      }
      return null;
    }
  }

  static int previousAttempts(Headers headers) {
    Header h = headers == null ? null : headers.lastHeader(REDRIVE_ATTEMPT_HEADER);
    if (h == null || h.value() == null) {
      return 0;
    }
    try {
      return Integer.parseInt(
          new String(h.value(), java.nio.charset.StandardCharsets.UTF_8).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static String reason(Throwable e) {
    Throwable root = rootCause(e);
    String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return e == root ? msg : e.getClass().getSimpleName() + ": " + msg;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static Map<String, ByteBuffer> headers(Headers headers) {
    Map<String, ByteBuffer> out = new HashMap<>();
    if (headers != null) {
      for (Header h : headers) {
        if (h.value() != null) {
          out.put(h.key(), ByteBuffer.wrap(h.value()));
        }
      }
    }
    return out;
  }
}
