package io.newswire.publish.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EmbargoesTest {
  static final Instant NOW = Instant.parse("2026-12-01T04:00:00Z");
  static final Instant LATER = NOW.plusSeconds(3600);

  @Test
  void noEmbargoIsPublishedAtOnce() {
    assertThat(Embargoes.decide(NOW, null, false, false, false))
        .isEqualTo(new Embargoes.PublishNow(false));
  }

  @Test
  void anEmbargoInThePastOrNowIsNoEmbargo() {
    assertThat(Embargoes.decide(NOW, NOW.minusMillis(1), false, false, false))
        .isEqualTo(new Embargoes.PublishNow(false));
    assertThat(Embargoes.decide(NOW, NOW, false, false, true))
        .isEqualTo(new Embargoes.PublishNow(false));
  }

  @Test
  void anEmbargoInTheFutureIsHeld_earlyAccessGetsIt_andItReplacesAnyHeldVersion() {
    Embargoes.Decision d = Embargoes.decide(NOW, LATER, false, false, false);
    assertThat(d).isEqualTo(new Embargoes.Hold(LATER));
    assertThat(d.toEarlyAccess()).isTrue();
    // an update that moves the embargo (earlier or later) replaces the held version
    Embargoes.Decision moved = Embargoes.decide(NOW, NOW.plusSeconds(60), false, true, false);
    assertThat(moved).isEqualTo(new Embargoes.Hold(NOW.plusSeconds(60)));
    assertThat(moved.dropsHeld()).isTrue();
  }

  @Test
  void anUpdateWithoutEmbargoOrWithOneInThePastLiftsIt() {
    Embargoes.Decision lifted = Embargoes.decide(NOW, null, false, true, false);
    assertThat(lifted).isEqualTo(new Embargoes.PublishNow(true));
    assertThat(lifted.toEarlyAccess()).isFalse();
    assertThat(Embargoes.decide(NOW, NOW.minusSeconds(1), false, true, false))
        .isEqualTo(new Embargoes.PublishNow(true));
  }

  @Test
  void aKillBeforeTheLiftOfAStoryNobodySawPublishesNothing() {
    Embargoes.Decision d = Embargoes.decide(NOW, null, true, true, false);
    assertThat(d).isInstanceOf(Embargoes.DropKilled.class);
    assertThat(d.dropsHeld()).isTrue();
    assertThat(d.toEarlyAccess()).isTrue(); // who saw the held version learns of the kill
  }

  @Test
  void aKillOfAPublicStoryIsPublished_evenWithAnUpdateHeld_andEvenIfItCarriesAnEmbargo() {
    assertThat(Embargoes.decide(NOW, null, true, true, true))
        .isEqualTo(new Embargoes.PublishNow(true));
    assertThat(Embargoes.decide(NOW, LATER, true, false, true))
        .isEqualTo(new Embargoes.PublishNow(false));
    // a kill of a story never held is published as it always was
    assertThat(Embargoes.decide(NOW, null, true, false, false))
        .isEqualTo(new Embargoes.PublishNow(false));
  }

  @Test
  void aNewVersionOfAPublicStoryWithAFutureEmbargoIsHeld_thePublicKeepsThePreviousOne() {
    assertThat(Embargoes.decide(NOW, LATER, false, false, true))
        .isEqualTo(new Embargoes.Hold(LATER));
  }

  @Test
  void aHeldVersionIsDueAtItsEmbargo() {
    assertThat(Embargoes.due(NOW, LATER)).isFalse();
    assertThat(Embargoes.due(LATER, LATER)).isTrue();
    assertThat(Embargoes.due(LATER.plusMillis(1), LATER)).isTrue();
  }

  @Test
  void whatReplacesAHeldVersionIsAnnouncedForWhatItIsToThePublic() {
    assertThat(Embargoes.announcedAs(false, true, null, "2"))
        .isEqualTo(Embargoes.Announcement.FIRST);
    // a correction of a held update: to the public (at v1) it is the update
    assertThat(Embargoes.announcedAs(false, true, "1", "2"))
        .isEqualTo(Embargoes.Announcement.UPDATE);
    // an update held and released while the public has that very version: a correction
    assertThat(Embargoes.announcedAs(false, true, "2", "2"))
        .isEqualTo(Embargoes.Announcement.CORRECTION);
    assertThat(Embargoes.announcedAs(false, false, null, "2"))
        .isEqualTo(Embargoes.Announcement.AS_IS);
    assertThat(Embargoes.announcedAs(true, true, "1", "2")).isEqualTo(Embargoes.Announcement.AS_IS);
  }

  @Test
  void theStoryRouteIncludesTheHeldVersionOnlyWhenAskedAndRefusesOtherValuesNamingTheParameter() {
    assertThat(Embargoes.includeHeld(null)).isFalse();
    assertThat(Embargoes.includeHeld("exclude")).isFalse();
    assertThat(Embargoes.includeHeld("include")).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Embargoes.includeHeld("yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("embargoed: ")
        .hasMessageContaining("'yes'");
  }

  @Test
  void dueKeysSortByTimeThenUrn_andEndBeforeTheNextMillisecond() {
    String a = Embargoes.dueKey(NOW, "urn:newswire:vov:b");
    String b = Embargoes.dueKey(NOW, "urn:newswire:vov:c");
    String c = Embargoes.dueKey(NOW.plusMillis(1), "urn:newswire:vov:a");
    String far = Embargoes.dueKey(Instant.parse("2286-11-20T17:46:40Z"), "urn:newswire:vov:a");
    assertThat(a).isLessThan(b);
    assertThat(b).isLessThan(c);
    assertThat(c).isLessThan(far);
    assertThat(Embargoes.dueUpTo(NOW)).isGreaterThan(b).isLessThan(c);
    assertThat(Embargoes.urnOf(a)).isEqualTo("urn:newswire:vov:b");
    assertThat(Embargoes.urnOf(Embargoes.dueKey(NOW, "urn:x|y"))).isEqualTo("urn:x|y");
  }
}
