package io.newswire.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams topology the way every Newswire stage runs: exactly_once_v2, records that
 * fail to deserialize, process or produce go to the dead-letter topic ({@link DeadLetterHandler})
 * unless the schema registry failed them (then they are retried: {@link RegistryHealth}), Streams
 * metrics in Micrometer, readiness from the Streams state and the registry's, and a clean close.
 */
public final class StreamsApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

  /**
   * Streams' commit interval unless {@code commit.interval.ms} is set through {@code
   * KAFKA_CLIENT_*}.
   */
  public static final int DEFAULT_COMMIT_INTERVAL_MS = 100;

  /**
   * Stream threads per instance unless {@code num.stream.threads} is set through {@code
   * KAFKA_CLIENT_*}.
   */
  public static final int DEFAULT_STREAM_THREADS = 2;

  /**
   * The Streams consumers' session timeout unless {@code session.timeout.ms} is set through {@code
   * KAFKA_CLIENT_*}.
   */
  public static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;

  /**
   * How long a record whose schema id the registry does not know is retried before it is
   * dead-lettered.
   */
  public static final String UNKNOWN_SCHEMA_GRACE_VARIABLE =
      "NEWSWIRE_UNKNOWN_SCHEMA_GRACE_SECONDS";

  public static final Duration DEFAULT_UNKNOWN_SCHEMA_GRACE = Duration.ofMinutes(5);

  /** The settings every Streams stage reads, for its {@code --help}. */
  public static final String HELP =
      """
        NEWSWIRE_UNKNOWN_SCHEMA_GRACE_SECONDS  how long a record whose schema id the registry does not know is
                                  retried before it is dead-lettered (default 300; 0: at once)
      """;

  private final String applicationId;
  private final String inputTopic;
  private final KafkaStreams streams;
  private final Duration closeTimeout;
  private final RegistryHealth registry;
  private final LocalState localState;

  /**
   * The last process-total seen per stream thread, and the records processed that they add up to.
   */
  private final Map<String, Long> processedByThread = new HashMap<>();

  private long processed;
  private KafkaStreamsMetrics streamsMetrics;

  public StreamsApp(Topology topology, Properties props, MeterRegistry metrics) {
    this(topology, props, metrics, null);
  }

  /**
   * @param inputTopic the topic the topology reads, for logs and switches; may be null
   */
  public StreamsApp(Topology topology, Properties props, MeterRegistry metrics, String inputTopic) {
    this.inputTopic = inputTopic;
    this.applicationId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    this.registry =
        new RegistryHealth(
            applicationId,
            String.valueOf(props.get(DeadLetterHandler.REGISTRY_URL_CONFIG)),
            DeadLetterHandler.unknownSchemaGrace(
                props.get(DeadLetterHandler.UNKNOWN_SCHEMA_GRACE_CONFIG)),
            this::processed,
            metrics);
    Properties withRegistry = new Properties();
    withRegistry.putAll(props);
    withRegistry.put(RegistryHealth.CONFIG, registry); // the dead-letter handlers share it
    this.localState =
        new LocalState(
            Path.of(
                withRegistry.getProperty(
                    StreamsConfig.STATE_DIR_CONFIG, defaultStateDir("kafka-streams"))),
            applicationId);
    localState.prepare(); // before Streams opens it: the state of a killed run is discarded
    this.streams = new KafkaStreams(topology, withRegistry);
    this.closeTimeout = closeTimeout(ServiceMain.shutdownTimeout(Env.system()));
    // A stream thread that dies on something no handler could dead-letter (the registry is
    // unreachable, or the dead
    // letter cannot be written) is replaced: the record is retried, never skipped.
    streams.setUncaughtExceptionHandler(
        e -> {
          if (RegistryFailures.classify(e) == RegistryFailures.Kind.NOT_A_REGISTRY_PROBLEM) {
            log.error(
                "{}: stream thread failed, replacing it; the failed record will be retried",
                applicationId,
                e);
          } else {
            log.warn(
                "{}: stream thread failed on a schema registry failure (logged above), replacing it; the record will "
                    + "be retried: {}",
                applicationId,
                RegistryFailures.describe(e));
          }
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.setStateListener((now, before) -> log.info("{}: {} -> {}", applicationId, before, now));
    if (metrics != null) {
      streamsMetrics = new KafkaStreamsMetrics(streams);
      streamsMetrics.bindTo(metrics);
    }
  }

  /**
   * A stage's state directory when its configuration names none: {@code name} under the system temp
   * dir.
   */
  public static String defaultStateDir(String name) {
    return Path.of(System.getProperty("java.io.tmpdir"), name).toString();
  }

  /** Streams settings shared by every stage; callers add or override their own. */
  public static Properties properties(KafkaSettings kafka, String applicationId, String stateDir) {
    Properties p = new Properties();
    p.putAll(kafka.clientProps());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    p.put("processing.exception.handler.global.enabled", true);
    p.put(DeadLetterHandler.DLQ_TOPIC_CONFIG, Topics.DLQ);
    p.put(DeadLetterHandler.REGISTRY_URL_CONFIG, kafka.registryUrl());
    // A KAFKA_CLIENT_* setting of the same key (or a test's KafkaSettings override) wins.
    p.putIfAbsent(
        DeadLetterHandler.UNKNOWN_SCHEMA_GRACE_CONFIG, unknownSchemaGrace(Env.system()).toMillis());
    // Bigger batches are the main throughput lever (docs/performance-publish.md); linger stays
    // small for latency.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 262_144);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    // Records as large as the story contract allows (StoryLimits): the producers take them, and so
    // do the topics
    // Streams creates itself (state store changelogs, e.g. publish's latest events); provisioning
    // sets the rest.
    kafka.producerLimits().forEach((k, v) -> p.put(StreamsConfig.producerPrefix(k), v));
    p.put(
        StreamsConfig.topicPrefix(Topics.MAX_MESSAGE_BYTES),
        Integer.toString(kafka.storyLimits().maxRecordBytes()));
    // Under exactly_once_v2 a record is visible downstream only once its transaction commits, so
    // the commit interval
    // is most of a hop's latency; shorter intervals made the whole pipeline's tail worse (more,
    // smaller transactions
    // cost broker CPU the stages need): Kafka's own exactly-once default is kept, written out. The
    // measurements are in
    // docs/performance-publish.md. KAFKA_CLIENT_COMMIT_INTERVAL_MS overrides it.
    p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, DEFAULT_COMMIT_INTERVAL_MS);
    // A stream thread waits for each commit; with two, one processes while the other commits (3
    // partitions by
    // default); docs/performance-publish.md has what it did. KAFKA_CLIENT_NUM_STREAM_THREADS
    // overrides it.
    p.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG, DEFAULT_STREAM_THREADS);
    // A stream thread replaced after a failure (a record retried because the registry failed it)
    // does not leave the
    // group in Kafka Streams 4.4 (replaceStreamThread shuts it down with the DEFAULT membership
    // operation, which keeps
    // a classic-protocol member): its partitions wait for its session to expire before the new
    // thread gets them. 10 s
    // (Kafka's default before 3.0) rather than 45 s: a stage retries a record every ~15 s, not
    // every ~50 s.
    // KAFKA_CLIENT_SESSION_TIMEOUT_MS overrides it.
    p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, DEFAULT_SESSION_TIMEOUT_MS);
    return p;
  }

  /**
   * {@value #UNKNOWN_SCHEMA_GRACE_VARIABLE}, at least 0 s; {@link #DEFAULT_UNKNOWN_SCHEMA_GRACE}
   * when unset.
   */
  public static Duration unknownSchemaGrace(Env env) {
    int s =
        env.integer(UNKNOWN_SCHEMA_GRACE_VARIABLE, (int) DEFAULT_UNKNOWN_SCHEMA_GRACE.toSeconds());
    if (s < 0) {
      throw new IllegalArgumentException(
          UNKNOWN_SCHEMA_GRACE_VARIABLE + " cannot be negative, got " + s);
    }
    return Duration.ofSeconds(s);
  }

  /**
   * How long {@link #close()} waits for the stream threads: the service's shutdown timeout ({@link
   * ServiceMain}) less what the rest of the service may need to close (10 s, or half of it when
   * shorter), so a stuck stream thread is given up on before the JVM is halted.
   */
  static Duration closeTimeout(Duration shutdownTimeout) {
    Duration rest = shutdownTimeout.dividedBy(2);
    return shutdownTimeout.minus(
        rest.compareTo(Duration.ofSeconds(10)) < 0 ? rest : Duration.ofSeconds(10));
  }

  public void start() {
    log.info("{}: starting", applicationId);
    streams.start();
  }

  public KafkaStreams streams() {
    return streams;
  }

  public String inputTopic() {
    return inputTopic;
  }

  public String applicationId() {
    return applicationId;
  }

  /**
   * Up while Streams runs or rebalances and no record is being retried because of the schema
   * registry (from such a failure until records are processed again).
   */
  public ServiceHttp.Readiness readiness() {
    KafkaStreams.State s = streams.state();
    ServiceHttp.Readiness state =
        s.isRunningOrRebalancing()
            ? ServiceHttp.Readiness.up("streams " + s)
            : ServiceHttp.Readiness.down("streams " + s);
    return state.and(registry.readiness());
  }

  /**
   * How many records the stream threads have processed, as far as this instance has seen: the
   * growth of each thread's {@code process-total} (a replaced thread may reuse a name; its count
   * then starts again from zero).
   */
  synchronized long processed() {
    for (Map.Entry<MetricName, ? extends Metric> m : streams.metrics().entrySet()) {
      MetricName name = m.getKey();
      if (name.name().equals("process-total")
          && name.group().equals("stream-thread-metrics")
          && m.getValue().metricValue() instanceof Number n) {
        long now = n.longValue();
        Long before = processedByThread.put(name.tags().get("thread-id"), now);
        processed += before == null || now < before ? now : now - before;
      }
    }
    return processed;
  }

  @Override
  public void close() {
    log.info("{}: closing", applicationId);
    registry.close(); // a stream thread waiting out a registry backoff stops waiting
    // Leave the group on a clean stop: the partitions move to other instances at once, and an
    // operator can reset
    // the group's offsets as soon as the last instance is stopped (not a session timeout later).
    boolean closed =
        streams.close(
            CloseOptions.timeout(closeTimeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    if (!closed) {
      // Its open transaction is never committed: the broker aborts it, and its records are
      // processed again by the
      // next instance to own the partitions (exactly_once_v2). Waiting longer would not make the
      // thread return.
      log.error(
          "{}: Kafka Streams did not stop within {} s; still running: {}",
          applicationId,
          closeTimeout.toSeconds(),
          ServiceMain.threads(t -> t.getName().contains("-StreamThread-")));
    } else {
      localState.markCleanStop();
    }
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
  }
}
