package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded stop of every service's main, on a real JVM that gets a real SIGTERM. */
class ServiceMainTest {
  /** A correctness bound for the child JVM to be gone after its deadline, not a performance figure. */
  static final Duration MARGIN = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  Process child(String mode, int timeoutSeconds, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), StopTestMain.class.getName(), mode)
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put(ServiceMain.SHUTDOWN_TIMEOUT_VARIABLE, Integer.toString(timeoutSeconds));
    return pb.start();
  }

  static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  Process startedChild(String mode, int timeoutSeconds, Path log) throws IOException {
    Process p = child(mode, timeoutSeconds, log);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> read(log).contains("stop-test: started")
        || !p.isAlive());
    assertThat(p.isAlive()).as("child started: %s", read(log)).isTrue();
    return p;
  }

  @Test
  void aStopThatHangsIsHaltedAtTheDeadlineSayingWhatIsStuck() throws Exception {
    Path log = dir.resolve("hang.log");
    Process p = startedChild("hang", 2, log);
    p.destroy(); // SIGTERM
    assertThat(p.waitFor(2 + MARGIN.toSeconds(), TimeUnit.SECONDS)).as("exited: %s", read(log)).isTrue();
    assertThat(p.exitValue()).isEqualTo(ServiceMain.HALT_STATUS);
    assertThat(read(log)).contains("stop-test: stopping (at most 2 s)")
        .contains("stop-test: did not stop within 2 s, halting the JVM (exit status 3)")
        .contains("StopTestMain.closeForever")
        .doesNotContain("stop-test: stopped");
  }

  @Test
  void aCleanStopEndsNormallyAndTheWatchdogStaysQuiet() throws Exception {
    Path log = dir.resolve("clean.log");
    Process p = startedChild("clean", 2, log);
    p.destroy();
    assertThat(p.waitFor(2 + MARGIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(143); // 128 + SIGTERM: the JVM's own status after its shutdown hooks ran
    assertThat(read(log)).contains("stop-test: stopped").doesNotContain("halting");
  }

  @Test
  void theTimeoutIsConfiguredInSecondsAndListedInEveryServicesHelp() {
    assertThat(ServiceMain.shutdownTimeout(new Env(Map.of()))).isEqualTo(Duration.ofSeconds(30));
    assertThat(ServiceMain.shutdownTimeout(new Env(Map.of("SHUTDOWN_TIMEOUT_SECONDS", "7"))))
        .isEqualTo(Duration.ofSeconds(7));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServiceMain.shutdownTimeout(
        new Env(Map.of("SHUTDOWN_TIMEOUT_SECONDS", "0")))).hasMessageContaining("SHUTDOWN_TIMEOUT_SECONDS");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      ServiceMain.run("x-service", new String[] {"--help"}, "", () -> {
        throw new AssertionError("--help starts nothing");
      });
    } finally {
      System.setOut(saved);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("KAFKA_BOOTSTRAP_SERVERS")
        .contains("SHUTDOWN_TIMEOUT_SECONDS  longest a stop (SIGTERM) may take");
  }

  @Test
  void streamsGiveUpOnAStuckThreadBeforeTheServiceIsHalted() {
    assertThat(List.of(30, 10, 4, 1).stream().map(s -> StreamsApp.closeTimeout(Duration.ofSeconds(s)))
        .map(Duration::toMillis).toList()).containsExactly(20_000L, 5_000L, 2_000L, 500L);
  }
}
