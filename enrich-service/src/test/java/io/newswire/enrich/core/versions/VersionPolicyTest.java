package io.newswire.enrich.core.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.core.versions.VersionPolicy.Change;
import io.newswire.enrich.core.versions.VersionPolicy.Drop;
import io.newswire.enrich.core.versions.VersionPolicy.Emit;
import io.newswire.enrich.core.versions.VersionPolicy.Seen;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class VersionPolicyTest {

  @Test
  void firstSightIsNew() {
    assertThat(VersionPolicy.decide(null, 1, "h", false))
        .isEqualTo(new Emit(Change.NEW, new Seen(1, "h", false)));
  }

  @Test
  void exactDuplicateIsDropped() {
    assertThat(VersionPolicy.decide(new Seen(2, "h", false), 2, "h", false))
        .isInstanceOf(Drop.class);
  }

  @Test
  void sameVersionWithOtherContentIsACorrection() {
    assertThat(VersionPolicy.decide(new Seen(2, "h", false), 2, "h2", false))
        .isEqualTo(new Emit(Change.CORRECTION, new Seen(2, "h2", false, Change.CORRECTION)));
  }

  @Test
  void higherVersionIsAnUpdateAndLowerIsStale() {
    assertThat(VersionPolicy.decide(new Seen(2, "h", false), 3, "x", false))
        .isEqualTo(new Emit(Change.UPDATE, new Seen(3, "x", false, Change.UPDATE)));
    assertThat(VersionPolicy.decide(new Seen(3, "h", false), 2, "x", false))
        .isEqualTo(new Drop("stale: version 2 arrived after version 3"));
  }

  @Test
  void aKillIsPassedOnAndNothingFollowsIt() {
    assertThat(VersionPolicy.decide(new Seen(1, "h", false), 1, "k", true))
        .isEqualTo(new Emit(Change.KILL, new Seen(1, "k", true, Change.KILL)));
    assertThat(VersionPolicy.decide(new Seen(1, "k", true), 2, "x", false))
        .isInstanceOf(Drop.class);
    assertThat(VersionPolicy.decide(new Seen(1, "k", true), 1, "k", true)).isInstanceOf(Drop.class);
  }

  @Test
  void seenRoundTripsThroughItsStoreEncodingAndReadsTheOlderForm() {
    Seen s = new Seen(7, "abc", false, Change.CORRECTION);
    assertThat(Seen.decode(s.encode())).isEqualTo(s);
    assertThat(Seen.decode("3|abc|-")).isEqualTo(new Seen(3, "abc", false, Change.UPDATE));
    assertThat(Seen.decode("1|abc|-")).isEqualTo(new Seen(1, "abc", false, Change.NEW));
    assertThat(Seen.decode("2|abc|K")).isEqualTo(new Seen(2, "abc", true, Change.KILL));
  }

  @Test
  void aReplayPassesOnlyAsTheCurrentVersionWithTheChangeItHad() {
    Seen current = new Seen(3, "h3", false, Change.CORRECTION);
    assertThat(VersionPolicy.decide(current, 3, "h3", false, true))
        .isEqualTo(new Emit(Change.CORRECTION, current));
    assertThat(VersionPolicy.decide(current, 2, "h2", false, true)).isInstanceOf(Drop.class);
    assertThat(VersionPolicy.decide(current, 3, "h3-before-correction", false, true))
        .isInstanceOf(Drop.class);
    assertThat(VersionPolicy.decide(current, 3, "h3", false, false))
        .as("the same record not marked as a replay is a duplicate")
        .isInstanceOf(Drop.class);
    Seen killed = new Seen(4, "k", true, Change.KILL);
    assertThat(VersionPolicy.decide(killed, 4, "k", true, true))
        .isEqualTo(new Emit(Change.KILL, killed));
    assertThat(VersionPolicy.decide(null, 1, "h", false, true))
        .isEqualTo(new Emit(Change.NEW, new Seen(1, "h", false, Change.NEW)));
  }

  /** Replaying any history after it, in any order, never changes what is remembered. */
  @Property
  void replaysNeverMoveAStoryBackwards(
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 5) Integer> arrivals,
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 5) Integer> replays) {
    Seen seen = null;
    for (int v : arrivals) {
      if (VersionPolicy.decide(seen, v, "content-of-" + v, false) instanceof Emit e) {
        seen = e.next();
      }
    }
    Seen before = seen;
    for (int v : replays) {
      if (VersionPolicy.decide(seen, v, "content-of-" + v, false, true) instanceof Emit e) {
        assertThat(e.next()).isEqualTo(before);
        assertThat(v).isEqualTo(before.version());
        seen = e.next();
      }
    }
    assertThat(seen).isEqualTo(before);
  }

  /**
   * Whatever order and repetition versions arrive in, each distinct (version, content) is emitted
   * at most once, and versions emitted never go down.
   */
  @Property
  void emittedVersionsNeverRepeatNorGoDown(
      @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 1, max = 6) Integer> arrivals) {
    List<Integer> shuffled = new ArrayList<>(arrivals);
    Collections.shuffle(shuffled);
    Seen seen = null;
    List<Integer> emitted = new ArrayList<>();
    for (int v : shuffled) {
      var d = VersionPolicy.decide(seen, v, "content-of-" + v, false);
      if (d instanceof Emit e) {
        emitted.add(v);
        seen = e.next();
      }
    }
    assertThat(emitted).doesNotHaveDuplicates().isSorted();
    assertThat(emitted.get(0)).isEqualTo(shuffled.get(0));
    assertThat(emitted.get(emitted.size() - 1)).isEqualTo(Collections.max(shuffled));
  }
}
