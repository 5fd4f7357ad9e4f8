package io.newswire.ingest.core.formats;

import static io.newswire.ingest.core.formats.JsonDocuments.kind;
import static io.newswire.ingest.core.formats.JsonDocuments.optionalText;

import com.fasterxml.jackson.databind.JsonNode;
import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import io.newswire.platform.core.StoryId;
import java.nio.charset.Charset;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses and validates what agencies submit: Newswire's own JSON, or plain text with its metadata
 * alongside (headers or query parameters, given here as a map). Plain Java: the HTTP layer only
 * passes bytes and strings in.
 *
 * <p>Every refusal is an {@link InvalidSubmissionException} naming the field at fault; nothing else
 * is thrown.
 */
public final class SubmissionParser {

  /**
   * Metadata keys for plain-text submissions (the HTTP layer maps headers and query parameters onto
   * them).
   */
  public static final String STORY_ID = "storyId";

  public static final String VERSION = "version";
  public static final String HEADLINE = "headline";
  public static final String LANGUAGE = "language";
  public static final String FIRST_CREATED = "firstCreated";
  public static final String VERSION_CREATED = "versionCreated";
  public static final String BYLINE = "byline";
  public static final String SLUGLINE = "slugline";
  public static final String PUB_STATUS = "pubStatus";
  public static final String AGENCY = "agency";
  public static final String URGENCY = "urgency";

  /**
   * The embargo in Newswire's JSON and text ({@code embargoUntil}, header {@code X-Embargo-Until});
   * the IPTC formats call it {@value #EMBARGOED}.
   */
  public static final String EMBARGO_UNTIL = "embargoUntil";

  /** The embargo's name in the IPTC formats (ninjs, NewsML-G2), used in their warnings. */
  public static final String EMBARGOED = "embargoed";

  private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");
  private static final int MAX_HEADLINE = 1_000;

  /**
   * The fields every format maps onto, as the document wrote them (null where it has none), before
   * {@link #build} checks them.
   */
  public record Fields(
      String storyId,
      int version,
      String body,
      String headline,
      String language,
      String firstCreated,
      String versionCreated,
      String byline,
      String slugline,
      String agency,
      String pubStatus,
      String dateline,
      List<String> subjects,
      String urgency,
      String embargoed) {}

  /** Parses Newswire's JSON submission. */
  public StorySubmission parseJson(byte[] payload, Charset charset)
      throws InvalidSubmissionException {
    JsonNode root = JsonDocuments.readObject(payload, charset, "the body must be a JSON object");
    String urgency = jsonUrgency(root);
    return newswire(
        requiredText(root, "agencyStoryId"),
        requiredVersion(root),
        requiredText(root, "body"),
        field -> URGENCY.equals(field) ? urgency : optionalText(root, field));
  }

  /** Parses a plain-text submission: the payload is the body, the metadata map holds the rest. */
  public StorySubmission parsePlainText(
      byte[] payload, Charset charset, Map<String, String> metadata)
      throws InvalidSubmissionException {
    String body = Charsets.decodeStrictly(payload, charset);
    String storyId = metadata.get(STORY_ID);
    if (storyId == null || storyId.isBlank()) {
      throw new InvalidSubmissionException(
          STORY_ID,
          "a plain-text story needs its agency story id "
              + "(header X-Story-Id or query parameter storyId)");
    }
    String version = metadata.get(VERSION);
    int v;
    if (version == null || version.isBlank()) {
      throw new InvalidSubmissionException(
          VERSION,
          "a plain-text story needs its version "
              + "(header X-Story-Version or query parameter version)");
    }
    try {
      v = Integer.parseInt(version.trim());
    } catch (NumberFormatException e) {
      throw new InvalidSubmissionException(
          VERSION, "version must be a whole number, got '" + version + "'");
    }
    return newswire(storyId.trim(), v, body, metadata::get);
  }

  /** Reads one of Newswire's optional fields by its name (a JSON member or a metadata key). */
  private interface OptionalField {
    String read(String name) throws InvalidSubmissionException;
  }

