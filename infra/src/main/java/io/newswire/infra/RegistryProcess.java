package io.newswire.infra;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry 2.4.2 (the {@code registry} module's runner jar) running as a child JVM
 * on 127.0.0.1.
 *
 * <p>It serves Apicurio's own API at {@link #registryV2Url()} and the Confluent-compatible API at
 * {@link #ccompatUrl()}. Storage is H2: in memory by default, or a file database in {@link
 * Options#dataDir()} that survives a restart. Build the jar first with {@code ./mvnw -pl registry
 * package}.
 *
 * <pre>{@code
 * try (RegistryProcess registry = RegistryProcess.start(RegistryProcess.Options.defaults())) {
 *     String url = registry.ccompatUrl();   // http://127.0.0.1:<port>/apis/ccompat/v7
 * }
 * }</pre>
 */
public final class RegistryProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistryProcess.class);

  /** Environment variable naming the runner jar; wins over everything else. */
  public static final String JAR_ENV = "NEWSWIRE_REGISTRY_JAR";

  /** System property naming the runner jar; used when {@link #JAR_ENV} is not set. */
  public static final String JAR_PROPERTY = "newswire.registry.jar";

  /** Where the {@code registry} module builds its runner jar, relative to the repository root. */
  public static final String RUNNER_JAR_RELATIVE_PATH =
      "registry/target/newswire-registry-runner.jar";

  /** The Quarkus property holding Apicurio 2.4.2's JDBC URL (its H2 storage). */
  public static final String DATASOURCE_URL_PROPERTY = "quarkus.datasource.jdbc.url";

  /**
   * Readiness endpoint of Apicurio Registry 2.x (non-application root path is "/", so not
   * /q/health).
   */
  public static final String READINESS_PATH = "/health/ready";

  private static final String HOST = "127.0.0.1";
  private static final String IN_MEMORY_URL = "jdbc:h2:mem:registry_db";
  private static final int LOG_TAIL_LINES = 40;
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private final Process process;
  private final int port;
  private final Path logFile;
  private final Path dataDir;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * How to start the registry.
   *
   * @param port HTTP port on 127.0.0.1; 0 picks a free one
   * @param dataDir directory of a persistent H2 database; null keeps everything in memory
   * @param logFile file receiving the child's stdout and stderr (appended); null means a new temp
   *     file
   * @param startupTimeout how long to wait for {@value #READINESS_PATH} to answer 200; null means
   *     60 s
   * @param runnerJar the runner jar; null means {@link #locateRunnerJar()}
   */
  public record Options(
      int port, Path dataDir, Path logFile, Duration startupTimeout, Path runnerJar) {

    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    public Options {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0 (pick a free one) or 1-65535: " + port);
      }
      if (startupTimeout == null) {
        startupTimeout = DEFAULT_STARTUP_TIMEOUT;
      }
      if (startupTimeout.isNegative() || startupTimeout.isZero()) {
        throw new IllegalArgumentException("startupTimeout must be positive: " + startupTimeout);
      }
    }

    /**
     * A free port, in-memory storage, a temp log file, 60 s to start, the jar found by {@link
     * #locateRunnerJar()}.
     */
    public static Options defaults() {
      return new Options(0, null, null, DEFAULT_STARTUP_TIMEOUT, null);
    }

    public Options withPort(int port) {
      return new Options(port, dataDir, logFile, startupTimeout, runnerJar);
    }

    /** A persistent store in this directory (created if missing); null for in-memory storage. */
    public Options withDataDir(Path dataDir) {
      return new Options(port, dataDir, logFile, startupTimeout, runnerJar);
    }

    public Options withLogFile(Path logFile) {
      return new Options(port, dataDir, logFile, startupTimeout, runnerJar);
    }

    public Options withStartupTimeout(Duration startupTimeout) {
      return new Options(port, dataDir, logFile, startupTimeout, runnerJar);
    }

    public Options withRunnerJar(Path runnerJar) {
      return new Options(port, dataDir, logFile, startupTimeout, runnerJar);
    }
  }

  private RegistryProcess(Process process, int port, Path logFile, Path dataDir) {
    this.process = process;
    this.port = port;
    this.logFile = logFile;
    this.dataDir = dataDir;
    this.shutdownHook =
        new Thread(this::killOnJvmExit, "newswire-registry-shutdown-" + process.pid());
  }

  /**
   * The registry's runner jar: the environment variable {@value #JAR_ENV}, else the system property
   * {@value #JAR_PROPERTY}, else {@value #RUNNER_JAR_RELATIVE_PATH} in the working directory or one
   * of its parents.
   *
   * @throws IllegalStateException if none of these names an existing file
   */
  public static Path locateRunnerJar() {
    String fromEnv = System.getenv(JAR_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return existing(Path.of(fromEnv), "environment variable " + JAR_ENV);
    }
    String fromProperty = System.getProperty(JAR_PROPERTY);
    if (fromProperty != null && !fromProperty.isBlank()) {
      return existing(Path.of(fromProperty), "system property " + JAR_PROPERTY);
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RUNNER_JAR_RELATIVE_PATH);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "Apicurio Registry runner jar not found: no "
            + RUNNER_JAR_RELATIVE_PATH
            + " in "
            + start
            + " or its parents, and neither "
            + JAR_ENV
            + " nor -D"
            + JAR_PROPERTY
            + " is set. Build it from the repository root with: ./mvnw -pl registry package");
  }

  private static Path existing(Path jar, String source) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "Apicurio Registry runner jar "
              + jar
              + " (from "
              + source
              + ") does not exist. Build it from the repository root with: ./mvnw -pl registry package");
    }
    return jar.toAbsolutePath();
  }

  /**
   * Starts the registry and waits until {@value #READINESS_PATH} answers 200.
   *
   * @throws IllegalStateException if the process exits or the startup timeout passes first (the
   *     message ends with the last lines of the log), or if the runner jar is missing
   */
  public static RegistryProcess start(Options options) {
    Objects.requireNonNull(options, "options");
    Path jar =
        options.runnerJar() != null
            ? existing(options.runnerJar(), "Options.runnerJar")
            : locateRunnerJar();
    Path logFile = options.logFile() != null ? options.logFile().toAbsolutePath() : newTempLog();
    Path dataDir = options.dataDir() != null ? options.dataDir().toAbsolutePath() : null;
    String datasourceUrl = dataDir == null ? IN_MEMORY_URL : fileDatasourceUrl(dataDir);
    try {
      if (logFile.getParent() != null) {
        Files.createDirectories(logFile.getParent());
      }
      if (dataDir != null) {
        Files.createDirectories(dataDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the registry's log or data directory", e);
    }

    // A port picked here can be taken by someone else before the child binds it: then pick another.
    int attempts = options.port() == 0 ? 3 : 1;
    for (int attempt = 1; ; attempt++) {
      int port = options.port() != 0 ? options.port() : freePort();
      try {
        return launch(jar, port, datasourceUrl, dataDir, logFile, options.startupTimeout());
      } catch (PortTakenException e) {
        if (attempt >= attempts) {
          throw new IllegalStateException(e.getMessage(), e);
        }
        log.warn(
            "Port {} was taken before the registry could bind it; retrying on another port", port);
      }
    }
  }

  private static RegistryProcess launch(
      Path jar, int port, String datasourceUrl, Path dataDir, Path logFile, Duration timeout) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-XX:+UseSerialGC");
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dquarkus.http.host=" + HOST);
    command.add("-Dquarkus.http.port=" + port);
    // Always given, so that REGISTRY_DATASOURCE_URL or QUARKUS_DATASOURCE_JDBC_URL in our
    // environment
    // cannot silently change where the child stores its data.
    command.add("-D" + DATASOURCE_URL_PROPERTY + "=" + datasourceUrl);
    command.add("-jar");
    command.add(jar.toString());

    long logOffset = sizeOf(logFile);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    log.info(
        "Starting Apicurio Registry on http://{}:{} ({}), log {}",
        HOST,
        port,
        dataDir == null ? "in-memory storage" : "data in " + dataDir,
        logFile);
    long startNanos = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot launch " + String.join(" ", command), e);
    }
    RegistryProcess registry = new RegistryProcess(process, port, logFile, dataDir);
    try {
      Runtime.getRuntime().addShutdownHook(registry.shutdownHook);
    } catch (IllegalStateException jvmShuttingDown) {
      registry.close();
      throw new IllegalStateException(
          "the JVM is shutting down; not starting the registry", jvmShuttingDown);
    }
    try {
      registry.awaitReady(timeout, logOffset);
    } catch (RuntimeException | Error e) {
      registry.close();
      throw e;
    }
    log.info(
        "Apicurio Registry ready on {} in {} ms (pid {})",
        registry.baseUrl(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
        process.pid());
    return registry;
  }

  private void awaitReady(Duration timeout, long logOffset) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(baseUrl() + READINESS_PATH))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastAnswer = "no answer yet";
    while (true) {
      if (!process.isAlive()) {
        String tail = logTail(logOffset);
        String message =
            "Apicurio Registry exited with code "
                + process.exitValue()
                + " before it was ready on "
                + baseUrl()
                + " (log: "
                + logFile
                + "). Last lines of the log:\n"
                + tail;
        if (tail.contains("seems to be in use")
            || tail.contains("already bound")
            || tail.contains("Address already in use")) {
          throw new PortTakenException(message);
        }
        throw new IllegalStateException(message);
      }
      try {
        HttpResponse<String> response = http.send(probe, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        lastAnswer = "HTTP " + response.statusCode() + " " + response.body();
      } catch (ConnectException notListeningYet) {
        lastAnswer = "connection refused";
      } catch (IOException e) {
        lastAnswer = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while waiting for Apicurio Registry to start", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Apicurio Registry was not ready on "
                + baseUrl()
                + READINESS_PATH
                + " within "
                + timeout.toMillis()
                + " ms (last answer: "
                + lastAnswer
                + "; log: "
                + logFile
                + "). Last lines of the log:\n"
                + logTail(logOffset));
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while waiting for Apicurio Registry to start", e);
      }
    }
  }

  /** The HTTP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>} */
  public String baseUrl() {
    return "http://" + HOST + ":" + port;
  }

  /** Apicurio's own API, for Apicurio serdes ({@code apicurio.registry.url}). */
  public String registryV2Url() {
    return baseUrl() + "/apis/registry/v2";
  }

  /** The Confluent-compatible API, for Confluent clients ({@code schema.registry.url}). */
  public String ccompatUrl() {
    return baseUrl() + "/apis/ccompat/v7";
  }

  /** The child JVM's process id. */
  public long pid() {
    return process.pid();
  }

  /** The file receiving the child's stdout and stderr. */
  public Path logFile() {
    return logFile;
  }

  /** The persistent data directory, or null for in-memory storage. */
  public Path dataDir() {
    return dataDir;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Stops the registry: SIGTERM, up to 10 s to exit, then SIGKILL. Calling it again does nothing.
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
    stop(STOP_GRACE);
    log.info("Apicurio Registry on port {} stopped", port);
  }

  private void killOnJvmExit() {
    if (closed.compareAndSet(false, true)) {
      stop(Duration.ofSeconds(5));
    }
  }

  private void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    boolean exited = false;
    try {
      exited = process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!exited) {
      log.warn(
          "Apicurio Registry (pid {}) did not stop within {} s; killing it",
          process.pid(),
          grace.toSeconds());
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "RegistryProcess["
        + baseUrl()
        + ", pid "
        + process.pid()
        + ", "
        + (dataDir == null ? "in-memory" : dataDir.toString())
        + "]";
  }

  // ---- helpers
  // -------------------------------------------------------------------------------------------

  /** H2 file database {@code <dir>/registry.mv.db}. */
  static String fileDatasourceUrl(Path dataDir) {
    String dir = dataDir.toAbsolutePath().toString().replace('\\', '/');
    if (dir.contains(";")) {
      throw new IllegalArgumentException("an H2 data directory cannot contain ';': " + dir);
    }
    return "jdbc:h2:file:" + dir + "/registry";
  }

  private static String javaExecutable() {
    boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    Path fromHome = Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    if (Files.isExecutable(fromHome)) {
      return fromHome.toString();
    }
    return ProcessHandle.current()
        .info()
        .command()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "cannot find the java executable (java.home="
                        + System.getProperty("java.home")
                        + ")"));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + HOST, e);
    }
  }

  private static Path newTempLog() {
    try {
      return Files.createTempFile("newswire-registry-", ".log").toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp log file for the registry", e);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0L;
    } catch (IOException e) {
      return 0L;
    }
  }

  /** The last lines this run wrote to the log (what earlier runs appended is skipped). */
  private String logTail(long fromOffset) {
    try (RandomAccessFile raf = new RandomAccessFile(logFile.toFile(), "r")) {
      long length = raf.length();
      long start = Math.max(fromOffset, length - 64 * 1024);
      raf.seek(start);
      byte[] bytes = new byte[(int) (length - start)];
      raf.readFully(bytes);
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\R");
      int from = Math.max(0, lines.length - LOG_TAIL_LINES);
      return String.join("\n", Arrays.copyOfRange(lines, from, lines.length));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  private static final class PortTakenException extends RuntimeException {
    PortTakenException(String message) {
      super(message);
    }
  }
}
