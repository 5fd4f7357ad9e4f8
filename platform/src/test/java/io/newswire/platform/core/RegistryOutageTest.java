package io.newswire.platform.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RegistryOutageTest {
  static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
  static final String NOT_FOUND =
      "ContentNotFoundException: No content with id/hash 'contentId-42' was found.";

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    Instant now = T0;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  final TestClock clock = new TestClock();

  @Test
  void theBackoffDoublesFromOneSecondToAFiveSecondCap() {
    assertThat(
            IntStream.of(1, 2, 3, 4, 5, 40)
                .mapToObj(RegistryOutage::backoff)
                .map(Duration::toMillis)
                .toList())
        .containsExactly(1000L, 2000L, 4000L, 5000L, 5000L, 5000L);
  }

  @Test
  void
      anUnreachableRegistryIsRetriedWithGrowingBackoff_neverDeadLettered_untilRecordsAreProcessedAgain() {
    RegistryOutage outage = new RegistryOutage(clock, Duration.ZERO); // even with no grace at all
    assertThat(outage.current()).isEmpty();

    List<Duration> waits =
        IntStream.range(0, 5)
            .mapToObj(
                i -> {
                  clock.advance(Duration.ofSeconds(3));
                  return outage
                      .unavailable("news.raw.v1-0@7", "no answer (ConnectException)", 100)
                      .backoff();
                })
            .toList();
    assertThat(waits).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 5L, 5L);

    RegistryOutage.Episode e = outage.current().orElseThrow();
    assertThat(e.since()).isEqualTo(T0.plusSeconds(3));
    assertThat(e.failures()).isEqualTo(5);
    assertThat(e.describe())
        .startsWith("schema registry unreachable since " + T0.plusSeconds(3))
        .contains("5 failures")
        .contains("news.raw.v1-0@7")
        .contains("ConnectException");

    // no record processed since the last failure: still down
    assertThat(outage.endIfProcessed(100)).isEmpty();
    assertThat(outage.current()).isPresent();
    // a record processed: the episode ends, once
    assertThat(outage.endIfProcessed(101)).contains(e);
    assertThat(outage.endIfProcessed(102)).isEmpty();
    assertThat(outage.current()).isEmpty();

    // the next failure starts a new episode: backoff from the start, since now
    RegistryOutage.Retry again = outage.unavailable("news.raw.v1-1@9", "HTTP 503", 102);
    assertThat(again.backoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(again.episode().since()).isEqualTo(clock.instant());
  }

  @Test
  void progressSeenAtAFailureStartsANewEpisode() {
    RegistryOutage outage = new RegistryOutage(clock, Duration.ZERO);
    outage.unavailable("t-0@1", "HTTP 503", 10);
    outage.unavailable("t-0@1", "HTTP 503", 10);
    clock.advance(Duration.ofSeconds(30));
    RegistryOutage.Retry r =
        outage.unavailable("t-0@5", "HTTP 503", 14); // records flowed in between
    assertThat(r.backoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(r.episode().failures()).isEqualTo(1);
    assertThat(r.episode().since()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void anUnknownSchemaIdIsRetriedDuringTheGraceFromThatRecordsFirstFailure_thenDeadLettered() {
    RegistryOutage outage = new RegistryOutage(clock, Duration.ofMinutes(5));
    String record = "news.enriched.v1-2@40";

    RegistryOutage.Decision first = outage.unknownSchema(record, NOT_FOUND, 0);
    assertThat(first).isInstanceOf(RegistryOutage.Retry.class);
    RegistryOutage.Episode e = ((RegistryOutage.Retry) first).episode();
    assertThat(e.unknownSchema()).isTrue();
    assertThat(e.deadLetterAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(e.describe())
        .contains("does not know the schema id of " + record)
        .contains(NOT_FOUND)
        .contains("dead-lettered at " + T0.plus(Duration.ofMinutes(5)));

    // another record's grace runs from its own first failure
    clock.advance(Duration.ofMinutes(2));
    assertThat(outage.unknownSchema("news.enriched.v1-0@3", NOT_FOUND, 0))
        .isInstanceOf(RegistryOutage.Retry.class);

    clock.advance(Duration.ofMinutes(3).minusMillis(1));
    assertThat(outage.unknownSchema(record, NOT_FOUND, 0)).isInstanceOf(RegistryOutage.Retry.class);
    clock.advance(Duration.ofMillis(1));
    assertThat(outage.unknownSchema(record, NOT_FOUND, 0))
        .isEqualTo(new RegistryOutage.DeadLetter(Duration.ofMinutes(5)));
    assertThat(outage.unknownSchema("news.enriched.v1-0@3", NOT_FOUND, 0))
        .isInstanceOf(RegistryOutage.Retry.class);

    // the same offset failing again later (a replayed record, a reset) gets a new grace
    assertThat(outage.unknownSchema(record, NOT_FOUND, 0)).isInstanceOf(RegistryOutage.Retry.class);
  }

  @Test
  void aGraceOfZeroDeadLettersAnUnknownSchemaIdAtOnce_withoutAnOutage() {
    RegistryOutage outage = new RegistryOutage(clock, Duration.ZERO);
    assertThat(outage.unknownSchema("news.raw.v1-0@1", NOT_FOUND, 0))
        .isEqualTo(new RegistryOutage.DeadLetter(Duration.ZERO));
    assertThat(outage.current()).isEmpty();
  }

  @Test
  void aNegativeGraceIsRefused() {
    assertThatThrownBy(() -> new RegistryOutage(clock, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
