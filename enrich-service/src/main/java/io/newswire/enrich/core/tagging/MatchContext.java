package io.newswire.enrich.core.tagging;

/**
 * What a {@link MatchRule} may look at when judging one candidate match.
 *
 * @param fieldText normalised text of the field the match is in
 * @param start start offset of the match in {@code fieldText}
 * @param end end offset (exclusive) of the match in {@code fieldText}
 * @param language primary language subtag of the story (e.g. {@code "fr"}), or {@code "und"}
 * @param cues document-level cues, worked out once per story
 */
record MatchContext(String fieldText, int start, int end, String language, DocumentCues cues) {

  /** The farthest a rule looks beside a match for the previous or next word, in chars. */
  static final int MAX_WORD = 64;

  /** Up to {@code n} chars before the match. */
  String before(int n) {
    return fieldText.substring(Math.max(0, start - n), start);
  }

  /** Up to {@code n} chars after the match. */
  String after(int n) {
    return fieldText.substring(end, Math.min(fieldText.length(), end + n));
  }

  /**
   * The word (letters, digits, dots) immediately before the match, skipping spaces, within {@link
   * #MAX_WORD} chars; empty when none.
   */
  String previousWord() {
    int limit = Math.max(0, start - MAX_WORD);
    int i = start;
    while (i > limit && fieldText.charAt(i - 1) == ' ') {
      i--;
    }
    int e = i;
    while (i > limit
        && (Character.isLetterOrDigit(fieldText.charAt(i - 1)) || fieldText.charAt(i - 1) == '.')) {
      i--;
    }
    return fieldText.substring(i, e);
  }

  /**
   * The word (letters and digits) immediately after the match, skipping spaces, within {@link
   * #MAX_WORD} chars; empty when none.
   */
  String nextWord() {
    int limit = Math.min(fieldText.length(), end + MAX_WORD);
    int i = end;
    while (i < limit && fieldText.charAt(i) == ' ') {
      i++;
    }
    int s = i;
    while (i < limit && Character.isLetterOrDigit(fieldText.charAt(i))) {
      i++;
    }
    return fieldText.substring(s, i);
  }
}
