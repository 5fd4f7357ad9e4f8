package io.newswire.enrich.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoryTimesTest {
  static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void aTimeWithAnOffsetIsConvertedToUtcAndKeepsItsOffset() {
    StoryTime t = StoryTimes.read("2026-11-27T09:30:00+07:00", PARIS);
    assertThat(t.utc()).isEqualTo(Instant.parse("2026-11-27T02:30:00Z"));
    assertThat(t.offsetText()).isEqualTo("+07:00");
    assertThat(t.zoneAssumed()).isFalse();
    assertThat(t.original()).isEqualTo("2026-11-27T09:30:00+07:00");
    assertThat(t.problem()).isNull();
  }

  @Test
  void aTimeWithoutAnOffsetIsReadInTheAgencyZone() {
    StoryTime t = StoryTimes.read("2026-11-27T09:30:00", HCM);
    assertThat(t.utc()).isEqualTo(Instant.parse("2026-11-27T02:30:00Z"));
    assertThat(t.offsetText()).isEqualTo("+07:00");
    assertThat(t.zoneAssumed()).isTrue();
  }

  @Test
  void theAgencyZoneOffsetFollowsDaylightSavingTime() {
    assertThat(StoryTimes.read("2026-07-01T12:00", PARIS).utc())
        .isEqualTo(Instant.parse("2026-07-01T10:00:00Z"));
    assertThat(StoryTimes.read("2026-07-01T12:00", PARIS).offsetText()).isEqualTo("+02:00");
    assertThat(StoryTimes.read("2026-12-01T12:00", PARIS).offsetText()).isEqualTo("+01:00");
  }

  @Test
  void inADaylightSavingOverlapTheEarlierOffsetIsTaken_andInAGapTheTimeMovesForward() {
    // 2026-10-25 03:00 CEST → 02:00 CET in Paris: 02:30 happens twice
    StoryTime overlap = StoryTimes.read("2026-10-25T02:30:00", PARIS);
    assertThat(overlap.offsetText()).isEqualTo("+02:00");
    assertThat(overlap.utc()).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    // 2026-03-29 02:00 CET → 03:00 CEST: 02:30 never happens
    StoryTime gap = StoryTimes.read("2026-03-29T02:30:00", PARIS);
    assertThat(gap.utc()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    assertThat(gap.offsetText()).isEqualTo("+02:00");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2026-11-27T02:30:00Z              | 2026-11-27T02:30:00Z     | Z",
        "2026-11-27T02:30:00.250Z          | 2026-11-27T02:30:00.250Z | Z",
        "2026-11-27T09:30+07:00            | 2026-11-27T02:30:00Z     | +07:00",
        "2026-11-27T09:30:00+0700          | 2026-11-27T02:30:00Z     | +07:00",
        "2026-11-27T09:30:00+07            | 2026-11-27T02:30:00Z     | +07:00",
        "2026-11-27 09:30:00+07:00         | 2026-11-27T02:30:00Z     | +07:00",
        "2026-11-26T21:30:00-05:00         | 2026-11-27T02:30:00Z     | -05:00",
        "2026-11-27T08:15:00+05:45         | 2026-11-27T02:30:00Z     | +05:45",
        "20261127T093000+0700              | 2026-11-27T02:30:00Z     | +07:00",
        "2026-11-27t09:30:00+07:00         | 2026-11-27T02:30:00Z     | +07:00",
        "  2026-11-27T09:30:00+07:00  \t   | 2026-11-27T02:30:00Z     | +07:00",
        "2026-11-27T09:30+07:00[Asia/Ho_Chi_Minh] | 2026-11-27T02:30:00Z | +07:00",
      })
  void acceptedIso8601Forms(String text, String utc, String offset) {
    StoryTime t = StoryTimes.read(text, PARIS);
    assertThat(t.problem()).isNull();
    assertThat(t.utc()).isEqualTo(Instant.parse(utc));
    assertThat(t.offsetText()).isEqualTo(offset);
    assertThat(t.zoneAssumed()).isFalse();
  }

  @Test
  void aBracketedZoneWithoutAnOffsetIsUsedInsteadOfTheAgencyZone() {
    StoryTime t = StoryTimes.read("2026-11-27T09:30[Asia/Ho_Chi_Minh]", PARIS);
    assertThat(t.utc()).isEqualTo(Instant.parse("2026-11-27T02:30:00Z"));
    assertThat(t.zoneAssumed()).isFalse();
  }

  @Test
  void aZeroOffsetWrittenAsDigitsIsKeptAsUtc() {
    assertThat(StoryTimes.read("2026-11-27T02:30:00+00:00", HCM).offset())
        .isEqualTo(ZoneOffset.UTC);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "yesterday",
        "27/11/2026 09:30",
        "2026-11-27",
        "2026-02-30T10:00:00Z",
        "2026-11-27T25:00Z",
        "2026-11-27T09:30:00+25:00",
        "2026-11-27T09:30:00 +07:00 extra",
        "2026-13-01T00:00Z",
        "Nov. 27, 2026",
        "2026-11-27T09:30:00+07:00[Not/AZone]",
        "\u0000",
        "2026-11-2709:30"
      })
  void anInvalidTimeKeepsItsTextHasNoUtcAndSaysWhy(String text) {
    StoryTime t = StoryTimes.read(text, HCM);
    assertThat(t.valid()).isFalse();
    assertThat(t.utc()).isNull();
    assertThat(t.offset()).isNull();
    assertThat(t.original()).isEqualTo(text);
    assertThat(t.problem()).isNotBlank();
  }

  @Test
  void anOverlongTextIsRefusedWithoutParsing() {
    String text = "2026-11-27T09:30:00+07:00" + " ".repeat(10) + "x".repeat(100);
    assertThat(StoryTimes.read(text, HCM).problem()).contains("longer than");
  }

  @Test
  void noTimeIsNotAProblem() {
    assertThat(StoryTimes.read(null, HCM)).isEqualTo(StoryTime.ABSENT);
    StoryTime blank = StoryTimes.read("  ", HCM);
    assertThat(blank.utc()).isNull();
    assertThat(blank.problem()).isNull();
  }

  @Test
  void aNullZoneMeansUtc() {
    StoryTime t = StoryTimes.read("2026-11-27T09:30:00", null);
    assertThat(t.utc()).isEqualTo(Instant.parse("2026-11-27T09:30:00Z"));
    assertThat(t.offsetText()).isEqualTo("Z");
    assertThat(t.zoneAssumed()).isTrue();
  }
}
