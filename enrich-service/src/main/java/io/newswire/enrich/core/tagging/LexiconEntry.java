package io.newswire.enrich.core.tagging;

import java.util.List;

/**
 * One term of a tag's lexicon.
 *
 * @param tag the tag id the term is evidence for
 * @param term the term as written
 * @param lang language of the term (documentation and coverage only; {@code "*"} for any)
 * @param caseSensitive the text must match the term's letter case
 * @param diacriticSensitive the text must match the term's (Latin) diacritics
 * @param boundary word-boundary requirement
 * @param weight 0..100, how strongly one mention indicates the tag
 * @param blocker a blocker is not evidence: it vetoes candidates of the same tag that it overlaps
 *     (e.g. {@code Ai Weiwei}, {@code SEA Games})
 * @param rules per-match disambiguation rules
 */
public record LexiconEntry(
    String tag,
    String term,
    String lang,
    boolean caseSensitive,
    boolean diacriticSensitive,
    Boundary boundary,
    int weight,
    boolean blocker,
    List<MatchRule> rules) {

  /** Word-boundary requirement of a term. */
  public enum Boundary {
    /** No letter or digit of a space-delimited script may touch either end. */
    WORD,
    /**
     * Only the start must be at a word boundary (stem match: {@code digitalis} matches {@code
     * digitalisation}).
     */
    START,
    /** No boundary needed (Thai, Khmer, Lao, Burmese, Chinese and compounds). */
    NONE
  }

  public LexiconEntry {
    rules = List.copyOf(rules);
    if (term == null || term.isBlank()) {
      throw new IllegalArgumentException("empty term for tag " + tag);
    }
    if (weight < 0 || weight > 100) {
      throw new IllegalArgumentException("weight out of range for " + term);
    }
  }

  /** Convenience constructor for a plain, case-insensitive, diacritic-sensitive whole-word term. */
  public static LexiconEntry simple(String tag, String term, int weight) {
    return new LexiconEntry(tag, term, "*", false, true, Boundary.WORD, weight, false, List.of());
  }
}
