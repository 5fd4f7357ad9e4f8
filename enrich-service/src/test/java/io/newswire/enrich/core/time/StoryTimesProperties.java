package io.newswire.enrich.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of {@link StoryTimes}. */
class StoryTimesProperties {

  @Property(tries = 500)
  void aWrittenOffsetIsKeptAndTheInstantIsExact(
      @ForAll("instants") Instant instant,
      @ForAll("offsets") ZoneOffset offset,
      @ForAll("zones") ZoneId agencyZone) {
    String text =
        OffsetDateTime.ofInstant(instant, offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    StoryTime t = StoryTimes.read(text, agencyZone);
    assertThat(t.utc()).isEqualTo(instant);
    assertThat(t.offset()).isEqualTo(offset);
    assertThat(t.zoneAssumed()).isFalse();
    assertThat(t.original()).isEqualTo(text);
  }

  @Property(tries = 500)
  void aZonelessTimeIsTheLocalTimeInTheAgencyZone(
      @ForAll("instants") Instant instant, @ForAll("zones") ZoneId zone) {
    LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
    StoryTime t = StoryTimes.read(local.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME), zone);
    assertThat(t.zoneAssumed()).isTrue();
    // the wall-clock time the agency wrote, seen with the offset recorded, is what it wrote
    assertThat(LocalDateTime.ofInstant(t.utc(), t.offset())).isEqualTo(local);
    assertThat(t.offset()).isEqualTo(zone.getRules().getOffset(t.utc()));
  }

  @Property(tries = 1000)
  void neverThrowsAndEitherReadsOrSaysWhy(@ForAll String text, @ForAll("zones") ZoneId zone) {
    StoryTime t = StoryTimes.read(text, zone);
    assertThat(t.original()).isEqualTo(text);
    if (t.utc() == null) {
      assertThat(t.offset()).isNull();
    } else {
      assertThat(t.offset()).isNotNull();
      assertThat(t.problem()).isNull();
    }
  }

  @Property(tries = 500)
  void neverThrowsOnNearlyValidTimes(@ForAll("nearlyValid") String text) {
    StoryTime t = StoryTimes.read(text, ZoneId.of("Asia/Jakarta"));
    // read, or refused with a reason; only a blank text (no time at all) is neither
    assertThat(t.valid() || t.problem() != null || text.isBlank())
        .as("'%s' -> %s", text, t)
        .isTrue();
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs()
        .between(
            Instant.parse("1970-01-01T00:00:00Z").getEpochSecond(),
            Instant.parse("2100-01-01T00:00:00Z").getEpochSecond())
        .flatMap(
            s ->
                Arbitraries.integers()
                    .between(0, 999)
                    .map(ms -> Instant.ofEpochSecond(s).plus(ms, ChronoUnit.MILLIS)));
  }

  @Provide
  Arbitrary<ZoneOffset> offsets() {
    return Arbitraries.integers()
        .between(-18 * 4, 18 * 4)
        .map(q -> ZoneOffset.ofTotalSeconds(q * 15 * 60));
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return Arbitraries.of(
            "UTC",
            "Asia/Ho_Chi_Minh",
            "Asia/Jakarta",
            "Asia/Kuala_Lumpur",
            "Europe/Paris",
            "America/New_York",
            "Australia/Lord_Howe",
            "Asia/Kathmandu",
            "Pacific/Chatham")
        .map(ZoneId::of);
  }

  @Provide
  Arbitrary<String> nearlyValid() {
    return Arbitraries.strings()
        .withChars("0123456789-:T+Z. []/AsiaHo_Chi_Minh")
        .ofMaxLength(40)
        .edgeCases(c -> c.add("2026-11-27T09:30:00+07:00"));
  }
}
