package io.newswire.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static final List<String> INSTANCES =
      List.of("ingest-1", "ingest-2", "enrich-1", "enrich-2", "publish-1", "publish-2");
  private static final List<String> TOPICS = List.of("news.raw.v1", "news.enriched.v1");

  @Test
  void theScheduleHasEveryKillSpreadOverTheLoadAndReplaysFromItsSeed() {
    List<Schedule.Fault> plan = Schedule.plan(11, 600_000, 27, 3, INSTANCES, TOPICS, 6);
    assertThat(plan).hasSize(30);
    assertThat(plan).filteredOn(f -> f.target() instanceof Schedule.PartitionLeader).hasSize(3);
    assertThat(plan)
        .isSortedAccordingTo(java.util.Comparator.comparingLong(Schedule.Fault::atMillis));
    assertThat(plan).allMatch(f -> f.atMillis() >= 0 && f.atMillis() < 600_000);
    for (int i = 1;
        i < plan.size();
        i++) { // one per slot of 20 s, each inside the middle of its slot
      assertThat(plan.get(i).atMillis() - plan.get(i - 1).atMillis()).isGreaterThanOrEqualTo(8_000);
    }
    assertThat(plan)
        .allMatch(
            f ->
                f.target() instanceof Schedule.PartitionLeader
                    ? f.downMillis() >= 8_000 && f.downMillis() < 20_000
                    : f.downMillis() >= 1_000 && f.downMillis() < 4_000);
    assertThat(Schedule.plan(11, 600_000, 27, 3, INSTANCES, TOPICS, 6)).isEqualTo(plan);
    assertThat(Schedule.plan(12, 600_000, 27, 3, INSTANCES, TOPICS, 6)).isNotEqualTo(plan);
  }

  @Test
  void brokerKillsAreApartFromEachOther() {
    List<Schedule.Fault> plan = Schedule.plan(5, 300_000, 2, 1, INSTANCES, TOPICS, 6);
    assertThat(plan).hasSize(3);
    assertThat(plan).filteredOn(f -> f.target() instanceof Schedule.PartitionLeader).hasSize(1);
    assertThat(Schedule.plan(5, 300_000, 0, 0, INSTANCES, TOPICS, 6)).isEmpty();
  }
}
