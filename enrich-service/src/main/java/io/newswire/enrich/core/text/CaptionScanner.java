package io.newswire.enrich.core.text;

import java.util.List;

/**
 * Finds a photo caption in one paragraph, in time linear in the paragraph's length: no regular
 * expression, every scan bounded.
 *
 * <p>A caption is a caption keyword ({@code Photo}, {@code Photos}, {@code Ảnh}, {@code Foto},
 * {@code Bild}, {@code Gambar}, {@code Larawan}, {@code Crédit photo}, {@code Photo credit}, {@code
 * ภาพ}, {@code 图}, {@code 照片}…, optionally followed by {@code illustration}, {@code archive},
 * {@code file}, {@code minh hoạ}, {@code tư liệu}…), a colon and a short credit, in one of three
 * forms:
 *
 * <ul>
 *   <li>{@link #pipe}: {@code text Photo: credit | more text} — the credit ends at a pipe, text may
 *       follow;
 *   <li>{@link #parens}: {@code text (Photo: credit)} at the end of the paragraph, optionally
 *       followed by a pipe;
 *   <li>{@link #end}: {@code text Photo: credit} at the end of the paragraph.
 * </ul>
 *
 * Each finds the leftmost keyword that fits its form. The keyword must not follow a letter or digit
 * (so {@code Telephoto:} is not a caption); in the parenthesised form it follows the opening
 * bracket.
 *
 * <p>Why not a regular expression: the obvious one, {@code
 * ^(.*?)\s*KEYWORD\s*:\s*(credit)\s*\|\s*(.*)$}, is tried at every position of a long paragraph and
 * its adjacent unbounded quantifiers backtrack, so its cost grows much faster than the paragraph
 * (what a long run of {@code - - -} before a caption cost: docs/performance-enrich.md, "Cost per KB
 * from 1 KB to 1 MiB"). Here each colon is looked at once, the keyword is matched backwards from it
 * over a bounded distance, and the credit forwards over at most {@value #MAX_CREDIT} chars.
 */
final class CaptionScanner {

  /** Longest credit, in chars, of the pipe and parenthesised forms. */
  static final int MAX_CREDIT = 80;

  /** Longest credit, in chars, of the end-of-paragraph form. */
  static final int MAX_END_CREDIT = 60;

  private static final List<String> KEYWORDS =
      List.of(
          "crédit photo",
          "photo credit",
          "photos",
          "photo",
          "ảnh",
          "fotos",
          "foto",
          "bild",
          "gambar",
          "larawan",
          "ภาพ",
          "图",
          "圖",
          "照片");

  /**
   * Words that may follow a keyword ({@code Photo archive:}); spaces inside stand for any run of
   * spaces.
   */
  private static final List<String> SUFFIXES =
      List.of(
          "minh hoa",
          "minh hoạ",
          "minh họa",
          "minh họạ",
          "ilustrasi",
          "d'illustration",
          "illustration",
          "archive",
          "file",
          "tư liệu");

  /** Longest run of spaces looked at between a keyword and its colon or suffix. */
  private static final int MAX_GAP = 8;

  private CaptionScanner() {}

  /**
   * A caption found in a paragraph.
   *
   * @param textEnd end of the caption text before the keyword (the text runs from where the scan
   *     started)
   * @param credit the credit, trimmed
   * @param restStart where the text after the caption starts (pipe form), else the paragraph's
   *     length
   */
  record Found(int textEnd, String credit, int restStart) {}

  /**
   * {@code text Photo: credit | rest}: the leftmost keyword whose credit (no brackets) ends at a
   * pipe. The paragraph is {@code p} from {@code from} on; offsets in the result are offsets in
   * {@code p}.
   */
  static Found pipe(String p, int from) {
    for (int colon = p.indexOf(':', from); colon >= 0; colon = p.indexOf(':', colon + 1)) {
      int start = keywordStart(p, from, colon, false);
      if (start < 0) {
        continue;
      }
      int creditStart = skipSpaces(p, colon + 1);
      int i = creditStart;
      while (i < p.length()
          && i - creditStart <= MAX_CREDIT + MAX_GAP
          && !isCreditStop(p.charAt(i))) {
        i++;
      }
      if (i >= p.length() || p.charAt(i) != '|') {
        continue;
      }
      String credit = p.substring(creditStart, i).strip();
      if (credit.isEmpty() || credit.length() > MAX_CREDIT) {
        continue;
      }
      return new Found(start, credit, i + 1);
    }
    return null;
  }

