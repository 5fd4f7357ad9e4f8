package io.newswire.bench.enrich;

import io.newswire.enrich.core.tagging.LexiconEntry;
import io.newswire.enrich.core.tagging.Taxonomy;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The naive baseline: one case-insensitive regular expression per lexicon term (with the term's
 * word-boundary requirement), each run over the text on its own. It only finds matches: no folding
 * of diacritics, no per-term rules, no scoring, so it does less work than the real tagger; it is
 * what "just loop over the terms" costs.
 */
public final class NaiveTagger {
  private final List<Pattern> patterns;

  public NaiveTagger(Taxonomy taxonomy) {
    this.patterns = taxonomy.lexicon().stream().map(NaiveTagger::pattern).toList();
  }

  static Pattern pattern(LexiconEntry e) {
    String term = Pattern.quote(e.term());
    String before = e.boundary() == LexiconEntry.Boundary.NONE ? "" : "(?<![\\p{L}\\p{N}])";
    String after = e.boundary() == LexiconEntry.Boundary.WORD ? "(?![\\p{L}\\p{N}])" : "";
    return Pattern.compile(before + term + after, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** How many terms the baseline runs. */
  public int size() {
    return patterns.size();
  }

  /** Counts every match of every term in {@code text}. */
  public int count(String text) {
    int n = 0;
    for (Pattern p : patterns) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        n++;
      }
    }
    return n;
  }
}
