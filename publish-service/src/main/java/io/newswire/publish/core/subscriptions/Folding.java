package io.newswire.publish.core.subscriptions;

import java.text.Normalizer;

/**
 * How text terms match: headline and body, and each term, are folded alike — compatibility
 * decomposition (NFKD: ligatures, full-width and other compatibility forms become their plain
 * letters), case folding, accents dropped from Latin, Greek and Cyrillic letters — into words
 * separated by single spaces. A term matches when its words appear one after the other as whole
 * words of the text: {@code "Ha Noi"} matches "HÀ NỘI's streets" but not "Hanoi"; {@code "AI"}
 * matches "AI-driven" but not "said".
 *
 * <p>Scripts written without spaces between words (Thai, Lao, Khmer, Myanmar, Tibetan, Chinese,
 * Japanese) have no word boundaries to find: a term with a letter of one of them matches wherever
 * it appears. Their marks are kept (a Thai vowel sign is part of the word, not an accent).
 *
 * <p>Everything is linear: folding is one pass over the text, and a term is searched with
 * Knuth–Morris–Pratt (no regular expression, no backtracking), so a long body costs time in
 * proportion to its length whatever the terms.
 */
public final class Folding {
  private Folding() {}

  /**
   * {@code text} folded: its words, folded, each preceded and followed by one space (" ha noi "); "
   * " when it has none.
   */
  public static String fold(String text) {
    String n = Normalizer.normalize(text, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(n.length() + 2).append(' ');
    boolean stripMarks = false; // whether marks after the last letter are accents to drop
    for (int i = 0; i < n.length(); ) {
      int cp = n.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      boolean mark =
          type == Character.NON_SPACING_MARK
              || type == Character.ENCLOSING_MARK
              || type == Character.COMBINING_SPACING_MARK;
      if (mark) {
        if (!stripMarks && out.charAt(out.length() - 1) != ' ') {
          out.appendCodePoint(cp);
        }
        continue;
      }
      if (Character.isLetterOrDigit(cp)) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        stripMarks =
            script == Character.UnicodeScript.LATIN
                || script == Character.UnicodeScript.GREEK
                || script == Character.UnicodeScript.CYRILLIC
                || script == Character.UnicodeScript.COMMON;
        int folded = Character.toLowerCase(Character.toUpperCase(cp));
        String plain = plainLatin(folded);
        if (plain != null) {
          out.append(plain);
        } else {
          out.appendCodePoint(folded);
        }
      } else if (out.charAt(out.length() - 1) != ' ') {
        out.append(' ');
        stripMarks = false;
      }
    }
    if (out.charAt(out.length() - 1) != ' ') {
      out.append(' ');
    }
    return out.toString();
  }

  /**
   * Latin letters that carry their "accent" in the letter itself (no decomposition): what a reader
   * typing without it writes. Vietnamese đ above all ("Đà Nẵng" is found as "Da Nang").
   */
  private static String plainLatin(int lower) {
    return switch (lower) {
      case 'ß' -> "ss";
      case 'đ', 'ð' -> "d";
      case 'ø' -> "o";
      case 'ł' -> "l";
      case 'æ' -> "ae";
      case 'œ' -> "oe";
      case 'ħ' -> "h";
      case 'ŧ' -> "t";
      case 'þ' -> "th";
      default -> null;
    };
  }

  /** Whether {@code folded} (from {@link #fold}) has no word at all. */
  public static boolean isBlank(String folded) {
    return folded.isBlank();
  }

  /**
   * What a folded term is searched for in folded text: the term with its surrounding spaces (whole
   * words), or without them when it has a letter of a script written without spaces.
   */
  static String needle(String foldedTerm) {
    for (int i = 0; i < foldedTerm.length(); ) {
      int cp = foldedTerm.codePointAt(i);
      i += Character.charCount(cp);
      if (withoutSpaces(cp)) {
        return foldedTerm.strip();
      }
    }
    return foldedTerm;
  }

  private static boolean withoutSpaces(int cp) {
    if (!Character.isLetter(cp)) {
      return false;
    }
    return switch (Character.UnicodeScript.of(cp)) {
      case THAI, LAO, KHMER, MYANMAR, TIBETAN, HAN, HIRAGANA, KATAKANA -> true;
      default -> false;
    };
  }

  /** Whether {@code haystack} contains {@code needle}: Knuth–Morris–Pratt, linear in both. */
  static boolean contains(String haystack, String needle) {
    int m = needle.length();
    if (m == 0) {
      return true;
    }
    int[] fail = new int[m];
    for (int i = 1, k = 0; i < m; i++) {
      while (k > 0 && needle.charAt(i) != needle.charAt(k)) {
        k = fail[k - 1];
      }
      if (needle.charAt(i) == needle.charAt(k)) {
        k++;
      }
      fail[i] = k;
    }
    for (int i = 0, k = 0; i < haystack.length(); i++) {
      while (k > 0 && haystack.charAt(i) != needle.charAt(k)) {
        k = fail[k - 1];
      }
      if (haystack.charAt(i) == needle.charAt(k)) {
        k++;
        if (k == m) {
          return true;
        }
      }
    }
    return false;
  }
}
