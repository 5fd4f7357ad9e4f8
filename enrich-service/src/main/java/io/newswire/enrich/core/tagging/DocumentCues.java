package io.newswire.enrich.core.tagging;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Document-level cues that some {@link MatchRules} consult (is the story about flights? about
 * Iowa?), each worked out at most once per story, on first use, however many mentions ask. A rule
 * that looked at the whole document for every mention would make tagging quadratic in the story's
 * length.
 *
 * <p>Not thread-safe; one per tagging call.
 */
final class DocumentCues {

  private static final Pattern AIRLINE_CUE =
      Pattern.compile(
          "(?i)\\b(flight|vol|vuelo|flug|chuyến bay|penerbangan|airline|air india|boeing|airbus|passengers?|passagers?)\\b");

  private final Map<String, String> fields;
  private String document;
  private Boolean aboutFlights;
  private Boolean mentionsIowa;

  /**
   * @param fields the story's fields (name → text), as the tagger reads them
   */
  DocumentCues(Map<String, String> fields) {
    this.fields = fields;
  }

  /** Cues of a single text. */
  static DocumentCues of(String text) {
    return new DocumentCues(Map.of(Mention.BODY, text));
  }

  /** Whether the story speaks of flights, airlines or passengers anywhere. */
  boolean aboutFlights() {
    if (aboutFlights == null) {
      aboutFlights = AIRLINE_CUE.matcher(document()).find();
    }
    return aboutFlights;
  }

  /** Whether the story names Iowa anywhere. */
  boolean mentionsIowa() {
    if (mentionsIowa == null) {
      mentionsIowa = document().toLowerCase(Locale.ROOT).contains("iowa");
    }
    return mentionsIowa;
  }

  private String document() {
    if (document == null) {
      document = String.join("\n", fields.values().stream().map(v -> v == null ? "" : v).toList());
    }
    return document;
  }
}
