package io.newswire.platform.core.generations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenerationDiffTest {

  @Test
  void findsChangedStoriesAndCountsEachTagInBothGenerations() {
    var before =
        Map.of(
            "a", Set.of("AI", "ASEAN"),
            "b", Set.of("AI"),
            "c", Set.<String>of(),
            "old", Set.of("ASEAN"));
    var after =
        Map.of(
            "a", Set.of("AI", "ASEAN"),
            "b", Set.of("DIGITAL_TRANSFORMATION"),
            "c", Set.of("AI"),
            "new", Set.of("AI"));

    var r = GenerationDiff.compare(before, after);

    assertThat(r.compared()).isEqualTo(3);
    assertThat(r.onlyBefore()).containsExactly("old");
    assertThat(r.onlyAfter()).containsExactly("new");
    assertThat(r.changes()).extracting(GenerationDiff.Change::urn).containsExactly("b", "c");
    assertThat(r.changes().get(0).added()).containsExactly("DIGITAL_TRANSFORMATION");
    assertThat(r.changes().get(0).removed()).containsExactly("AI");
    assertThat(r.counts())
        .containsExactly(
            new GenerationDiff.TagCount("AI", 2, 2),
            new GenerationDiff.TagCount("ASEAN", 1, 1),
            new GenerationDiff.TagCount("DIGITAL_TRANSFORMATION", 0, 1));
  }
}