  /** A submission in Newswire's own fields: strict, no metadata beyond them. */
  private static StorySubmission newswire(
      String storyId, int version, String body, OptionalField field)
      throws InvalidSubmissionException {
    return build(
        new Fields(
            storyId,
            version,
            body,
            field.read(HEADLINE),
            field.read(LANGUAGE),
            field.read(FIRST_CREATED),
            field.read(VERSION_CREATED),
            field.read(BYLINE),
            field.read(SLUGLINE),
            field.read(AGENCY),
            field.read(PUB_STATUS),
            null,
            List.of(),
            field.read(URGENCY),
            field.read(EMBARGO_UNTIL)),
        "agencyStoryId",
        StorySubmission.Metadata.NONE,
        false);
  }

  /**
   * Validates the common fields and builds the submission, with the agency metadata beyond them;
   * {@code idField} names the field the agency story id came from (e.g. {@code uri} in ninjs,
   * {@code guid} in NewsML-G2). {@code lenient} (the IPTC formats) leaves out an unreadable
   * optional field — a language that is not BCP 47, a date-time that is not ISO 8601, an unknown
   * pubStatus (then usable), an urgency that is not 1 to 9, an embargo that is not an ISO 8601
   * date-time — with a warning in the metadata instead of refusing the story.
   */
  public static StorySubmission build(
      Fields fields, String idField, StorySubmission.Metadata metadata, boolean lenient)
      throws InvalidSubmissionException {
    String storyId = fields.storyId();
    int version = fields.version();
    if (!StoryId.STORY_ID.matcher(storyId).matches()) {
      throw new InvalidSubmissionException(
          idField,
          idField
              + " must be 1-200 letters, digits or ._:@+- "
              + "and start with a letter or digit, got '"
              + abbreviate(storyId)
              + "'");
    }
    if (version < 1) {
      throw new InvalidSubmissionException(VERSION, "version must be 1 or more, got " + version);
    }
    if (fields.body().isBlank()) {
      throw new InvalidSubmissionException("body", "the story body is empty");
    }
    String h = blankToNull(fields.headline());
    if (h != null && h.length() > MAX_HEADLINE) {
      throw new InvalidSubmissionException(
          HEADLINE, "headline is longer than " + MAX_HEADLINE + " characters");
    }
    List<StorySubmission.Warning> warnings = new ArrayList<>(metadata.warnings());
    String lang = blankToNull(fields.language());
    String first = blankToNull(fields.firstCreated());
    String versionTime = blankToNull(fields.versionCreated());
    String status = blankToNull(fields.pubStatus());
    try {
      if (lang != null && !LANGUAGE_TAG.matcher(lang).matches()) {
        throw new InvalidSubmissionException(
            LANGUAGE,
            "language must be a BCP 47 tag such as fr or vi-VN, got '" + abbreviate(lang) + "'");
      }
    } catch (InvalidSubmissionException e) {
      lang = leaveOut(e, lenient, warnings);
    }
    try {
      checkTime(FIRST_CREATED, first);
    } catch (InvalidSubmissionException e) {
      first = leaveOut(e, lenient, warnings);
    }
    try {
      checkTime(VERSION_CREATED, versionTime);
    } catch (InvalidSubmissionException e) {
      versionTime = leaveOut(e, lenient, warnings);
    }
    boolean canceled = false;
    boolean withheld = false;
    if (status != null) {
      switch (status.toLowerCase(Locale.ROOT)) {
        case "usable" -> canceled = false;
        case "withheld" -> withheld = true;
        case "canceled", "cancelled", "withdrawn", "killed" -> canceled = true;
        default ->
            leaveOut(
                new InvalidSubmissionException(
                    PUB_STATUS,
                    "pubStatus must be usable, withheld or "
                        + "canceled, got '"
                        + abbreviate(status)
                        + "'"
                        + (lenient ? "; read as usable" : "")),
                lenient,
                warnings);
      }
    }
    Integer urgency = null;
    try {
      urgency = urgency(fields.urgency());
    } catch (InvalidSubmissionException e) {
      leaveOut(e, lenient, warnings);
    }
    String embargoed = blankToNull(fields.embargoed());
    try {
      checkTime(lenient ? EMBARGOED : EMBARGO_UNTIL, embargoed);
    } catch (InvalidSubmissionException e) {
      embargoed = leaveOut(e, lenient, warnings);
    }
    String claimed = blankToNull(fields.agency());
    StorySubmission.Metadata meta =
        new StorySubmission.Metadata(
            metadata.altIds(),
            metadata.agencySubjects(),
            metadata.places(),
            metadata.captions(),
            warnings);
    return new StorySubmission(
        storyId,
        version,
        fields.body(),
        h,
        lang,
        first,
        versionTime,
        blankToNull(fields.byline()),
        blankToNull(fields.slugline()),
        claimed == null ? null : claimed.toLowerCase(Locale.ROOT),
        canceled,
        withheld,
        blankToNull(fields.dateline()),
        fields.subjects(),
        meta,
        urgency,
        embargoed);
  }

