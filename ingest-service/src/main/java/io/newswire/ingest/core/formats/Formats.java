package io.newswire.ingest.core.formats;

import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.platform.core.StoryId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.HexFormat;

/**
 * Small helpers shared by the format parsers: ids, versions and date-times as the formats write
 * them.
 */
public final class Formats {
  private Formats() {}

  /** ISO 8601 with an offset written without a colon (+0700), as many agencies' ninjs does. */
  private static final DateTimeFormatter OFFSET_NO_COLON =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .appendOffset("+HHMM", "Z")
          .toFormatter();

  /** ISO 8601 basic format, as NITF's {@code norm} attributes write it: 20261127T093000+0700. */
  private static final DateTimeFormatter BASIC =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuuMMdd'T'HHmmss")
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .toFormatter();

  /**
   * A date-time as Newswire keeps it (ISO 8601 extended, offset if the agency gave one);
   * unrecognized values are returned unchanged, for the common validation to refuse with the
   * field's name.
   */
  static String isoDateTime(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      OffsetDateTime.parse(v);
      return v;
    } catch (DateTimeParseException ignored) {
      // try the other spellings
    }
    try {
      return OffsetDateTime.parse(v, OFFSET_NO_COLON).toString();
    } catch (DateTimeParseException ignored) {
      // next
    }
    try {
      var parsed = BASIC.parseBest(v, OffsetDateTime::from, LocalDateTime::from);
      return parsed.toString();
    } catch (DateTimeParseException ignored) {
      return v;
    }
  }

  /**
   * The longest identifier read as an IRI (longer ones are refused: no agency's guid is that long).
   */
  static final int MAX_IDENTIFIER = 2_000;

  /**
   * An agency story id from a format's identifier: kept as it is when it is a valid Newswire story
   * id; a URI such as {@code https://agency.example/2026/11/27/story-1} loses its scheme and its
   * slashes become colons ({@code agency.example:2026:11:27:story-1}), which is deterministic and
   * keeps ids apart. Any other IRI-safe identifier (e.g. a {@code tag:} URI with a comma, {@code
   * tag:agency.example,2026:x}) becomes {@code guid-} + 40 hex of its SHA-256, as feed guids do.
   * Refused: blank, longer than {@value #MAX_IDENTIFIER} characters, or holding characters no IRI
   * may hold (spaces, controls, {@code <>"{}|\^`}).
   */
  public static String storyIdFrom(String identifier, String field)
      throws InvalidSubmissionException {
    if (identifier == null || identifier.isBlank()) {
      throw new InvalidSubmissionException(field, field + " is required");
    }
    String id = identifier.trim();
    if (StoryId.STORY_ID.matcher(id).matches()) {
      return id;
    }
    int scheme = id.indexOf("://");
    String s = scheme > 0 ? id.substring(scheme + 3) : id;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c == '/' || c == '?' || c == '#' || c == '=' || c == '&' ? ':' : c);
    }
    while (b.length() > 0 && b.charAt(b.length() - 1) == ':') {
      b.setLength(b.length() - 1);
    }
    String mapped = b.toString();
    if (StoryId.STORY_ID.matcher(mapped).matches()) {
      return mapped;
    }
    if (!iriSafe(id)) {
      throw new InvalidSubmissionException(
          field,
          field
              + " must be an id or IRI of at most "
              + MAX_IDENTIFIER
              + " characters without spaces, control characters or <>\"{}|\\^`, got '"
              + SubmissionParser.abbreviate(id)
              + "'");
    }
    return hashedId("guid-", id);
  }

  /**
   * {@code prefix} + the first 40 hex digits of the SHA-256 of {@code text} (UTF-8): a
   * deterministic story id.
   */
  public static String hashedId(String prefix, String text) {
    try {
      return prefix
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(text.getBytes(StandardCharsets.UTF_8)))
              .substring(0, 40);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * True when the identifier may be an IRI: not too long, no whitespace, controls or characters
   * IRIs exclude.
   */
  static boolean iriSafe(String id) {
    if (id.isEmpty() || id.length() > MAX_IDENTIFIER) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isWhitespace(c)
          || Character.isISOControl(c)
          || c == '\u00a0'
          || "<>\"{}|\\^`".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** A version written as text or as a number: a whole number of at least 1. */
  static int version(String value, String field, Integer defaultVersion)
      throws InvalidSubmissionException {
    if (value == null || value.isBlank()) {
      if (defaultVersion != null) {
        return defaultVersion;
      }
      throw new InvalidSubmissionException(field, field + " is required");
    }
    try {
      int v = Integer.parseInt(value.trim());
      if (v < 1) {
        throw new InvalidSubmissionException(field, field + " must be 1 or more, got " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new InvalidSubmissionException(
          field,
          field + " must be a whole number, got '" + SubmissionParser.abbreviate(value) + "'");
    }
  }

  /** The first of the values that is not null, or null. */
  @SafeVarargs
  public static <T> T firstNonNull(T... values) {
    for (T t : values) {
      if (t != null) {
        return t;
      }
    }
    return null;
  }
}
