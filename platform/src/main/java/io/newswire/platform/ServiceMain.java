package io.newswire.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main-method shell of every service: {@code --help}, start, and a bounded stop on SIGTERM or
 * Ctrl-C: the service is closed, and if that has not finished within {@code
 * SHUTDOWN_TIMEOUT_SECONDS} (30) a watchdog logs what is stuck and halts the JVM with status
 * {@value #HALT_STATUS}. Nothing is lost by a halt: the services commit only what is done (Kafka
 * transactions), so whatever was in flight is done again at the next start.
 */
public final class ServiceMain {
  private static final Logger log = LoggerFactory.getLogger(ServiceMain.class);

  private ServiceMain() {}

  /** The variable that bounds a service's stop, and its default. */
  public static final String SHUTDOWN_TIMEOUT_VARIABLE = "SHUTDOWN_TIMEOUT_SECONDS";

  public static final int DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 30;

  /** The exit status of a service halted because its stop took longer than the shutdown timeout. */
  public static final int HALT_STATUS = 3;

  /** Common settings, appended to every service's help. */
  public static final String KAFKA_HELP =
      """
        KAFKA_BOOTSTRAP_SERVERS   Kafka bootstrap servers (default 127.0.0.1:9092)
        REGISTRY_URL              Apicurio Registry base URL (default http://127.0.0.1:8085)
        KAFKA_CLIENT_<NAME>       any Kafka client setting, e.g. KAFKA_CLIENT_SECURITY_PROTOCOL=SASL_SSL
        NEWSWIRE_MAX_STORY_BYTES  largest story in bytes (default 1048576; INGEST_MAX_BODY_BYTES is a deprecated
                                  alias): ingest's body limit; producers' max.request.size and story topics'
                                  max.message.bytes are 4 x that + 1 MiB
        LOG_LEVEL                 Newswire log level (default INFO)
      """;

  /** Settings of every service's main, appended to its help after {@link #KAFKA_HELP}. */
  public static final String SERVICE_HELP =
      """
        SHUTDOWN_TIMEOUT_SECONDS  longest a stop (SIGTERM) may take; then the JVM is halted, exit status 3
                                  (default 30)
      """;

  /** {@code SHUTDOWN_TIMEOUT_SECONDS}, at least 1 s. */
  public static Duration shutdownTimeout(Env env) {
    int s = env.integer(SHUTDOWN_TIMEOUT_VARIABLE, DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
    if (s < 1) {
      throw new IllegalArgumentException(
          SHUTDOWN_TIMEOUT_VARIABLE + " must be at least 1, got " + s);
    }
    return Duration.ofSeconds(s);
  }

  public static void run(String name, String[] args, String help, Supplier<AutoCloseable> start) {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        System.out.println(
            "Usage: "
                + name
                + " [--help]\n\nConfigured by environment variables:\n"
                + help
                + KAFKA_HELP
                + SERVICE_HELP
                + AccessSettings.HELP);
        return;
      }
      System.err.println(name + ": unknown argument '" + a + "' (try --help)");
      System.exit(2);
    }
    AutoCloseable service;
    Duration timeout;
    try {
      timeout = shutdownTimeout(Env.system());
      service = start.get();
    } catch (RuntimeException e) {
      log.error("{} could not start: {}", name, e.getMessage(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop(name, service, timeout);
                  stopped.countDown();
                },
                name + "-shutdown"));
    log.info("{}: started; a stop takes at most {} s", name, timeout.toSeconds());
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes {@code service}; halts the JVM if that takes longer than {@code timeout}. */
  static void stop(String name, AutoCloseable service, Duration timeout) {
    Thread closer = Thread.currentThread();
    CountDownLatch closed = new CountDownLatch(1);
    Thread watchdog =
        new Thread(
            () -> {
              try {
                if (closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                  return;
                }
              } catch (InterruptedException e) {
                return;
              }
              log.error(
                  "{}: did not stop within {} s, halting the JVM (exit status {}). Closing is stuck at: {}. "
                      + "Threads still running: {}",
                  name,
                  timeout.toSeconds(),
                  HALT_STATUS,
                  frames(closer.getStackTrace(), 12),
                  threads(t -> t != closer && t != Thread.currentThread()));
              Runtime.getRuntime().halt(HALT_STATUS);
            },
            name + "-shutdown-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    log.info("{}: stopping (at most {} s)", name, timeout.toSeconds());
    try {
      service.close();
    } catch (Exception e) {
      log.warn("{}: error while stopping", name, e);
    }
    closed.countDown();
    log.info("{}: stopped", name);
  }

  /**
   * The live application threads that {@code which} selects, each with its state and where it is.
   */
  public static String threads(Predicate<Thread> which) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      Thread t = e.getKey();
      ThreadGroup g = t.getThreadGroup();
      if (t.isAlive() && which.test(t) && g != null && !g.getName().equals("system")) {
        out.add(t.getName() + " (" + t.getState() + " at " + frames(e.getValue(), 3) + ")");
      }
    }
    out.sort(null);
    return out.isEmpty() ? "none" : String.join(", ", out);
  }

  private static String frames(StackTraceElement[] stack, int max) {
    return stack.length == 0
        ? "?"
        : Arrays.stream(stack)
            .limit(max)
            .map(StackTraceElement::toString)
            .collect(Collectors.joining(" < "));
  }
}
