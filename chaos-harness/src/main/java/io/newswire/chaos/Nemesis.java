package io.newswire.chaos;

import io.newswire.chaos.core.Schedule;
import io.newswire.infra.KafkaCluster;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Carries out the {@link Schedule}: at each fault's moment it kills -9 a service instance, or the
 * broker that leads the named story partition at that moment, and restarts it on the same state
 * {@code downMillis} later. Every kill is reported as it happens and kept for the verdict.
 *
 * <p>A fault's moment is a point in the load, not on the clock: the fault planned at {@code
 * atMillis} of a load planned to last {@code loadMillis} fires once that fraction of the requests
 * was answered. So the faults stay spread over the whole load however fast this machine runs it,
 * and a seed replays the same faults at the same stories.
 */
final class Nemesis implements AutoCloseable {
  /** A fault carried out. */
  record Kill(long atMillis, String what, long downMillis, boolean broker) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "t+%.1fs kill -9 %s, restarted %.1f s later",
          atMillis / 1000.0,
          what,
          downMillis / 1000.0);
    }
  }

  private final List<Schedule.Fault> faults;
  private final Map<String, ServiceProcess> services;
  private final KafkaCluster cluster;
  private final PrintStream out;
  private final long loadMillis;
  private final java.util.function.DoubleSupplier progress;
  private final List<Kill> kills = new CopyOnWriteArrayList<>();
  private final List<Future<?>> restarts = new CopyOnWriteArrayList<>();
  private final ExecutorService restarter =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "chaos-restart");
            t.setDaemon(true);
            return t;
          });
  private final Admin admin;
  private Thread thread;
  private volatile Throwable failure;

  /**
   * @param progress the fraction of the load's requests answered so far, 0 to 1
   */
  Nemesis(
      List<Schedule.Fault> faults,
      long loadMillis,
      java.util.function.DoubleSupplier progress,
      Map<String, ServiceProcess> services,
      KafkaCluster cluster,
      PrintStream out) {
    this.faults = List.copyOf(faults);
    this.loadMillis = Math.max(1, loadMillis);
    this.progress = progress;
    this.services = services;
    this.cluster = cluster;
    this.out = out;
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000));
  }

  /** Starts carrying out the faults; the load starts now. */
  void start() {
    long t0 = System.currentTimeMillis();
    thread =
        new Thread(
            () -> {
              try {
                for (Schedule.Fault f : faults) {
                  double due = (double) f.atMillis() / loadMillis;
                  while (progress.getAsDouble() < due) {
                    Thread.sleep(50);
                  }
                  strike(f, System.currentTimeMillis() - t0);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                failure = e;
                out.println("nemesis failed: " + e);
              }
            },
            "chaos-nemesis");
    thread.setDaemon(true);
    thread.start();
  }

  private void strike(Schedule.Fault f, long at) throws InterruptedException {
    if (f.target() instanceof Schedule.Service s) {
      ServiceProcess p = services.get(s.instance());
      awaitAlive(p::isAlive, s.instance());
      p.kill();
      record(new Kill(at, s.instance(), f.downMillis(), false));
      restarts.add(
          restarter.submit(
              () -> {
                Thread.sleep(f.downMillis());
                p.start();
                return null;
              }));
    } else if (f.target() instanceof Schedule.PartitionLeader l) {
      int leader = leaderOf(l.topic(), l.partition());
      awaitAlive(() -> cluster.isAlive(leader), "broker " + leader);
      cluster.kill(leader);
      record(new Kill(at, "broker " + leader + " (" + l + ")", f.downMillis(), true));
      restarts.add(
          restarter.submit(
              () -> {
                Thread.sleep(f.downMillis());
                cluster.restart(leader);
                return null;
              }));
    }
  }

  private void record(Kill k) {
    kills.add(k);
    out.println("  nemesis: " + k);
  }

  private static void awaitAlive(java.util.function.BooleanSupplier alive, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!alive.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " is still down 60 s after its restart was due");
      }
      Thread.sleep(100);
    }
  }

  private int leaderOf(String topic, int partition) {
    try {
      TopicPartitionInfo info =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .get(partition);
      if (info.leader() == null) {
        throw new IllegalStateException(topic + "-" + partition + " has no leader");
      }
      return info.leader().id();
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not find the leader of " + topic + "-" + partition + ": " + e, e);
    }
  }

  /** Waits until every fault was carried out and everything killed was restarted. */
  void awaitDone(Duration timeout) throws Exception {
    thread.join(timeout.toMillis());
    if (thread.isAlive()) {
      throw new IllegalStateException("the nemesis did not finish within " + timeout);
    }
    for (Future<?> r : restarts) {
      r.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (failure != null) {
      throw new IllegalStateException("the nemesis failed: " + failure, failure);
    }
  }

  List<Kill> kills() {
    return List.copyOf(kills);
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.interrupt();
    }
    restarter.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
