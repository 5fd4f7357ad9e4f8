package io.newswire.infra;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * One Kafka node (KRaft) of a {@link KafkaCluster}, in its own JVM: {@code BrokerMain
 * <server.properties>}.
 *
 * <p>SIGTERM shuts the node down cleanly (controlled shutdown). With {@value #PARENT_PID_PROPERTY}
 * set, the node halts as soon as that process is gone, so a parent killed with SIGKILL (whose
 * shutdown hooks never ran) does not leave brokers behind.
 */
public final class BrokerMain {
  /** System property naming the process whose end ends this node. */
  public static final String PARENT_PID_PROPERTY = "newswire.parent.pid";

  /** What the node prints once it serves, followed by the milliseconds its start took. */
  public static final String STARTED = "newswire kafka node started in ";

  private BrokerMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("Usage: BrokerMain <server.properties>");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
      props.load(r);
    }
    watchParent();
    KafkaRaftServer server;
    try {
      server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    System.out.println(
                        Instant.now() + " stopping node " + props.getProperty("node.id"));
                    server.shutdown();
                    server.awaitShutdown();
                    System.out.println(
                        Instant.now() + " node " + props.getProperty("node.id") + " stopped");
                  },
                  "newswire-broker-shutdown"));
      server.startup();
    } catch (Throwable t) {
      System.err.println(
          Instant.now() + " node " + props.getProperty("node.id") + " failed to start: " + t);
      t.printStackTrace();
      Runtime.getRuntime().halt(1);
      return;
    }
    System.out.println(
        Instant.now()
            + " "
            + STARTED
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
            + " ms (node "
            + props.getProperty("node.id")
            + ", pid "
            + ProcessHandle.current().pid()
            + ")");
    server.awaitShutdown();
  }

  private static void watchParent() {
    String pid = System.getProperty(PARENT_PID_PROPERTY);
    if (pid == null || pid.isBlank()) {
      return;
    }
    Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(pid.trim()));
    Optional<Instant> started = parent.flatMap(p -> p.info().startInstant());
    Thread watcher =
        new Thread(
            () -> {
              while (true) {
                boolean alive =
                    parent.map(ProcessHandle::isAlive).orElse(false)
                        && started.equals(parent.flatMap(p -> p.info().startInstant()));
                if (!alive) {
                  System.err.println(
                      Instant.now() + " parent process " + pid + " is gone: halting");
                  Runtime.getRuntime().halt(1);
                }
                try {
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "newswire-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