  /**
   * {@code text (Photo: credit)} closing the paragraph ({@code p} from {@code from} on), optionally
   * followed by a pipe.
   */
  static Found parens(String p, int from) {
    int close = lastNonSpace(p, from, p.length());
    if (close >= 0 && p.charAt(close) == '|') {
      close = lastNonSpace(p, from, close);
    }
    if (close < 0 || (p.charAt(close) != ')' && p.charAt(close) != ']')) {
      return null;
    }
    // the credit has no bracket, so only a colon after the last opening bracket can start it
    int open = Math.max(p.lastIndexOf('(', close), p.lastIndexOf('[', close));
    for (int colon = p.indexOf(':', Math.max(from, open));
        colon >= 0 && colon < close;
        colon = p.indexOf(':', colon + 1)) {
      int start = keywordStart(p, from, colon, true);
      if (start < 0) {
        continue;
      }
      int creditStart = skipSpaces(p, colon + 1);
      if (close - creditStart > MAX_CREDIT + MAX_GAP || !noneOf(p, creditStart, close, "|()[]")) {
        continue;
      }
      String credit = p.substring(creditStart, close).strip();
      if (credit.isEmpty() || credit.length() > MAX_CREDIT) {
        continue;
      }
      return new Found(lastNonSpace(p, from, start), credit, p.length());
    }
    return null;
  }

  /**
   * {@code text Photo: credit} closing the paragraph ({@code p} from {@code from} on); the credit
   * has no brackets, pipes, colons, ! or ?.
   */
  static Found end(String p, int from) {
    int last = lastNonSpace(p, from, p.length());
    if (last < 0) {
      return null;
    }
    int stop = last + 1;
    // the credit has no colon, so only the last colon can start it
    int colon = p.lastIndexOf(':', last);
    if (colon < from || stop - colon > MAX_END_CREDIT + MAX_GAP + 1) {
      return null;
    }
    int start = keywordStart(p, from, colon, false);
    if (start < 0) {
      return null;
    }
    int creditStart = skipSpaces(p, colon + 1);
    if (creditStart >= stop || !noneOf(p, creditStart, stop, "|()[]:!?")) {
      return null;
    }
    String credit = p.substring(creditStart, stop).strip();
    if (credit.isEmpty() || credit.length() > MAX_END_CREDIT) {
      return null;
    }
    return new Found(start, credit, p.length());
  }

  /**
   * Start of the keyword (with its optional suffix) that ends, before a few spaces, at {@code
   * colon}; -1 when none. The leftmost start wins ({@code Photo credit:} over {@code credit:}).
   * With {@code afterBracket} the keyword must follow an opening bracket (spaces allowed),
   * otherwise it must not follow a letter or a digit.
   */
  private static int keywordStart(String p, int from, int colon, boolean afterBracket) {
    int end = skipSpacesBack(p, from, colon);
    int best = -1;
    for (String k : KEYWORDS) {
      best = better(p, from, best, matchBack(p, from, end, k), afterBracket);
    }
    for (String suffix : SUFFIXES) {
      int s = matchBack(p, from, end, suffix);
      if (s < 0) {
        continue;
      }
      int gapStart = skipSpacesBack(p, from, s);
      if (gapStart == s) {
        continue; // the suffix needs a space before it
      }
      for (String k : KEYWORDS) {
        best = better(p, from, best, matchBack(p, from, gapStart, k), afterBracket);
      }
    }
    return best;
  }

  private static int better(String p, int from, int best, int candidate, boolean afterBracket) {
    if (candidate < 0 || (best >= 0 && best <= candidate)) {
      return best;
    }
    if (afterBracket) {
      int b = skipSpacesBack(p, from, candidate) - 1;
      return b >= from && (p.charAt(b) == '(' || p.charAt(b) == '[') ? candidate : best;
    }
    return candidate == from || !Character.isLetterOrDigit(p.codePointBefore(candidate))
        ? candidate
        : best;
  }

  /**
   * Where {@code word} starts if it ends at {@code end} (case-insensitive; a space in {@code word}
   * matches a run of up to {@value #MAX_GAP} spaces); -1 otherwise.
   */
  private static int matchBack(String p, int from, int end, String word) {
    int i = end;
    for (int w = word.length() - 1; w >= 0; w--) {
      char c = word.charAt(w);
      if (c == ' ') {
        int gap = skipSpacesBack(p, from, i);
        if (gap == i) {
          return -1;
        }
        i = gap;
        continue;
      }
      if (i == from || !sameIgnoringCase(p.charAt(i - 1), c)) {
        return -1;
      }
      i--;
    }
    return i;
  }

  private static boolean sameIgnoringCase(char a, char b) {
    return a == b
        || Character.toLowerCase(a) == b
        || Character.toLowerCase(Character.toUpperCase(a)) == b;
  }

  private static boolean isCreditStop(char c) {
    return c == '|' || c == '(' || c == ')' || c == '[' || c == ']';
  }

  private static boolean noneOf(String p, int from, int to, String chars) {
    for (int i = from; i < to; i++) {
      if (chars.indexOf(p.charAt(i)) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  private static int skipSpaces(String p, int from) {
    int i = from;
    while (i < p.length() && isSpace(p.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * Index after the last non-space before {@code end}, looking back over at most {@value #MAX_GAP}
   * spaces.
   */
  private static int skipSpacesBack(String p, int from, int end) {
    int i = end;
    while (i > from && end - i < MAX_GAP && isSpace(p.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  /** Index of the last non-space char in {@code [from, end)}, or -1. */
  private static int lastNonSpace(String p, int from, int end) {
    int i = end - 1;
    while (i >= from && isSpace(p.charAt(i))) {
      i--;
    }
    return i;
  }
}
