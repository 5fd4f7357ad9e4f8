package io.newswire.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.platform.ServiceMain;
import io.newswire.testkit.ChildJvm;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM stops a service within {@code SHUTDOWN_TIMEOUT_SECONDS} whatever is stuck, on real JVMs
 * ({@link ChildJvm}): a Streams stage whose stream thread never returns from a record stops in time
 * and loses nothing — restarted, it writes every input record exactly once (read_committed) — and a
 * close that never returns is halted at the deadline. The stage ({@link StuckStreamsMain}) runs on
 * the shared test broker with its own application id and topics.
 */
@WithPipelineInfra
class BoundedShutdownIT {
  static final int TIMEOUT_SECONDS = 10;

  /** A correctness bound (the JVM is gone after its deadline), not a performance figure. */
  static final Duration STOPPED_WITHIN = Duration.ofSeconds(TIMEOUT_SECONDS + 20);

  static final int RECORDS = 20;

  @TempDir Path dir;

  ChildJvm stage(PipelineInfra infra, String app, String in, String out, String blockOn, String log)
      throws Exception {
    ChildJvm stage =
        ChildJvm.start(
            StuckStreamsMain.class,
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                infra.bootstrapServers(),
                "REGISTRY_URL",
                infra.registryUrl(),
                ServiceMain.SHUTDOWN_TIMEOUT_VARIABLE,
                Integer.toString(TIMEOUT_SECONDS),
                // the stuck instance's consumer leaves the group when its session ends: keep that
                // short for the restart
                "KAFKA_CLIENT_SESSION_TIMEOUT_MS",
                "6000"),
            dir.resolve(log),
            app,
            in,
            out,
            dir.resolve("state").toString(),
            blockOn);
    stage.awaitOutput("stuck-streams: started", Duration.ofSeconds(60));
    return stage;
  }

  static void stop(ChildJvm jvm) throws InterruptedException {
    assertThat(jvm.sigtermAndWait(STOPPED_WITHIN))
        .as("stopped within %s: %s", STOPPED_WITHIN, jvm.output())
        .isTrue();
  }

  @Test
  void aStuckStreamThreadDoesNotHoldUpSigterm_andTheRestartWritesEveryRecordExactlyOnce(
      PipelineInfra infra) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String app = "it-stuck-" + run;
    String in = "it.stuck." + run + ".in";
    String out = "it.stuck." + run + ".out";
    try (Admin admin =
        Admin.create(Map.<String, Object>of("bootstrap.servers", infra.bootstrapServers()))) {
      admin
          .createTopics(List.of(new NewTopic(in, 1, (short) 1), new NewTopic(out, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    List<String> values = IntStream.range(0, RECORDS).mapToObj(i -> "v" + i).toList();
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", infra.bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new StringSerializer())) {
      for (String v : values) {
        producer.send(new ProducerRecord<>(in, "k-" + v, v)).get(10, TimeUnit.SECONDS);
      }
    }

    // 1. the stream thread blocks for ever on v12; SIGTERM still ends the JVM within the timeout
    try (ChildJvm stuck = stage(infra, app, in, out, "v12", "first.log")) {
      stuck.awaitOutput("blocking forever on v12", Duration.ofSeconds(60));
      stop(stuck);
      assertThat(stuck.exitValue()).isNotZero();
      assertThat(stuck.output())
          .contains("stuck-streams: stopping (at most " + TIMEOUT_SECONDS + " s)")
          .contains(app + ": Kafka Streams did not stop within 5 s; still running: " + app);
    }

    // 2. restarted without the block: every input record is in the output exactly once
    try (ChildJvm restarted = stage(infra, app, in, out, "-", "second.log")) {
      try {
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    TopicReader.readUntil(
                                infra.bootstrapServers(),
                                out,
                                new StringDeserializer(),
                                new StringDeserializer(),
                                r -> r.size() >= RECORDS,
                                Duration.ofSeconds(2))
                            .size()
                        >= RECORDS);
      } finally {
        stop(restarted);
      }
      assertThat(restarted.exitValue())
          .as(restarted.output())
          .isEqualTo(143); // a clean stop: 128 + SIGTERM
    }
    List<String> written =
        TopicReader.readToEnd(
                infra.bootstrapServers(),
                out,
                new StringDeserializer(),
                new StringDeserializer(),
                Duration.ofSeconds(30))
            .stream()
            .map(ConsumerRecord::value)
            .toList();
    assertThat(written)
        .containsExactlyInAnyOrderElementsOf(values.stream().map(v -> v + "-out").toList());
  }

  @Test
  void aCloseThatNeverReturnsIsHaltedAtTheDeadlineSayingWhatIsStuck() throws Exception {
    try (ChildJvm hanging =
        ChildJvm.start(
            HangingCloseMain.class,
            Map.of(ServiceMain.SHUTDOWN_TIMEOUT_VARIABLE, "2"),
            dir.resolve("hanging.log"))) {
      hanging.awaitOutput(
          "hanging-close: started; a stop takes at most 2 s", Duration.ofSeconds(60));
      assertThat(hanging.sigtermAndWait(Duration.ofSeconds(2 + 20))).as(hanging.output()).isTrue();
      assertThat(hanging.exitValue()).isEqualTo(ServiceMain.HALT_STATUS);
      assertThat(hanging.output())
          .contains("hanging-close: stopping (at most 2 s)")
          .contains("hanging-close: did not stop within 2 s, halting the JVM (exit status 3)")
          .contains("HangingCloseMain.closeForever")
          .doesNotContain("hanging-close: stopped");
    }
  }
}
