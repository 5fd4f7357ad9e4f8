package io.newswire.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a service's background loops (topic followers, pollers, workers) so that none dies silently:
 * a loop that throws, or returns before it was asked to stop, is logged and run again after an
 * exponential backoff (1 s, 2 s, 4 s… at most 30 s). From its first failure until it reports
 * progress again ({@link Loop#healthy()}) the loop is <em>failing</em>: {@link #readiness()} is
 * down with its name, since when and its last error, and the metrics {@code
 * newswire_loop_restarts_total{loop}} and {@code newswire_loops_failing} count it. A loop stopped
 * by {@link Loop#close()} (or the supervisor's) is not a failure.
 */
public final class Supervisor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
  public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /**
   * How long {@link Loop#close()} waits for a loop to end by itself before interrupting its thread.
   */
  static final Duration STOP_GRACE = Duration.ofSeconds(5);

  /**
   * What a loop does; it runs until {@link Loop#running()} is false and may throw: it is then run
   * again.
   */
  @FunctionalInterface
  public interface Body {
    void run(Loop loop) throws Exception;
  }

  /**
   * What a failing loop means for the service: {@code ESSENTIAL}, it cannot do its work (readiness
   * down); {@code EXTERNAL}, something outside it is failing, e.g. an agency's feed server
   * (reported in readiness, which stays up: taking the service out of rotation would not bring the
   * feed back).
   */
  public enum Kind {
    ESSENTIAL,
    EXTERNAL
  }

  /**
   * running: working, or (re)started and not failed since; failing: failed, and not healthy since.
   */
  public enum Status {
    RUNNING,
    FAILING,
    STOPPED
  }

  /** One loop's state, as {@code /health/ready} shows it. */
  public record LoopState(
      String name,
      Kind kind,
      Status status,
      Instant failingSince,
      long restarts,
      String lastError) {}

  private final MeterRegistry metrics;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final Clock clock;
  private final Map<String, Loop> loops = new ConcurrentHashMap<>();

  /**
   * @param metrics where the loop metrics go; may be null
   */
  public Supervisor(MeterRegistry metrics) {
    this(metrics, FIRST_BACKOFF, MAX_BACKOFF, Clock.systemUTC());
  }

  public Supervisor(
      MeterRegistry metrics, Duration firstBackoff, Duration maxBackoff, Clock clock) {
    if (firstBackoff.isNegative()
        || firstBackoff.isZero()
        || maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < first <= max");
    }
    this.metrics = metrics;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.clock = clock;
    if (metrics != null) {
      Gauge.builder(
              "newswire_loops_failing",
              this,
              s -> s.states().stream().filter(l -> l.status() == Status.FAILING).count())
          .description("background loops failing now")
          .register(metrics);
    }
  }

  /**
   * Starts an essential loop on a daemon thread named {@code name} (unique among running loops).
   */
  public Loop start(String name, Body body) {
    return start(name, Kind.ESSENTIAL, body);
  }

  public Loop start(String name, Kind kind, Body body) {
    Loop loop = new Loop(name, kind, body);
    if (loops.putIfAbsent(name, loop) != null) {
      throw new IllegalArgumentException("a loop named " + name + " is already running");
    }
    loop.thread.start();
    return loop;
  }

  /**
   * A loop that runs {@code task} at once, then {@code period} after each run ended; a run that
   * throws is a failure, so the task runs again after the backoff, and after its next success every
   * {@code period} again.
   */
  public Loop every(String name, Kind kind, Duration period, Body task) {
    return start(
        name,
        kind,
        loop -> {
          do {
            task.run(loop);
            loop.healthy();
          } while (loop.sleep(period));
        });
  }

  /** Every loop not stopped, by name. */
  public List<LoopState> states() {
    List<LoopState> out = new ArrayList<>();
    loops.values().forEach(l -> out.add(l.state()));
    out.sort(Comparator.comparing(LoopState::name));
    return out;
  }

  /**
   * Down while an essential loop is failing, naming each failing loop with since when and its last
   * error.
   */
  public ServiceHttp.Readiness readiness() {
    List<String> down = new ArrayList<>();
    List<String> reported = new ArrayList<>();
    int running = 0;
    for (LoopState s : states()) {
      if (s.status() == Status.FAILING) {
        String line =
            "loop "
                + s.name()
                + " failing since "
                + s.failingSince()
                + " ("
                + s.restarts()
                + " restarts): "
                + s.lastError();
        (s.kind() == Kind.ESSENTIAL ? down : reported).add(line);
      } else {
        running++;
      }
    }
    if (!down.isEmpty()) {
      down.addAll(reported);
      return ServiceHttp.Readiness.down(String.join("; ", down));
    }
    return ServiceHttp.Readiness.up(
        running
            + " loops running"
            + (reported.isEmpty() ? "" : "; " + String.join("; ", reported)));
  }

  /** The wait before restart number {@code failures} (1-based) of a loop that keeps failing. */
  Duration backoff(int failures) {
    long ms = firstBackoff.toMillis() << Math.min(Math.max(failures - 1, 0), 30);
    return ms <= 0 || ms > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(ms);
  }

  /** Stops every loop, each given {@link #STOP_GRACE} to end. */
  @Override
  public void close() {
    List<Loop> all = new ArrayList<>(loops.values());
    all.forEach(Loop::stop);
    all.forEach(Loop::close);
  }

  /**
   * A supervised loop: its body's view (running, sleep, healthy, onStop) and its owner's (stop,
   * close).
   */
  public final class Loop implements AutoCloseable {
    private final String name;
    private final Kind kind;
    private final Body body;
    private final Thread thread;
    private final Object lock = new Object();
    private final AtomicLong restarts = new AtomicLong();
    private final Counter restartCounter;
    private volatile boolean stopping;
    private volatile boolean ended;
    private volatile Runnable wakeUp;
    private volatile Instant failingSince;
    private volatile String lastError;
    private int failures;

    private Loop(String name, Kind kind, Body body) {
      this.name = name;
      this.kind = kind;
      this.body = body;
      this.restartCounter =
          metrics == null
              ? null
              : Counter.builder("newswire_loop_restarts_total")
                  .description("restarts of a background loop after it failed")
                  .tag("loop", name)
                  .register(metrics);
      this.thread = new Thread(this::supervise, name);
      thread.setDaemon(true);
    }

    public String name() {
      return name;
    }

    /** False once the loop was asked to stop: the body should then return. */
    public boolean running() {
      return !stopping;
    }

    /**
     * What stops this attempt's blocking call when the loop is asked to stop, e.g. {@code
     * consumer::wakeup}; it replaces the previous one, and runs at once if the loop is already
     * stopping.
     */
    public void onStop(Runnable wakeUp) {
      this.wakeUp = wakeUp;
      if (stopping) {
        wakeUp.run();
      }
    }

    /** The body did its work: a failing loop is running again. */
    public void healthy() {
      failures = 0;
      if (failingSince != null) {
        log.info(
            "loop {} recovered after {} restarts (failing since {})",
            name,
            restarts.get(),
            failingSince);
        failingSince = null;
      }
    }

    /** Waits {@code d} or until the loop is asked to stop; true when it should go on. */
    public boolean sleep(Duration d) {
      long deadline = System.nanoTime() + d.toNanos();
      synchronized (lock) {
        while (!stopping) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return true;
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(lock, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !stopping;
          }
        }
      }
      return false;
    }

    public LoopState state() {
      Status status =
          ended ? Status.STOPPED : failingSince != null ? Status.FAILING : Status.RUNNING;
      return new LoopState(
          name,
          kind,
          status,
          failingSince,
          restarts.get(),
          failingSince == null ? null : lastError);
    }

    /**
     * Asks the loop to stop and returns at once (its wake-up runs now); the loop is no longer
     * listed.
     */
    public void stop() {
      stopping = true;
      loops.remove(name, this);
      synchronized (lock) {
        lock.notifyAll();
      }
      Runnable w = wakeUp;
      if (w != null) {
        try {
          w.run();
        } catch (RuntimeException e) {
          log.warn("loop {}: waking it up to stop failed: {}", name, e.toString());
        }
      }
    }

    /**
     * Stops the loop and waits for it to end; after {@link #STOP_GRACE} its thread is interrupted.
     */
    @Override
    public void close() {
      stop();
      if (Thread.currentThread() == thread) {
        return;
      }
      try {
        thread.join(STOP_GRACE.toMillis());
        if (thread.isAlive()) {
          log.warn(
              "loop {} did not stop within {} s; interrupting it", name, STOP_GRACE.toSeconds());
          thread.interrupt();
          thread.join(STOP_GRACE.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void supervise() {
      try {
        while (!stopping) {
          Throwable failure;
          try {
            body.run(this);
            failure = stopping ? null : new IllegalStateException("ended without being stopped");
          } catch (Throwable t) { // also Errors: a loop that dies of one must not vanish
            failure = stopping ? null : t;
          }
          if (failure == null) {
            break;
          }
          Thread.interrupted(); // an interrupt that came with the failure must not cut the backoff
          // short
          failures++;
          lastError = describe(failure);
          if (failingSince == null) {
            failingSince = clock.instant();
            if (kind == Kind.ESSENTIAL) {
              log.error("loop {} failed; restarting it with backoff", name, failure);
            } else {
              log.warn("loop {} failed; restarting it with backoff: {}", name, lastError);
            }
          } else {
            log.warn(
                "loop {} failed again ({} restarts, failing since {}): {}",
                name,
                restarts.get(),
                failingSince,
                lastError);
          }
          if (!sleep(backoff(failures))) {
            break;
          }
          restarts.incrementAndGet();
          if (restartCounter != null) {
            restartCounter.increment();
          }
        }
      } finally {
        ended = true;
        loops.remove(name, this);
      }
    }
  }

  static String describe(Throwable t) {
    String m = t.getMessage();
    if ((m == null || m.isBlank()) && t.getCause() != null) {
      return t.getClass().getSimpleName() + ": " + describe(t.getCause());
    }
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
