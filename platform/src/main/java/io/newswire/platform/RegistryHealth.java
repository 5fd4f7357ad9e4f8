package io.newswire.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.newswire.platform.core.RegistryOutage;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Streams stage's view of its schema registry, shared by the stage's {@link DeadLetterHandler}s
 * (through the Streams config {@value #CONFIG}) and its {@link StreamsApp}: applies the {@link
 * RegistryOutage} rules to a failure, logs it (ERROR, naming the stage, the record and the
 * registry), counts it ({@code newswire_registry_failures_total{application,kind,phase}}), waits
 * the backoff on the failing stream thread, and answers readiness ({@code
 * newswire_registry_failing} is 1 meanwhile).
 */
final class RegistryHealth implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RegistryHealth.class);

  /** The Streams config key under which {@link StreamsApp} hands this object to its handlers. */
  static final String CONFIG = "newswire.registry.health";

  private final String stage;
  private final String registryUrl;
  private final RegistryOutage outage;
  private final LongSupplier processed;
  private final MeterRegistry metrics;
  private final CountDownLatch closed = new CountDownLatch(1);

  /**
   * @param processed how many records the stage has processed (only its growth matters: it ends an
   *     outage)
   * @param metrics where the registry metrics go; may be null
   */
  RegistryHealth(
      String stage,
      String registryUrl,
      Duration unknownSchemaGrace,
      LongSupplier processed,
      MeterRegistry metrics) {
    this.stage = stage;
    this.registryUrl = registryUrl;
    this.outage = new RegistryOutage(Clock.systemUTC(), unknownSchemaGrace);
    this.processed = processed;
    this.metrics = metrics;
    if (metrics != null) {
      Gauge.builder("newswire_registry_failing", this, h -> h.readiness().ready() ? 0 : 1)
          .tag("application", stage)
          .description("1 while the stage retries records because the schema registry fails it")
          .register(metrics);
    }
  }

  /**
   * Handles a registry failure of the record at {@code where} (topic-partition@offset) met in
   * {@code phase}: logs and counts it and, when the record is to be retried, waits the backoff
   * before returning.
   */
  RegistryOutage.Decision failed(
      RegistryFailures.Kind kind, String phase, String where, Throwable failure) {
    String error = RegistryFailures.describe(failure);
    long count = processed.getAsLong();
    logRecovery(count);
    if (metrics != null) {
      Counter.builder("newswire_registry_failures_total")
          .description(
              "records a Streams stage could not handle because of the schema registry, by kind and phase")
          .tag("application", stage)
          .tag("kind", kind.name().toLowerCase(Locale.ROOT))
          .tag("phase", phase)
          .register(metrics)
          .increment();
    }
    RegistryOutage.Decision decision =
        kind == RegistryFailures.Kind.UNKNOWN_SCHEMA
            ? outage.unknownSchema(where, error, count)
            : outage.unavailable(where, error, count);
    if (decision instanceof RegistryOutage.DeadLetter d) {
      log.error(
          "{}: the schema registry {} still does not know the schema id of {} after {} s ({}); dead-lettering "
              + "it as {}: a registry that lost its storage needs an operator (docs/operations.md)",
          stage,
          registryUrl,
          where,
          d.unknownFor().toSeconds(),
          error,
          phase);
      return decision;
    }
    RegistryOutage.Retry retry = (RegistryOutage.Retry) decision;
    RegistryOutage.Episode e = retry.episode();
    if (kind == RegistryFailures.Kind.UNKNOWN_SCHEMA) {
      log.error(
          "{}: the schema registry {} does not know the schema id of {} ({}, {}). Did the registry lose its "
              + "storage (docs/operations.md)? Not dead-lettering it yet: the stream thread fails and is replaced, and the "
              + "record is retried in {} ms; it is dead-lettered at {} if the registry still does not know the id "
              + "(NEWSWIRE_UNKNOWN_SCHEMA_GRACE_SECONDS={})",
          stage,
          registryUrl,
          where,
          phase,
          error,
          retry.backoff().toMillis(),
          e.deadLetterAt(),
          outage.grace().toSeconds());
    } else {
      log.error(
          "{}: schema registry {} unreachable ({}) at {} ({}); not dead-lettering a transient registry failure: "
              + "the stream thread fails and is replaced, and the record is retried in {} ms (unreachable since {}, {} "
              + "failures)",
          stage,
          registryUrl,
          error,
          where,
          phase,
          retry.backoff().toMillis(),
          e.since(),
          e.failures());
    }
    pause(retry.backoff());
    return decision;
  }

  Duration grace() {
    return outage.grace();
  }

  /**
   * Down while an outage lasts (until records are processed again), with what is wrong and since
   * when.
   */
  ServiceHttp.Readiness readiness() {
    logRecovery(processed.getAsLong());
    return outage
        .current()
        .map(e -> ServiceHttp.Readiness.down(e.describe()))
        .orElseGet(() -> ServiceHttp.Readiness.up("schema registry answering"));
  }

  private void logRecovery(long count) {
    outage
        .endIfProcessed(count)
        .ifPresent(
            e ->
                log.info(
                    "{}: records flow again, after {} attempts failed by the "
                        + "schema registry {} since {}",
                    stage,
                    e.failures(),
                    registryUrl,
                    e.since()));
  }

  /** Waits {@code d} on the failing stream thread, or less if the stage is closing. */
  private void pause(Duration d) {
    try {
      closed.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Cuts every backoff short: the stage is closing. */
  @Override
  public void close() {
    closed.countDown();
  }
}
