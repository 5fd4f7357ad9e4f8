package io.newswire.enrich.core;

/**
 * What a {@link MatchRule} may look at when judging one candidate match.
 *
 * @param fieldText    normalised text of the field the match is in
 * @param start        start offset of the match in {@code fieldText}
 * @param end          end offset (exclusive) of the match in {@code fieldText}
 * @param language     primary language subtag of the story (e.g. {@code "fr"}), or {@code "und"}
 * @param documentText all fields of the story joined, for document-level cues
 */
record MatchContext(String fieldText, int start, int end, String language, String documentText) {

    /** Up to {@code n} chars before the match. */
    String before(int n) {
        return fieldText.substring(Math.max(0, start - n), start);
    }

    /** Up to {@code n} chars after the match. */
    String after(int n) {
        return fieldText.substring(end, Math.min(fieldText.length(), end + n));
    }

    /** The word (letters, digits, dots) immediately before the match, skipping spaces; empty when none. */
    String previousWord() {
        int i = start;
        while (i > 0 && fieldText.charAt(i - 1) == ' ') {
            i--;
        }
        int e = i;
        while (i > 0 && (Character.isLetterOrDigit(fieldText.charAt(i - 1)) || fieldText.charAt(i - 1) == '.')) {
            i--;
        }
        return fieldText.substring(i, e);
    }

    /** The word (letters and digits) immediately after the match, skipping spaces; empty when none. */
    String nextWord() {
        int i = end;
        while (i < fieldText.length() && fieldText.charAt(i) == ' ') {
            i++;
        }
        int s = i;
        while (i < fieldText.length() && Character.isLetterOrDigit(fieldText.charAt(i))) {
            i++;
        }
        return fieldText.substring(s, i);
    }
}
