package io.newswire.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A main class of the test classpath run in a child JVM, its output (stdout and stderr) in a file:
 * for tests of what a process does when it starts and when it gets SIGTERM. Closing it kills the
 * process if it is still alive.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code main} with {@code args} and this environment plus {@code env}; its output goes to
   * {@code log}.
   */
  public static ChildJvm start(Class<?> main, Map<String, String> env, Path log, String... args)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return new ChildJvm(pb.start(), log);
  }

  /** What the process has written so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Waits until the output contains {@code text}; fails if the process ends first or the timeout
   * passes.
   */
  public void awaitOutput(String text, Duration timeout) {
    Awaitility.await().atMost(timeout).until(() -> output().contains(text) || !process.isAlive());
    if (!output().contains(text)) {
      throw new AssertionError(
          "the process ended ("
              + process.exitValue()
              + ") without writing '"
              + text
              + "':\n"
              + output());
    }
  }

  /** Sends SIGTERM; true when the process has ended within {@code timeout}. */
  public boolean sigtermAndWait(Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public int exitValue() {
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
