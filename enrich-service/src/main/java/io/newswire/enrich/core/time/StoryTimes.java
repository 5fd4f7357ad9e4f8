package io.newswire.enrich.core.time;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;

/**
 * Reads agencies' ISO 8601 times into instants, keeping the offset they were written with. Pure
 * functions.
 *
 * <p>Accepted: a date and a time ({@code T} or one space between them; minutes required, seconds
 * and fractions optional), optionally followed by an offset ({@code Z}, {@code +07:00}, {@code
 * +0700}, {@code +07}) and optionally a bracketed zone id as {@code java.time} writes it (used when
 * no offset is written), and the basic form {@code 20261127T093000+0700}. A time without an offset
 * is read in the agency's zone; in a daylight-saving overlap the earlier offset is taken, and a
 * local time that falls in a gap is moved forward by the gap's length (java.time's rule). Anything
 * else is not guessed at: the result keeps the text and says why it could not be read.
 */
public final class StoryTimes {

  private static final DateTimeFormatter EXTENDED =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .optionalStart()
          .appendLiteral('[')
          .parseCaseSensitive()
          .appendZoneRegionId()
          .appendLiteral(']')
          .optionalEnd()
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT)
          .withChronology(java.time.chrono.IsoChronology.INSTANCE);

  private static final DateTimeFormatter BASIC =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendValue(ChronoField.YEAR, 4)
          .appendValue(ChronoField.MONTH_OF_YEAR, 2)
          .appendValue(ChronoField.DAY_OF_MONTH, 2)
          .appendLiteral('T')
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT)
          .withChronology(java.time.chrono.IsoChronology.INSTANCE);

  private static final int MAX_LENGTH = 64;

  private StoryTimes() {}

  /**
   * Reads one time.
   *
   * @param text the time as the agency wrote it; null or blank means no time
   * @param agencyZone the zone a time without an offset is read in
   * @return the time; never null, never throws
   */
  public static StoryTime read(String text, ZoneId agencyZone) {
    if (text == null || text.isBlank()) {
      return text == null ? StoryTime.ABSENT : new StoryTime(text, null, null, false, null);
    }
    String t = text.strip();
    if (t.length() > 10 && t.charAt(10) == ' ') {
      t = t.substring(0, 10) + 'T' + t.substring(11);
    }
    if (t.length() > MAX_LENGTH) {
      return invalid(text, "longer than " + MAX_LENGTH + " characters");
    }
    TemporalAccessor parsed;
    try {
      boolean basic = t.length() > 8 && (t.charAt(8) == 'T' || t.charAt(8) == 't');
      parsed = basic ? BASIC.parse(t) : EXTENDED.parse(t);
    } catch (DateTimeParseException e) {
      return invalid(
          text,
          "not an ISO 8601 date-time such as 2026-11-27T09:30:00+07:00 ("
              + (e.getCause() != null
                  ? e.getCause().getMessage()
                  : "unreadable from character " + (e.getErrorIndex() + 1))
              + ")");
    }
    try {
      LocalDateTime local =
          LocalDateTime.of(
              java.time.LocalDate.of(
                  parsed.get(ChronoField.YEAR),
                  parsed.get(ChronoField.MONTH_OF_YEAR),
                  parsed.get(ChronoField.DAY_OF_MONTH)),
              java.time.LocalTime.of(
                  parsed.get(ChronoField.HOUR_OF_DAY),
                  parsed.get(ChronoField.MINUTE_OF_HOUR),
                  field(parsed, ChronoField.SECOND_OF_MINUTE),
                  field(parsed, ChronoField.NANO_OF_SECOND)));
      if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
        OffsetDateTime odt =
            OffsetDateTime.of(
                local, java.time.ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)));
        return new StoryTime(text, odt.toInstant(), odt.getOffset(), false, null);
      }
      ZoneId written = parsed.query(TemporalQueries.zoneId());
      ZoneId zone =
          written != null ? written : agencyZone == null ? java.time.ZoneOffset.UTC : agencyZone;
      ZonedDateTime zdt = ZonedDateTime.ofLocal(local, zone, null);
      return new StoryTime(text, zdt.toInstant(), zdt.getOffset(), written == null, null);
    } catch (DateTimeException | ArithmeticException e) {
      return invalid(text, e.getMessage());
    }
  }

  private static int field(TemporalAccessor t, ChronoField f) {
    return t.isSupported(f) ? t.get(f) : 0;
  }

  private static StoryTime invalid(String text, String why) {
    return new StoryTime(text, null, null, false, why);
  }
}
