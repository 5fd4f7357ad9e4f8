package io.newswire.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.chaos.core.Verdict;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The short form of the chaos run, on every build: a 3-broker KRaft cluster and two instances of
 * each service as their own JVMs, 2,000 stories, two services and one partition leader killed with
 * SIGKILL during the load. The verdict must be valid: nothing lost, duplicated, reordered, stale or
 * unexpected, no transaction left open. The long form is run by hand (docs/reliability.md).
 */
class ChaosIT {
  /** Fixed, so a failure replays with {@code ./chaos --seed 20261130 ...}. */
  private static final long SEED = 20261130L;

  @Test
  void twoThousandStoriesThroughServiceAndBrokerKillsAreNeitherLostNorDuplicatedNorReordered()
      throws Exception {
    ChaosRun.Settings settings =
        new ChaosRun.Settings(
            SEED,
            2_000,
            2,
            1,
            40,
            48,
            3,
            6,
            null,
            false,
            Duration.ofSeconds(120),
            ChaosMain.repoRoot());
    PrintStream out = System.out;
    ChaosRun.Result result = new ChaosRun(settings, out).run();
    Verdict v = result.verdict();
    String edn = v.edn(result.run());
    out.println(edn);
    assertThat(result.kills()).as("the nemesis carried out every fault").hasSize(3);
    assertThat(result.kills()).filteredOn(Nemesis.Kill::broker).hasSize(1);
    assertThat(v.acceptedStories()).as(edn).isEqualTo(2_000);
    assertThat(v.valid()).as(edn).isTrue();
  }
}
