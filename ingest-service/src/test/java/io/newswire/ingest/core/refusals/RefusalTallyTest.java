package io.newswire.ingest.core.refusals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RefusalTallyTest {
  static final String INVALID = "https://newswire.dev/problems/invalid-story";
  static final String RATE = "https://newswire.dev/problems/rate-limited";

  static Refusal refusal(String source, String type, String detail, long at) {
    return new Refusal(source, Refusal.Kind.AGENCY, type, 400, "Invalid story", detail, at);
  }

  @Test
  void refusalsOfOneSourceAndTypeBecomeOneEntryWithTheirCountAndTheLastDetail() {
    RefusalTally tally = new RefusalTally(10);
    assertThat(tally.add(refusal("vna", INVALID, "first", 1_000))).isTrue();
    assertThat(tally.add(refusal("vna", INVALID, "third", 3_000))).isTrue();
    assertThat(tally.add(refusal("vna", INVALID, "second, late", 2_000))).isTrue();
    assertThat(tally.add(refusal("vna", RATE, "slow down", 2_500))).isTrue();
    assertThat(tally.add(refusal("vov", INVALID, "other agency", 2_600))).isTrue();

    List<RefusalTally.Entry> drained = tally.drain();
    assertThat(drained)
        .extracting(e -> e.last().source() + " " + e.last().type() + " " + e.count())
        .containsExactly("vna " + INVALID + " 3", "vna " + RATE + " 1", "vov " + INVALID + " 1");
    assertThat(drained.get(0).last().detail()).isEqualTo("third");
    assertThat(drained.get(0).last().atMillis()).isEqualTo(3_000);
    assertThat(tally.drain()).isEmpty();
  }

  @Test
  void aFullTallyDropsRefusalsOfNewKeysButStillCountsKnownOnes() {
    RefusalTally tally = new RefusalTally(2);
    assertThat(tally.add(refusal("a", INVALID, "", 1))).isTrue();
    assertThat(tally.add(refusal("b", INVALID, "", 1))).isTrue();
    assertThat(tally.add(refusal("c", INVALID, "", 1))).isFalse();
    assertThat(tally.add(refusal("a", INVALID, "", 2))).isTrue();
    assertThat(tally.size()).isEqualTo(2);
    assertThat(tally.drain()).extracting(RefusalTally.Entry::count).containsExactly(2, 1);
    assertThat(tally.add(refusal("c", INVALID, "", 3))).isTrue();
    assertThatThrownBy(() -> new RefusalTally(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRefusalIsBoundedAndFreeOfControlCharacters_andWithoutAKeyItsSourceIsUnauthenticated() {
    Refusal r =
        new Refusal(
            null,
            Refusal.Kind.AGENCY,
            INVALID,
            401,
            "T\u0000itle",
            "line one\nline two" + "x".repeat(2_000),
            5);
    assertThat(r.source()).isEqualTo(Refusal.UNAUTHENTICATED);
    assertThat(r.title()).isEqualTo("T itle");
    assertThat(r.detail())
        .hasSize(Refusal.MAX_DETAIL)
        .startsWith("line one line two")
        .endsWith("…");
    assertThat(Refusal.Kind.FEED.id()).isEqualTo("feed");
    assertThat(Refusal.UNAUTHENTICATED)
        .doesNotMatch(io.newswire.platform.core.StoryId.AGENCY.pattern());
  }
}
