package io.newswire.platform.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What one version of a story says, independent of how it was transmitted: its parsed fields, not
 * its bytes (the same story re-sent in another format, or with other whitespace in its JSON, says
 * the same). {@link #hash()} is the one content hash of the pipeline: ingest compares it to tell a
 * resend (same hash) from a conflicting resend of a version (409), and enrich to tell a duplicate
 * transmission from a correction. Agency metadata entries are given in their canonical rendering
 * ({@link #altId}, {@link #subject}, {@link #place}, {@link #caption}).
 *
 * @param status {@code usable}, {@code withheld} or {@code canceled}
 * @param hasMetadata whether the story carries agency metadata or warnings; only then are the four
 *     lists hashed, so the hash of a story without them stays what it was before they existed
 * @param urgency the agency's urgency (1 to 9), null when none; hashed only when present, for the
 *     same reason
 * @param embargoed the agency's embargo as written, null when none; hashed only when present and
 *     not the same text as {@code versionCreated} (NITF's {@code date.release} gives both, and is
 *     already hashed as the version time), so every hash of a story without an embargo, and of an
 *     NITF story whose release time was read before embargoes existed, stays what it was
 */
public record StoryContent(
    String agencyStoryId,
    int version,
    String body,
    String headline,
    String language,
    String firstCreated,
    String versionCreated,
    String byline,
    String slugline,
    String status,
    String dateline,
    List<String> subjects,
    boolean hasMetadata,
    List<String> altIds,
    List<String> agencySubjects,
    List<String> places,
    List<String> captions,
    Integer urgency,
    String embargoed) {

  public StoryContent {
    subjects = List.copyOf(subjects);
    altIds = List.copyOf(altIds);
    agencySubjects = List.copyOf(agencySubjects);
    places = List.copyOf(places);
    captions = List.copyOf(captions);
  }

  /** The status of a story that is {@code canceled} (killed) or {@code withheld}, else usable. */
  public static String status(boolean canceled, boolean withheld) {
    return canceled ? "canceled" : withheld ? "withheld" : "usable";
  }

  public static String altId(String type, String value) {
    return "AltId[type=" + type + ", value=" + value + "]";
  }

  public static String subject(
      String scheme, String code, String name, String uri, String creator) {
    return "Subject[scheme="
        + scheme
        + ", code="
        + code
        + ", name="
        + name
        + ", uri="
        + uri
        + ", creator="
        + creator
        + "]";
  }

  public static String place(String name, String code, String uri) {
    return "Place[name=" + name + ", code=" + code + ", uri=" + uri + "]";
  }

  public static String caption(String text, String credit) {
    return "Caption[text=" + text + ", credit=" + credit + "]";
  }

  /** SHA-256 (hex) of the fields, each absent one written as {@code null}, separated by NUL. */
  public String hash() {
    String canonical =
        String.join(
            "\u0000",
            agencyStoryId,
            Integer.toString(version),
            body,
            String.valueOf(headline),
            String.valueOf(language),
            String.valueOf(firstCreated),
            String.valueOf(versionCreated),
            String.valueOf(byline),
            String.valueOf(slugline),
            status,
            String.valueOf(dateline),
            String.join("\u0001", subjects));
    if (hasMetadata) {
      canonical =
          String.join(
              "\u0000",
              canonical,
              altIds.toString(),
              agencySubjects.toString(),
              places.toString(),
              captions.toString());
    }
    if (urgency != null) {
      canonical = canonical + "\u0000urgency=" + urgency;
    }
    if (embargoed != null && !embargoed.equals(versionCreated)) {
      canonical = canonical + "\u0000embargoed=" + embargoed;
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
