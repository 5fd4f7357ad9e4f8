package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings of every service's main. The bounded stop itself, on real JVMs that get a real
 * SIGTERM, is tested by publish-service's {@code BoundedShutdownIT} (it needs a child JVM and the
 * test kit).
 */
class ServiceMainTest {

  @Test
  void theTimeoutIsConfiguredInSecondsAndListedInEveryServicesHelp() {
    assertThat(ServiceMain.shutdownTimeout(new Env(Map.of()))).isEqualTo(Duration.ofSeconds(30));
    assertThat(ServiceMain.shutdownTimeout(new Env(Map.of("SHUTDOWN_TIMEOUT_SECONDS", "7"))))
        .isEqualTo(Duration.ofSeconds(7));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ServiceMain.shutdownTimeout(new Env(Map.of("SHUTDOWN_TIMEOUT_SECONDS", "0"))))
        .hasMessageContaining("SHUTDOWN_TIMEOUT_SECONDS");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      ServiceMain.run(
          "x-service",
          new String[] {"--help"},
          "",
          () -> {
            throw new AssertionError("--help starts nothing");
          });
    } finally {
      System.setOut(saved);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("KAFKA_BOOTSTRAP_SERVERS")
        .contains("SHUTDOWN_TIMEOUT_SECONDS  longest a stop (SIGTERM) may take");
  }

  @Test
  void streamsGiveUpOnAStuckThreadBeforeTheServiceIsHalted() {
    assertThat(
            List.of(30, 10, 4, 1).stream()
                .map(s -> StreamsApp.closeTimeout(Duration.ofSeconds(s)))
                .map(Duration::toMillis)
                .toList())
        .containsExactly(20_000L, 5_000L, 2_000L, 500L);
  }
}
