package io.newswire.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.platform.ServiceMain;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.io.IOException;
import java.nio.file.Files;
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
 * SIGTERM stops a Streams stage within its shutdown timeout even when a stream thread is stuck in a record, and
 * nothing is lost: restarted, the stage writes every input record exactly once (read_committed). The stage runs in a
 * child JVM ({@link StuckStreamsMain}) on the shared test broker, with its own application id and topics.
 */
@WithPipelineInfra
class BoundedShutdownIT {
  static final int TIMEOUT_SECONDS = 10;
  /** A correctness bound (the JVM is gone after its deadline), not a performance figure. */
  static final int MARGIN_SECONDS = 20;
  static final int RECORDS = 20;

  @TempDir
  Path dir;

  Process stage(PipelineInfra infra, String app, String in, String out, String blockOn, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), StuckStreamsMain.class.getName(), app, in, out,
        dir.resolve("state").toString(), blockOn).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
    pb.environment().put("REGISTRY_URL", infra.registryUrl());
    pb.environment().put(ServiceMain.SHUTDOWN_TIMEOUT_VARIABLE, Integer.toString(TIMEOUT_SECONDS));
    // the stuck instance's consumer leaves the group when its session ends: keep that short for the restart
    pb.environment().put("KAFKA_CLIENT_SESSION_TIMEOUT_MS", "6000");
    return pb.start();
  }

  static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  static void stop(Process p, Path log) throws InterruptedException {
    p.destroy(); // SIGTERM
    assertThat(p.waitFor(TIMEOUT_SECONDS + MARGIN_SECONDS, TimeUnit.SECONDS))
        .as("stopped within %d s + %d s: %s", TIMEOUT_SECONDS, MARGIN_SECONDS, read(log)).isTrue();
  }

  @Test
  void aStuckStreamThreadDoesNotHoldUpSigterm_andTheRestartWritesEveryRecordExactlyOnce(PipelineInfra infra)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String app = "it-stuck-" + run;
    String in = "it.stuck." + run + ".in";
    String out = "it.stuck." + run + ".out";
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", infra.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(in, 1, (short) 1), new NewTopic(out, 1, (short) 1))).all()
          .get(30, TimeUnit.SECONDS);
    }
    List<String> values = IntStream.range(0, RECORDS).mapToObj(i -> "v" + i).toList();
    try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", infra.bootstrapServers(),
        "acks", "all"), new StringSerializer(), new StringSerializer())) {
      for (String v : values) {
        producer.send(new ProducerRecord<>(in, "k-" + v, v)).get(10, TimeUnit.SECONDS);
      }
    }

    // 1. the stream thread blocks for ever on v12; SIGTERM still ends the JVM within the timeout
    Path first = dir.resolve("first.log");
    Process stuck = stage(infra, app, in, out, "v12", first);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> read(first).contains("blocking forever on v12")
        || !stuck.isAlive());
    assertThat(stuck.isAlive()).as("the stage runs: %s", read(first)).isTrue();
    stop(stuck, first);
    assertThat(stuck.exitValue()).isNotZero();
    assertThat(read(first)).contains("stuck-streams: stopping (at most " + TIMEOUT_SECONDS + " s)")
        .contains(app + ": Kafka Streams did not stop within 5 s; still running: " + app);

    // 2. restarted without the block: every input record is in the output exactly once
    Path second = dir.resolve("second.log");
    Process restarted = stage(infra, app, in, out, "-", second);
    try {
      Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
          TopicReader.readUntil(infra.bootstrapServers(), out, new StringDeserializer(), new StringDeserializer(),
              r -> r.size() >= RECORDS, Duration.ofSeconds(2)).size() >= RECORDS);
    } finally {
      stop(restarted, second);
    }
    assertThat(restarted.exitValue()).as(read(second)).isEqualTo(143); // a clean stop: 128 + SIGTERM
    List<String> written = TopicReader.readToEnd(infra.bootstrapServers(), out, new StringDeserializer(),
        new StringDeserializer(), Duration.ofSeconds(30)).stream().map(ConsumerRecord::value).toList();
    assertThat(written).containsExactlyInAnyOrderElementsOf(values.stream().map(v -> v + "-out").toList());
  }
}
