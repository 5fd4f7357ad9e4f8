package io.newswire.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM on
 * 127.0.0.1.
 *
 * <p>Built from the Kafka jars on Maven Central at the project's one Kafka version. With a data
 * directory the log survives a restart (the ports are kept in the directory, since the controller's
 * address is part of the quorum's state); without one it lives in a temporary directory removed on
 * {@link #close()}.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String PORTS_FILE = "newswire-ports.properties";

  /** How to start the broker. Port 0 picks a free port (or the one saved in the data directory). */
  public record Options(int port, Path dataDir, int defaultPartitions) {
    public static Options defaults() {
      return new Options(0, null, 3);
    }

    public Options withPort(int p) {
      return new Options(p, dataDir, defaultPartitions);
    }

    public Options withDataDir(Path d) {
      return new Options(port, d, defaultPartitions);
    }
  }

  private final KafkaRaftServer server;
  private final Path dir;
  private final boolean temporary;
  private final int port;
  private volatile boolean closed;

  private EmbeddedKafka(KafkaRaftServer server, Path dir, boolean temporary, int port) {
    this.server = server;
    this.dir = dir;
    this.temporary = temporary;
    this.port = port;
  }

  public static EmbeddedKafka start(Options options) {
    try {
      boolean temporary = options.dataDir() == null;
      Path dir =
          temporary
              ? Files.createTempDirectory("newswire-kafka-")
              : options.dataDir().toAbsolutePath();
      Files.createDirectories(dir);
      Path logDir = dir.resolve("log");
      Properties ports = loadPorts(dir);
      int port =
          options.port() != 0
              ? options.port()
              : Integer.parseInt(ports.getProperty("broker", Integer.toString(freePort())));
      int controllerPort =
          Integer.parseInt(ports.getProperty("controller", Integer.toString(freePort())));
      ports.setProperty("broker", Integer.toString(port));
      ports.setProperty("controller", Integer.toString(controllerPort));
      try (Writer w = Files.newBufferedWriter(dir.resolve(PORTS_FILE))) {
        ports.store(w, "ports of the embedded Newswire broker");
      }

      Properties props =
          brokerProperties(port, controllerPort, logDir, options.defaultPartitions());
      Path configFile = dir.resolve("server.properties");
      try (Writer w = Files.newBufferedWriter(configFile)) {
        props.store(w, "embedded Newswire broker");
      }
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        format(configFile);
      }
      long t0 = System.nanoTime();
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
      server.startup();
      EmbeddedKafka kafka = new EmbeddedKafka(server, dir, temporary, port);
      kafka.awaitReady(Duration.ofSeconds(60));
      log.info(
          "Kafka broker (KRaft) ready on {} in {} ms, data in {}",
          kafka.bootstrapServers(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
          dir);
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded Kafka broker", e);
    }
  }

  static Properties brokerProperties(int port, int controllerPort, Path logDir, int partitions) {
    Properties p = new Properties();
    p.putAll(
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", "1"),
            Map.entry(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
            Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
            Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
            Map.entry("controller.listener.names", "CONTROLLER"),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort),
            Map.entry("log.dirs", logDir.toString()),
            Map.entry("num.partitions", Integer.toString(partitions)),
            // one node: every internal topic must have replication factor 1
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "3"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "3"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("auto.create.topics.enable", "false"),
            Map.entry("log.flush.interval.messages", Long.toString(Long.MAX_VALUE))));
    return p;
  }

  private static void format(Path configFile) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] args = {
      "format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString(), "--standalone"
    };
    int rc;
    try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      rc = StorageTool.execute(args, ps);
    } catch (Exception e) {
      throw new IllegalStateException("formatting the KRaft log directory failed: " + out, e);
    }
    if (rc != 0) {
      throw new IllegalStateException(
          "formatting the KRaft log directory failed (" + rc + "): " + out);
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5000))) {
      while (System.nanoTime() < deadline) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          last = new IllegalStateException(e);
        }
      }
    }
    close();
    throw new IllegalStateException(
        "the embedded broker did not become ready within " + timeout, last);
  }

  private static Properties loadPorts(Path dir) throws IOException {
    Properties p = new Properties();
    Path f = dir.resolve(PORTS_FILE);
    if (Files.exists(f)) {
      try (var r = Files.newBufferedReader(f)) {
        p.load(r);
      }
    }
    return p;
  }

  /** A port that was free on 127.0.0.1 a moment ago. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dir;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      if (temporary) {
        deleteQuietly(dir);
      }
    }
    log.info("Kafka broker on {} stopped", bootstrapServers());
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("could not delete {}", dir, e);
    }
  }
}
