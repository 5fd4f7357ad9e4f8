package io.newswire.infra;

import io.newswire.platform.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka cluster of N KRaft nodes on 127.0.0.1, each its own OS process (a child JVM running
 * {@link BrokerMain}): every node is broker and controller, the quorum is static ({@code
 * controller.quorum.voters}), all are formatted with one cluster id. For local runs and for tests
 * that kill, stop and restart brokers.
 *
 * <p>Everything lives under the cluster's data directory ({@link Options#dataDir()}, or a temporary
 * one removed on {@link #close()}): {@code node-<id>/} holds the node's {@code server.properties},
 * its log directory {@code log/}, its ports ({@code newswire-ports.properties}) and its output
 * ({@code node.log}); {@code cluster.properties} holds the cluster id and the number of nodes. A
 * node killed with SIGKILL restarts on the same directory and ports, and a whole cluster on a kept
 * data directory starts again with its data.
 *
 * <p>Broker defaults for N nodes: {@code default.replication.factor}, {@code
 * offsets.topic.replication.factor} and {@code transaction.state.log.replication.factor} = {@link
 * #replicationFactor()} = min(3, N); {@code min.insync.replicas} and {@code
 * transaction.state.log.min.isr} = {@link #minInsyncReplicas()} = max(1, min(2, RF - 1)); no
 * automatic topic creation, no unclean leader election.
 *
 * <p>Each child JVM runs with {@code -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}. On 2 busy
 * cores one node restarted alone served again after 4-7 s, three starting together after 10-20 s
 * (logged; each node also prints its own start time in its {@code node.log}). A shutdown hook stops
 * the children if this JVM exits without {@link #close()} (after giving a close running in another
 * shutdown hook 20 s), and each child halts by itself when this JVM is gone (even after a SIGKILL,
 * which runs no hook).
 */
public final class KafkaCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaCluster.class);

  private static final String HOST = "127.0.0.1";
  private static final String CLUSTER_FILE = "cluster.properties";
  private static final String PORTS_FILE = "newswire-ports.properties";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(15);
  private static final int LOG_TAIL_LINES = 40;
  private static final int HOOK_WAIT_SECONDS = 20;

  /**
   * How to start the cluster.
   *
   * @param brokers number of nodes, 1 or more (each broker and controller)
   * @param dataDir where the nodes keep their data; null for a temporary directory removed on close
   * @param defaultPartitions {@code num.partitions} of the brokers
   */
  public record Options(int brokers, Path dataDir, int defaultPartitions) {
    public Options {
      if (brokers < 1) {
        throw new IllegalArgumentException("a cluster needs at least one broker, got " + brokers);
      }
      if (defaultPartitions < 1) {
        throw new IllegalArgumentException(
            "defaultPartitions must be 1 or more, got " + defaultPartitions);
      }
    }

    /** 3 brokers, a temporary data directory, 3 partitions by default. */
    public static Options defaults() {
      return new Options(3, null, 3);
    }

    public Options withBrokers(int n) {
      return new Options(n, dataDir, defaultPartitions);
    }

    public Options withDataDir(Path d) {
      return new Options(brokers, d, defaultPartitions);
    }

    public Options withDefaultPartitions(int p) {
      return new Options(brokers, dataDir, p);
    }
  }

  /** One node: its directory, ports and (while it runs) its process. */
  private static final class NodeState {
    final int id;
    final Path dir;
    final int port;
    final int controllerPort;
    volatile Process process;
    volatile long logOffset;

    NodeState(int id, Path dir, int port, int controllerPort) {
      this.id = id;
      this.dir = dir;
      this.port = port;
      this.controllerPort = controllerPort;
    }

    Path configFile() {
      return dir.resolve("server.properties");
    }

    Path logFile() {
      return dir.resolve("node.log");
    }
  }

  private final Path dir;
  private final boolean temporary;
  private final String clusterId;
  private final Map<Integer, NodeState> nodes;
  private final int replicationFactor;
  private final int minInsyncReplicas;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private KafkaCluster(
      Path dir, boolean temporary, String clusterId, Map<Integer, NodeState> nodes) {
    this.dir = dir;
    this.temporary = temporary;
    this.clusterId = clusterId;
    this.nodes = nodes;
    this.replicationFactor = replicationFactorFor(nodes.size());
    this.minInsyncReplicas = minInsyncReplicasFor(replicationFactor);
    this.shutdownHook = new Thread(this::stopOnJvmExit, "newswire-kafka-cluster-shutdown");
  }

  /**
   * The replication factor a cluster of {@code brokers} nodes gives its topics: min(3, brokers).
   */
  public static int replicationFactorFor(int brokers) {
    return Math.max(1, Math.min(3, brokers));
  }

  /**
   * The {@code min.insync.replicas} that goes with a replication factor: max(1, min(2, RF - 1)),
   * the topic catalogue's rule ({@link Topics#minInsyncReplicas}).
   */
  public static int minInsyncReplicasFor(int replicationFactor) {
    return Topics.minInsyncReplicas(replicationFactor);
  }

  /**
   * Formats (when new) and starts every node, and returns when each node answers and the cluster
   * has all its brokers registered.
   *
   * @throws IllegalStateException if a node exits or the cluster is not ready within 120 s (the
   *     message ends with the last lines of the node's log); whatever was started is stopped again
   */
  public static KafkaCluster start(Options options) {
    Objects.requireNonNull(options, "options");
    // Free ports picked here can be taken by another process before a node binds them: a temporary
    // cluster then
    // starts again on other ports (a kept data directory keeps its ports, so it cannot).
    int attempts = options.dataDir() == null ? 3 : 1;
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(options);
      } catch (IllegalStateException e) {
        boolean portTaken = String.valueOf(e.getMessage()).contains("Address already in use");
        if (!portTaken || attempt >= attempts) {
          throw e;
        }
        log.warn(
            "a port of the Kafka cluster was taken before its node could bind it; starting on other ports");
      }
    }
  }

  private static KafkaCluster startOnce(Options options) {
    KafkaCluster cluster;
    try {
      boolean temporary = options.dataDir() == null;
      Path dir =
          temporary
              ? Files.createTempDirectory("newswire-kafka-cluster-")
              : options.dataDir().toAbsolutePath();
      Files.createDirectories(dir);
      String clusterId = clusterId(dir, options.brokers());
      Map<Integer, NodeState> nodes = new LinkedHashMap<>();
      for (int id = 1; id <= options.brokers(); id++) {
        nodes.put(id, node(dir, id));
      }
      cluster = new KafkaCluster(dir, temporary, clusterId, Map.copyOf(nodes));
      for (NodeState n : nodes.values()) {
        cluster.writeConfig(n, options.defaultPartitions());
        if (!Files.exists(n.dir.resolve("log").resolve("meta.properties"))) {
          format(n.configFile(), clusterId);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare the Kafka cluster's data directory", e);
    }
    try {
      Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    } catch (IllegalStateException jvmShuttingDown) {
      throw new IllegalStateException(
          "the JVM is shutting down; not starting a Kafka cluster", jvmShuttingDown);
    }
    try {
      long t0 = System.nanoTime();
      for (NodeState n : cluster.nodes.values()) {
        cluster.launch(n);
      }
      cluster.awaitReady(cluster.nodes.values(), START_TIMEOUT, t0);
      log.info(
          "Kafka cluster of {} KRaft nodes ready on {} in {} ms (RF {}, min ISR {}), data in {}",
          cluster.nodes.size(),
          cluster.bootstrapServers(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
          cluster.replicationFactor,
          cluster.minInsyncReplicas,
          cluster.dir);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private static String clusterId(Path dir, int brokers) throws IOException {
    Path file = dir.resolve(CLUSTER_FILE);
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
      int kept = Integer.parseInt(p.getProperty("brokers", "0"));
      if (kept != brokers) {
        throw new IllegalStateException(
            dir
                + " holds a cluster of "
                + kept
                + " brokers, not "
                + brokers
                + ": use another data directory, or the same number of brokers");
      }
      return p.getProperty("cluster.id");
    }
    p.setProperty("cluster.id", Uuid.randomUuid().toString());
    p.setProperty("brokers", Integer.toString(brokers));
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, "Newswire Kafka cluster");
    }
    return p.getProperty("cluster.id");
  }

  /** The node's directory and its ports: the saved ones, or free ones, saved for the next start. */
  private static NodeState node(Path clusterDir, int id) throws IOException {
    Path nodeDir = clusterDir.resolve("node-" + id);
    Files.createDirectories(nodeDir);
    Properties ports = new Properties();
    Path file = nodeDir.resolve(PORTS_FILE);
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file)) {
        ports.load(r);
      }
    }
    int port =
        Integer.parseInt(ports.getProperty("broker", Integer.toString(EmbeddedKafka.freePort())));
    int controllerPort =
        Integer.parseInt(
            ports.getProperty("controller", Integer.toString(EmbeddedKafka.freePort())));
    ports.setProperty("broker", Integer.toString(port));
    ports.setProperty("controller", Integer.toString(controllerPort));
    try (Writer w = Files.newBufferedWriter(file)) {
      ports.store(w, "ports of Newswire Kafka node " + id);
    }
    return new NodeState(id, nodeDir, port, controllerPort);
  }

  private void writeConfig(NodeState n, int partitions) throws IOException {
    Properties props = nodeProperties(n, partitions);
    try (Writer w = Files.newBufferedWriter(n.configFile())) {
      props.store(w, "Newswire Kafka node " + n.id + " of " + nodes.size());
    }
  }

  private Properties nodeProperties(NodeState n, int partitions) {
    String voters =
        nodes.values().stream()
            .map(v -> v.id + "@" + HOST + ":" + v.controllerPort)
            .collect(Collectors.joining(","));
    String rf = Integer.toString(replicationFactor);
    String minIsr = Integer.toString(minInsyncReplicas);
    Properties p = new Properties();
    p.putAll(
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", Integer.toString(n.id)),
            Map.entry(
                "listeners",
                "PLAINTEXT://"
                    + HOST
                    + ":"
                    + n.port
                    + ",CONTROLLER://"
                    + HOST
                    + ":"
                    + n.controllerPort),
            Map.entry("advertised.listeners", "PLAINTEXT://" + HOST + ":" + n.port),
            Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
            Map.entry("controller.listener.names", "CONTROLLER"),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry("controller.quorum.voters", voters),
            Map.entry("log.dirs", n.dir.resolve("log").toString()),
            Map.entry("num.partitions", Integer.toString(partitions)),
            Map.entry("default.replication.factor", rf),
            Map.entry("min.insync.replicas", minIsr),
            Map.entry("offsets.topic.replication.factor", rf),
            Map.entry("offsets.topic.num.partitions", "3"),
            Map.entry("transaction.state.log.replication.factor", rf),
            Map.entry("transaction.state.log.min.isr", minIsr),
            Map.entry("transaction.state.log.num.partitions", "3"),
            Map.entry("share.coordinator.state.topic.replication.factor", rf),
            Map.entry("share.coordinator.state.topic.min.isr", minIsr),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("auto.create.topics.enable", "false"),
            Map.entry("unclean.leader.election.enable", "false"),
            // a 512 MB heap: the log cleaner's dedupe buffer would take 128 MB of it by default
            Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(16 << 20)),
            Map.entry("log.flush.interval.messages", Long.toString(Long.MAX_VALUE))));
    return p;
  }

  private static void format(Path configFile, String clusterId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] args = {"format", "-t", clusterId, "-c", configFile.toString()};
    int rc;
    try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      rc = StorageTool.execute(args, ps);
    } catch (Exception e) {
      throw new IllegalStateException(
          "formatting " + configFile.getParent() + " failed: " + out, e);
    }
    if (rc != 0) {
      throw new IllegalStateException(
          "formatting " + configFile.getParent() + " failed (" + rc + "): " + out);
    }
  }

  private void launch(NodeState n) {
    List<String> command =
        new ArrayList<>(
            List.of(
                javaExecutable(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                "-D" + BrokerMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid(),
                "-cp",
                classPath(),
                BrokerMain.class.getName(),
                n.configFile().toString()));
    n.logOffset = sizeOf(n.logFile());
    try {
      n.process =
          new ProcessBuilder(command)
              .directory(n.dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(n.logFile().toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot launch Kafka node " + n.id, e);
    }
    log.info(
        "Kafka node {} starting on {}:{} (controller {}), pid {}, log {}",
        n.id,
        HOST,
        n.port,
        n.controllerPort,
        n.process.pid(),
        n.logFile());
  }

  /** Waits until each of {@code waiting} answers and is registered as a broker. */
  private void awaitReady(java.util.Collection<NodeState> waiting, Duration timeout, long t0) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<NodeState> pending = new ArrayList<>(waiting);
    String last = "no answer yet";
    try (Admin admin = admin(bootstrapServers())) {
      while (true) {
        for (NodeState n : waiting) {
          Process p = n.process;
          if (p == null || !p.isAlive()) {
            throw new IllegalStateException(
                "Kafka node "
                    + n.id
                    + " exited"
                    + (p == null ? "" : " with code " + p.exitValue())
                    + " before it was ready (log: "
                    + n.logFile()
                    + "). Last lines of its log:\n"
                    + logTail(n));
          }
        }
        try {
          for (var it = pending.iterator(); it.hasNext(); ) {
            NodeState n = it.next();
            answers(admin, n.id);
            log.info(
                "Kafka node {} answers {} ms after its start",
                n.id,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            it.remove();
          }
          if (pending.isEmpty()) {
            List<Integer> registered = registered(admin);
            if (registered.containsAll(waiting.stream().map(n -> n.id).toList())) {
              return;
            }
            last = "brokers registered: " + registered;
          }
        } catch (Exception e) {
          last = e.toString();
        }
        if (System.nanoTime() > deadline) {
          NodeState first = pending.isEmpty() ? waiting.iterator().next() : pending.get(0);
          throw new IllegalStateException(
              "the Kafka cluster was not ready within "
                  + timeout.toSeconds()
                  + " s (waiting for nodes "
                  + pending.stream().map(n -> n.id).toList()
                  + "; last: "
                  + last
                  + "). Last lines of node "
                  + first.id
                  + "'s log ("
                  + first.logFile()
                  + "):\n"
                  + logTail(first));
        }
        sleep(200);
      }
    }
  }

  /**
   * Asks node {@code id} itself (a broker config request goes to that broker) whether it serves.
   */
  private static void answers(Admin admin, int id) throws Exception {
    admin
        .describeConfigs(
            List.of(new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(id))))
        .all()
        .get(5, TimeUnit.SECONDS);
  }

  private static List<Integer> registered(Admin admin) throws Exception {
    return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
        .map(Node::id)
        .sorted()
        .toList();
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            5000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            4000,
            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
            500,
            AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG,
            500));
  }

  // ---- the API
  // --------------------------------------------------------------------------------------------

  /** {@code 127.0.0.1:p1,127.0.0.1:p2,…}, every node. */
  public String bootstrapServers() {
    return nodes.values().stream()
        .sorted(Comparator.comparingInt(n -> n.id))
        .map(n -> HOST + ":" + n.port)
        .collect(Collectors.joining(","));
  }

  /** 1..N */
  public List<Integer> nodeIds() {
    return IntStream.rangeClosed(1, nodes.size()).boxed().toList();
  }

  /** min(3, N): the brokers' {@code default.replication.factor} and the internal topics'. */
  public int replicationFactor() {
    return replicationFactor;
  }

  /** max(1, min(2, RF - 1)): the brokers' {@code min.insync.replicas}. */
  public int minInsyncReplicas() {
    return minInsyncReplicas;
  }

  /** The node's broker (PLAINTEXT) port on 127.0.0.1; it stays the same across restarts. */
  public int port(int nodeId) {
    return node(nodeId).port;
  }

  /** The cluster id every node was formatted with. */
  public String clusterId() {
    return clusterId;
  }

  /** The cluster's data directory. */
  public Path dataDir() {
    return dir;
  }

  /** Kills the node with SIGKILL and waits for it to exit. */
  public void kill(int nodeId) {
    NodeState n = node(nodeId);
    Process p = n.process;
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroyForcibly();
    waitFor(p, Duration.ofSeconds(30));
    log.info("Kafka node {} killed (SIGKILL)", nodeId);
  }

  /** Stops the node: SIGTERM (a controlled shutdown), up to 20 s to exit, then SIGKILL. */
  public void stop(int nodeId) {
    NodeState n = node(nodeId);
    Process p = n.process;
    if (p == null || !p.isAlive()) {
      return;
    }
    long t0 = System.nanoTime();
    p.destroy();
    if (!waitFor(p, STOP_GRACE)) {
      log.warn(
          "Kafka node {} (pid {}) did not stop within {} s; killing it",
          nodeId,
          p.pid(),
          STOP_GRACE.toSeconds());
      p.destroyForcibly();
      waitFor(p, Duration.ofSeconds(30));
    }
    log.info(
        "Kafka node {} stopped in {} ms",
        nodeId,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  /**
   * Starts the node again on its data directory and ports (stopping it first if it still runs), and
   * returns when it serves again: it answers requests and is registered with the controller.
   */
  public void restart(int nodeId) {
    if (closed.get()) {
      throw new IllegalStateException("the cluster is closed");
    }
    NodeState n = node(nodeId);
    if (n.process != null && n.process.isAlive()) {
      stop(nodeId);
    }
    long t0 = System.nanoTime();
    launch(n);
    awaitReady(List.of(n), START_TIMEOUT, t0);
    log.info(
        "Kafka node {} restarted in {} ms",
        nodeId,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  public boolean isAlive(int nodeId) {
    Process p = node(nodeId).process;
    return p != null && p.isAlive();
  }

  /** The file receiving the node's stdout and stderr (appended to across restarts). */
  public Path logFile(int nodeId) {
    return node(nodeId).logFile();
  }

  /** The node's process id while it runs, else -1. */
  public long pid(int nodeId) {
    Process p = node(nodeId).process;
    return p != null && p.isAlive() ? p.pid() : -1;
  }

  /**
   * Stops every node (SIGTERM to all, up to 15 s, then SIGKILL; SIGKILL at once when too few nodes
   * are left for a controller quorum) and deletes a temporary data directory.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException | IllegalArgumentException jvmShuttingDownOrNotRegistered) {
      // the hook runs (or ran) anyway
    }
    stopAll(CLOSE_GRACE);
    if (temporary) {
      deleteQuietly(dir);
    }
    stopped.countDown();
    log.info("Kafka cluster on {} stopped", bootstrapServers());
  }

  /**
   * The shutdown hook: the JVM runs every hook at once, so an owner closing its clients and then
   * this cluster in a hook of its own (./newswire-local on Ctrl-C) gets {@value #HOOK_WAIT_SECONDS}
   * s to do so before the nodes are stopped under its clients.
   */
  private void stopOnJvmExit() {
    try {
      if (stopped.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closed.compareAndSet(false, true)) {
      stopAll(Duration.ofSeconds(5));
      if (temporary) {
        deleteQuietly(dir);
      }
    }
  }

  private void stopAll(Duration grace) {
    List<Process> running =
        nodes.values().stream().map(n -> n.process).filter(p -> p != null && p.isAlive()).toList();
    if (running.size() < nodes.size() / 2 + 1) {
      // no controller quorum: a controlled shutdown would wait for it until the grace ran out
      log.info(
          "{} of {} Kafka nodes alive, no controller quorum: killing them",
          running.size(),
          nodes.size());
      running.forEach(Process::destroyForcibly);
      running.forEach(p -> waitFor(p, Duration.ofSeconds(10)));
      return;
    }
    running.forEach(Process::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (Process p : running) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!waitFor(p, Duration.ofNanos(left))) {
        log.warn(
            "Kafka node (pid {}) did not stop within {} s; killing it", p.pid(), grace.toSeconds());
        p.destroyForcibly();
        waitFor(p, Duration.ofSeconds(10));
      }
    }
  }

  @Override
  public String toString() {
    return "KafkaCluster[" + bootstrapServers() + ", " + dir + "]";
  }

  // ---- helpers
  // -------------------------------------------------------------------------------------------

  private NodeState node(int nodeId) {
    NodeState n = nodes.get(nodeId);
    if (n == null) {
      throw new IllegalArgumentException(
          "no node " + nodeId + " in this cluster (nodes " + nodeIds() + ")");
    }
    return n;
  }

  private static boolean waitFor(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !p.isAlive();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Kafka cluster", e);
    }
  }

  /**
   * This JVM's class path with absolute entries, for the children (whose working directory is their
   * node's).
   */
  private static String classPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(s -> !s.isBlank())
        .map(s -> Path.of(s).toAbsolutePath().toString())
        .collect(Collectors.joining(java.io.File.pathSeparator));
  }

  private static String javaExecutable() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return Files.isExecutable(java)
        ? java.toString()
        : ProcessHandle.current()
            .info()
            .command()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "cannot find the java executable (java.home="
                            + System.getProperty("java.home")
                            + ")"));
  }

  private static long sizeOf(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0L;
    } catch (IOException e) {
      return 0L;
    }
  }

  /** The last lines the node's current run wrote to its log. */
  private static String logTail(NodeState n) {
    try (RandomAccessFile raf = new RandomAccessFile(n.logFile().toFile(), "r")) {
      long length = raf.length();
      long start = Math.max(n.logOffset, length - 64 * 1024);
      raf.seek(start);
      byte[] bytes = new byte[(int) (length - start)];
      raf.readFully(bytes);
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\R");
      int from = Math.max(0, lines.length - LOG_TAIL_LINES);
      return String.join("\n", Arrays.copyOfRange(lines, from, lines.length));
    } catch (IOException e) {
      return "(cannot read " + n.logFile() + ": " + e + ")";
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("could not delete {}", dir, e);
    }
  }
}
