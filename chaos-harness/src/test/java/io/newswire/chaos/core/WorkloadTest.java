package io.newswire.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.chaos.core.Workload.Kind;
import io.newswire.chaos.core.Workload.Step;
import io.newswire.chaos.core.Workload.Story;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  private static final List<String> AGENCIES = List.of("vna", "afp", "ap");

  @Test
  void theSameSeedGivesTheSamePlanAndAnotherSeedAnother() {
    List<Story> a = Workload.generate(42, 500, AGENCIES, Workload.Mix.defaults());
    assertThat(Workload.generate(42, 500, AGENCIES, Workload.Mix.defaults())).isEqualTo(a);
    assertThat(Workload.generate(43, 500, AGENCIES, Workload.Mix.defaults())).isNotEqualTo(a);
  }

  @Test
  void everyStoryIsUniquelyNumberedAndItsStepsFollowTheIngestContract() {
    List<Story> stories = Workload.generate(7, 5_000, AGENCIES, Workload.Mix.defaults());
    Set<String> ids = new HashSet<>();
    Set<Kind> kinds = new HashSet<>();
    for (Story s : stories) {
      assertThat(ids.add(s.agency() + "/" + s.storyId())).isTrue();
      List<Step> steps = s.steps();
      assertThat(steps.get(0).kind()).isEqualTo(Kind.STORY);
      assertThat(steps.get(0).version()).isEqualTo(1);
      int written = 1;
      for (int i = 1; i < steps.size(); i++) {
        Step step = steps.get(i);
        kinds.add(step.kind());
        switch (step.kind()) {
          case UPDATE, CORRECTION, WITHDRAWAL -> {
            assertThat(step.version()).isEqualTo(written + 1);
            written = step.version();
          }
          case RESEND ->
              assertThat(step)
                  .isEqualTo(
                      new Step(
                          Kind.RESEND,
                          written,
                          steps.get(i - 1).headline(),
                          steps.get(i - 1).body()));
          case CONFLICT_PROBE -> {
            assertThat(step.version()).isEqualTo(written);
            assertThat(step.body()).isNotEqualTo(steps.get(i - 1).body());
          }
          default -> throw new AssertionError("a second STORY step in " + s);
        }
      }
      if (s.withdrawn()) {
        assertThat(steps.subList(0, steps.size() - 1)).noneMatch(x -> x.kind() == Kind.WITHDRAWAL);
      }
      assertThat(s.lastVersion()).isEqualTo(written);
    }
    assertThat(kinds)
        .containsExactlyInAnyOrder(
            Kind.UPDATE, Kind.CORRECTION, Kind.RESEND, Kind.CONFLICT_PROBE, Kind.WITHDRAWAL);
    assertThat(stories).extracting(Story::agency).containsAll(AGENCIES);
  }
}
