package io.newswire.infra;

import io.newswire.platform.KafkaSecurity;
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

  /**
   * How to start the broker. Port 0 picks a free port (or the one saved in the data directory).
   * Without {@code security} the broker listens PLAINTEXT and allows everything; with it, see
   * {@link Security}.
   */
  public record Options(int port, Path dataDir, int defaultPartitions, Security security) {
    public Options(int port, Path dataDir, int defaultPartitions) {
      this(port, dataDir, defaultPartitions, null);
    }

    public static Options defaults() {
      return new Options(0, null, 3);
    }

    public Options withPort(int p) {
      return new Options(p, dataDir, defaultPartitions, security);
    }

    public Options withDataDir(Path d) {
      return new Options(port, d, defaultPartitions, security);
    }

    /** Started secured ({@link Security}). */
    public Options withSecurity(Security s) {
      return new Options(port, dataDir, defaultPartitions, s);
    }
  }

  /**
   * A secured broker: clients authenticate with SASL/SCRAM-SHA-512 on a SASL_PLAINTEXT listener and
   * are authorized by ACLs ({@code StandardAuthorizer}; no ACL, no access). {@code admin} is a
   * super user, the broker's own principal between its listeners, and its SCRAM credential and
   * those of {@code users} are written into the log at format time (the storage tool's {@code
   * --add-scram}), so they exist before the first client connects; more users can be created later
   * through the Admin API ({@code ScramUsers}). The controller listener stays PLAINTEXT on
   * 127.0.0.1 and its (anonymous) principal is a super user, as the broker registers with the
   * controller through it.
   *
   * <p>Names and passwords are written into the server.properties of the data directory and go
   * through the storage tool's {@code name=...,password=...} syntax: letters, digits, {@code -} and
   * {@code _} only.
   */
  public record Security(String admin, String adminPassword, Map<String, String> users) {
    public Security {
      users = Map.copyOf(users);
      check(admin);
      check(adminPassword);
      users.forEach(
          (u, pw) -> {
            check(u);
            check(pw);
          });
    }

    /** A super user {@code admin} and no other user. */
    public static Security scram(String adminPassword) {
      return new Security("admin", adminPassword, Map.of());
    }

    public Security withUsers(Map<String, String> more) {
      Map<String, String> all = new java.util.TreeMap<>(users);
      all.putAll(more);
      return new Security(admin, adminPassword, all);
    }

    /** The client settings of {@code user} (SASL_PLAINTEXT, SCRAM-SHA-512). */
    public Map<String, String> clientProps(String user, String password) {
      return KafkaSecurity.scramClientProps(user, password);
    }

    /** The client settings of the super user. */
    public Map<String, String> adminClientProps() {
      return clientProps(admin, adminPassword);
    }

    private static void check(String s) {
      if (s == null || !s.matches("[A-Za-z0-9_-]+")) {
        throw new IllegalArgumentException(
            "SCRAM names and passwords of the embedded broker are letters, digits, - and _");
      }
    }
  }

  private final KafkaRaftServer server;
  private final Path dir;
  private final boolean temporary;
  private final int port;
  private final Security security;
  private volatile boolean closed;

  private EmbeddedKafka(
      KafkaRaftServer server, Path dir, boolean temporary, int port, Security security) {
    this.server = server;
    this.dir = dir;
    this.temporary = temporary;
    this.port = port;
    this.security = security;
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
      if (options.security() != null) {
        secure(props, port, options.security());
      }
      Path configFile = dir.resolve("server.properties");
      try (Writer w = Files.newBufferedWriter(configFile)) {
        props.store(w, "embedded Newswire broker");
      }
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        format(configFile, options.security());
      }
      long t0 = System.nanoTime();
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
      server.startup();
      EmbeddedKafka kafka = new EmbeddedKafka(server, dir, temporary, port, options.security());
      kafka.awaitReady(Duration.ofSeconds(60));
      log.info(
          "Kafka broker (KRaft{}) ready on {} in {} ms, data in {}",
          options.security() == null ? "" : ", SASL/SCRAM and ACLs",
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

  /**
   * Turns the PLAINTEXT broker listener into a SASL_PLAINTEXT one (SCRAM-SHA-512, the broker's own
   * connections as the super user) with the standard authorizer.
   */
  static void secure(Properties p, int port, Security security) {
    p.put("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + "," + controllerListener(p));
    p.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
    p.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "SASL_PLAINTEXT");
    p.put("sasl.enabled.mechanisms", KafkaSecurity.MECHANISM);
    p.put("sasl.mechanism.inter.broker.protocol", KafkaSecurity.MECHANISM);
    p.put(
        "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
        KafkaSecurity.scramJaas(security.admin(), security.adminPassword()));
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("allow.everyone.if.no.acl.found", "false");
    // the controller listener is PLAINTEXT on the loopback: its principal is ANONYMOUS
    p.put("super.users", "User:" + security.admin() + ";User:ANONYMOUS");
  }

  private static String controllerListener(Properties p) {
    for (String l : p.getProperty("listeners").split(",")) {
      if (l.startsWith("CONTROLLER://")) {
        return l;
      }
    }
    throw new IllegalStateException("no controller listener");
  }

  private static void format(Path configFile, Security security) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                configFile.toString(),
                "--standalone"));
    if (security != null) {
      Map<String, String> users = new java.util.TreeMap<>(security.users());
      users.put(security.admin(), security.adminPassword());
      users.forEach(
          (u, pw) -> {
            args.add("--add-scram");
            args.add(KafkaSecurity.MECHANISM + "=[name=" + u + ",password=" + pw + "]");
          });
    }
    int rc;
    try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      rc = StorageTool.execute(args.toArray(String[]::new), ps);
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
    Map<String, Object> props = adminProps();
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    try (Admin admin = Admin.create(props)) {
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

  /**
   * Settings of a client with every right: the bootstrap servers, and on a secured broker the super
   * user's SASL settings.
   */
  public Map<String, Object> adminProps() {
    Map<String, Object> props = new java.util.HashMap<>();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    if (security != null) {
      props.putAll(security.adminClientProps());
    }
    return props;
  }

  /** The security the broker started with, or null when it allows every client. */
  public Security security() {
    return security;
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