  /**
   * Newswire's JSON urgency: a whole number (or its text), as text for {@link #urgency}; anything
   * else is refused naming the field.
   */
  private static String jsonUrgency(JsonNode root) throws InvalidSubmissionException {
    JsonNode n = root.get(URGENCY);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isTextual() || n.isIntegralNumber()) {
      return n.asText();
    }
    throw new InvalidSubmissionException(
        URGENCY, "urgency must be a whole number from 1 to 9, got " + kind(n));
  }

  /**
   * An urgency as a document wrote it: 1 (most urgent) to 9 (least), or null when absent or blank;
   * anything else is refused naming the field.
   */
  static Integer urgency(String value) throws InvalidSubmissionException {
    String v = blankToNull(value);
    if (v == null) {
      return null;
    }
    if (v.length() == 1 && v.charAt(0) >= '1' && v.charAt(0) <= '9') {
      return v.charAt(0) - '0';
    }
    throw new InvalidSubmissionException(
        URGENCY, "urgency must be a whole number from 1 to 9, got '" + abbreviate(v) + "'");
  }

  /**
   * A lenient parse records the refusal as a warning and leaves the field out (null); a strict one
   * refuses.
   */
  private static String leaveOut(
      InvalidSubmissionException e, boolean lenient, List<StorySubmission.Warning> warnings)
      throws InvalidSubmissionException {
    if (!lenient) {
      throw e;
    }
    warnings.add(new StorySubmission.Warning(e.field(), e.getMessage()));
    return null;
  }

  static void checkTime(String field, String value) throws InvalidSubmissionException {
    String v = blankToNull(value);
    if (v == null) {
      return;
    }
    try {
      OffsetDateTime.parse(v);
    } catch (DateTimeParseException withOffset) {
      try {
        LocalDateTime.parse(v); // read later in the agency's configured zone
      } catch (DateTimeParseException e) {
        throw new InvalidSubmissionException(
            field,
            field
                + " must be an ISO 8601 date-time such as "
                + "2026-11-27T09:30:00+07:00, got '"
                + abbreviate(v)
                + "'");
      }
    }
  }

  /** Decodes strictly: invalid bytes are refused, never replaced (no mojibake). */
  private static String requiredText(JsonNode root, String field)
      throws InvalidSubmissionException {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      throw new InvalidSubmissionException(field, field + " is required");
    }
    if (!n.isTextual()) {
      throw new InvalidSubmissionException(field, field + " must be a string, got " + kind(n));
    }
    return n.asText();
  }

  private static int requiredVersion(JsonNode root) throws InvalidSubmissionException {
    JsonNode n = root.get(VERSION);
    if (n == null || n.isNull()) {
      throw new InvalidSubmissionException(VERSION, "version is required");
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new InvalidSubmissionException(
          VERSION, "version must be a whole number, got " + kind(n));
    }
    return n.asInt();
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
