package io.newswire.publish.core.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SourceLedgerTest {
  static final SourceLedger LEDGER = SourceLedger.defaults(); // idle after 4 x the usual pause
  static final long T0 = Instant.parse("2026-11-27T08:00:00Z").toEpochMilli();
  static final long MIN = 60_000;
  static final long HOUR = 3_600_000;

  static SourceState received(SourceState s, long... times) {
    for (long t : times) {
      s = LEDGER.apply(s, new SourceEvent.Received("vna", "agency", t));
    }
    return s;
  }

  static SourceEvent.Refused refused(String slug, int status, long at, int count) {
    return new SourceEvent.Refused(
        "vna",
        "agency",
        "https://newswire.dev/problems/" + slug,
        status,
        "Title",
        "detail of " + slug,
        at,
        count);
  }

  /** Stories every {@code every} ms from T0, {@code n} of them. */
  static long[] every(long every, int n) {
    return LongStream.range(0, n).map(i -> T0 + i * every).toArray();
  }

  @Test
  void storiesAreCountedByHour_theViewShowsTheLast24EndingWithTheCurrentHour_andHoursRollOver() {
    SourceState s = received(null, T0 + 5 * MIN, T0 + 10 * MIN, T0 + HOUR + MIN);
    SourceView v = LEDGER.view(s, T0 + HOUR + 30 * MIN);
    assertThat(v.perHour()).hasSize(24);
    assertThat(v.perHour().subList(22, 24)).containsExactly(2L, 1L);
    assertThat(v.storiesLast24h()).isEqualTo(3);
    assertThat(v.lastReceivedMillis()).isEqualTo(T0 + HOUR + MIN);

    // 23 hours later the 08:00 hour is the oldest shown; one more hour and it is gone
    assertThat(LEDGER.view(s, T0 + 23 * HOUR).perHour().get(0)).isEqualTo(2L);
    SourceView later = LEDGER.view(s, T0 + 24 * HOUR);
    assertThat(later.perHour().get(0)).isEqualTo(1L); // 09:00 is now the oldest hour shown
    assertThat(later.storiesLast24h()).isEqualTo(1);
    assertThat(LEDGER.view(s, T0 + 48 * HOUR).storiesLast24h()).isZero();

    // a story a day later drops the buckets it leaves behind: the state stays bounded
    SourceState dayLater = received(s, T0 + 30 * HOUR);
    assertThat(dayLater.receivedByHour()).hasSize(1);
    assertThat(dayLater.receivedTotal()).isEqualTo(4);
    // and a story older than the hours kept counts in the total only
    SourceState old = received(dayLater, T0 - 5 * HOUR);
    assertThat(old.receivedByHour()).isEqualTo(dayLater.receivedByHour());
    assertThat(old.receivedTotal()).isEqualTo(5);
    assertThat(old.lastReceivedMillis()).isEqualTo(T0 + 30 * HOUR);
  }

  @Test
  void aSourceThatUsuallySendsTurnsIdleOnTheWallClockAfterTheMultipleOfItsUsualPause() {
    SourceState s = received(null, every(10 * MIN, 8)); // 7 pauses of 10 minutes
    long last = T0 + 70 * MIN;
    assertThat(LEDGER.usualGapMillis(s)).isEqualTo(10 * MIN);

    SourceView justBefore = LEDGER.view(s, last + 40 * MIN);
    assertThat(justBefore.state()).isEqualTo(SourceView.Health.OK);
    assertThat(justBefore.usualGapSeconds()).isEqualTo(600);
    assertThat(justBefore.idleForSeconds()).isNull();

    SourceView idle = LEDGER.view(s, last + 40 * MIN + 1_000); // no new record: only the clock
    assertThat(idle.state()).isEqualTo(SourceView.Health.IDLE);
    assertThat(idle.idleForSeconds()).isEqualTo(40 * 60 + 1);
    assertThat(idle.idle()).isTrue();

    SourceView back = LEDGER.view(received(s, last + 50 * MIN), last + 51 * MIN);
    assertThat(back.state()).isEqualTo(SourceView.Health.OK);

    SourceLedger patient = new SourceLedger(10, 5);
    assertThat(patient.view(s, last + 41 * MIN).state()).isEqualTo(SourceView.Health.OK);
    assertThat(patient.view(s, last + 101 * MIN).state()).isEqualTo(SourceView.Health.IDLE);
  }

  @Test
  void withTooLittleHistoryASourceIsQuietNewAndNeverIdle() {
    SourceState s = received(null, every(10 * MIN, 5)); // 4 pauses: one short of the default
    SourceView v = LEDGER.view(s, T0 + 30 * HOUR);
    assertThat(v.state()).isEqualTo(SourceView.Health.QUIET_NEW);
    assertThat(v.usualGapSeconds()).isNull();
    assertThat(v.idleForSeconds()).isNull();
    assertThat(new SourceLedger(4, 4).view(s, T0 + 30 * HOUR).state())
        .isEqualTo(SourceView.Health.IDLE);
  }

  @Test
  void burstsAreOneRun_soAnHourlyNewsMessageIsUsuallyAnHourApart_andASteadyStreamAMinute() {
    SourceState hourly = null;
    for (int h = 0; h < 8; h++) {
      for (int i = 0; i < 10; i++) { // ten items within 5 s, every hour
        hourly = received(hourly, T0 + h * HOUR + i * 500);
      }
    }
    assertThat(LEDGER.usualGapMillis(hourly)).isBetween(HOUR - 5_000, HOUR);
    long lastHourly = hourly.lastReceivedMillis();
    assertThat(LEDGER.view(hourly, lastHourly + 3 * HOUR).state()).isEqualTo(SourceView.Health.OK);
    assertThat(LEDGER.view(hourly, lastHourly + 5 * HOUR).state())
        .isEqualTo(SourceView.Health.IDLE);

    SourceState steady = received(null, every(10_000, 60)); // every 10 s for 10 minutes
    assertThat(LEDGER.usualGapMillis(steady)).isEqualTo(MIN);
    long lastSteady = steady.lastReceivedMillis();
    assertThat(LEDGER.view(steady, lastSteady + 3 * MIN).state()).isEqualTo(SourceView.Health.OK);
    assertThat(LEDGER.view(steady, lastSteady + 5 * MIN).state()).isEqualTo(SourceView.Health.IDLE);
  }

  @Test
  void pausesAreBoundedAndAStoryOutOfOrderCountsWithoutMakingOne() {
    SourceState s = received(null, every(2 * MIN, 100));
    assertThat(s.gapsMillis()).hasSize(SourceLedger.MAX_GAPS);
    SourceState late = received(s, T0 + 3 * MIN);
    assertThat(late.gapsMillis()).isEqualTo(s.gapsMillis());
    assertThat(late.lastReceivedMillis()).isEqualTo(s.lastReceivedMillis());
    assertThat(late.receivedTotal()).isEqualTo(101);
  }

  @Test
  void refusalsAreCountedByTypeAndHour_theLatestIsTheLastError_andMakeTheSourceErroring() {
    SourceState s = received(null, every(10 * MIN, 8));
    long last = s.lastReceivedMillis();
    s = LEDGER.apply(s, refused("invalid-story", 400, last + MIN, 3));
    s = LEDGER.apply(s, refused("rate-limited", 429, last + 2 * MIN, 1));
    s = LEDGER.apply(s, refused("invalid-story", 400, last + 90_000, 1)); // earlier than the last

    SourceView v = LEDGER.view(s, last + 3 * MIN);
    assertThat(v.refusals()).containsEntry("invalid-story", 4L).containsEntry("rate-limited", 1L);
    assertThat(v.refusalsLast24h()).isEqualTo(5);
    assertThat(v.lastError().type()).isEqualTo("rate-limited");
    assertThat(v.lastError().status()).isEqualTo(429);
    assertThat(v.lastError().atMillis()).isEqualTo(last + 2 * MIN);
    assertThat(v.state()).isEqualTo(SourceView.Health.ERRORING);

    // a story after the error: healthy again; the counts stay
    SourceState recovered = received(s, last + 4 * MIN);
    assertThat(LEDGER.view(recovered, last + 5 * MIN).state()).isEqualTo(SourceView.Health.OK);
    assertThat(LEDGER.view(recovered, last + 5 * MIN).refusals())
        .containsEntry("invalid-story", 4L);
    // an error older than a day no longer makes a source erroring: it is idle by then
    assertThat(LEDGER.view(s, last + 25 * HOUR).state()).isEqualTo(SourceView.Health.IDLE);
  }

  @Test
  void aSourceThatOnlyFailsIsErroring_andItsProblemTypesAreBounded() {
    SourceState s = null;
    for (int i = 0; i < SourceLedger.MAX_TYPES + 3; i++) {
      s = LEDGER.apply(s, refused("type-" + i, 400, T0 + i, 1));
    }
    SourceView v = LEDGER.view(s, T0 + MIN);
    assertThat(v.state()).isEqualTo(SourceView.Health.ERRORING);
    assertThat(v.lastReceivedMillis()).isNull();
    assertThat(v.refusals()).hasSize(SourceLedger.MAX_TYPES + 1).containsEntry("other", 3L);
    assertThat(SourceLedger.slug("https://newswire.dev/problems/feed-unreachable"))
        .isEqualTo("feed-unreachable");
    assertThat(SourceLedger.slug("plain")).isEqualTo("plain");
    assertThat(SourceLedger.slug("x/" + "a".repeat(500))).hasSize(100);
  }

  @Test
  void theWorstComeFirst_andBadSettingsAreRefused() {
    SourceState ok = received(null, every(MIN, 10));
    SourceState idle = LEDGER.apply(null, new SourceEvent.Received("b-idle", "agency", T0));
    for (long t : every(MIN, 10)) {
      idle = LEDGER.apply(idle, new SourceEvent.Received("b-idle", "agency", t));
    }
    long now = T0 + HOUR;
    List<SourceView> views =
        new java.util.ArrayList<>(
            List.of(
                LEDGER.view(received(ok, now - MIN), now),
                LEDGER.view(idle, now),
                LEDGER.view(
                    LEDGER.apply(
                        null,
                        new SourceEvent.Refused(
                            "_unauthenticated",
                            "agency",
                            "https://newswire.dev/problems/unauthenticated",
                            401,
                            "Unauthenticated",
                            "The API key is not valid.",
                            now - 1,
                            1)),
                    now),
                LEDGER.view(
                    LEDGER.apply(null, new SourceEvent.Received("new", "feed", now)), now)));
    Collections.shuffle(views);
    views.sort(SourceView.WORST_FIRST);
    assertThat(views)
        .extracting(v -> v.source() + ":" + v.state().id())
        .containsExactly("_unauthenticated:erroring", "b-idle:idle", "new:quiet-new", "vna:ok");

    assertThatThrownBy(() -> new SourceLedger(1, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SourceLedger(Double.NaN, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SourceLedger(4, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Duration.ofMillis(LEDGER.usualGapMillis(ok))).isEqualTo(Duration.ofMinutes(1));
  }
}
