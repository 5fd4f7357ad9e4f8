package io.newswire.enrich.core.tagging;

import java.text.Normalizer;

/**
 * A case- and diacritic-folded copy of a text with a map from every folded char back to the
 * original char range, so that matches found in the folded copy can be reported with offsets into
 * the original.
 *
 * <p>Folding: lower case (per code point, so lengths stay predictable); Latin letters lose their
 * diacritics ({@code é→e}, {@code ệ→e}, {@code đ→d}, {@code ß→ss}); typographic apostrophes become
 * {@code '}; hyphen variants become {@code -}; runs of whitespace become one space. Letters of
 * other scripts (Thai, Khmer, Han, …) are kept with their marks, because those marks are letters of
 * the word rather than accents.
 */
final class FoldedText {

  private final String original;
  private final String folded;
  private final int[] start;
  private final int[] end;

  private FoldedText(String original, String folded, int[] start, int[] end) {
    this.original = original;
    this.folded = folded;
    this.start = start;
    this.end = end;
  }

  /** Folds {@code text} completely (lower case, no Latin diacritics). */
  static FoldedText of(String text) {
    return fold(text, true, true);
  }

  /** Folded form of a string, with the given folding steps. */
  static String key(String s, boolean lowerCase, boolean stripMarks) {
    return fold(s, lowerCase, stripMarks).folded;
  }

  static FoldedText fold(String text, boolean lowerCase, boolean stripMarks) {
    StringBuilder out = new StringBuilder(text.length());
    int[] st = new int[text.length() * 2 + 4];
    int[] en = new int[text.length() * 2 + 4];
    int n = 0;
    boolean prevLatin = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int len = Character.charCount(cp);
      String piece = foldCodePoint(cp, lowerCase, stripMarks);
      boolean isSpace = piece.equals(" ");
      if (isSpace && n > 0 && isSpaceless(out.charAt(n - 1)) && nextIsSpaceless(text, i + len)) {
        piece = ""; // spaces between words of scripts written without spaces are optional
      }
      boolean dropMark =
          stripMarks && prevLatin && Character.getType(cp) == Character.NON_SPACING_MARK;
      if (dropMark) {
        if (n > 0) {
          en[n - 1] = i + len; // a stripped accent belongs to the previous letter
        }
      } else if (!(isSpace && n > 0 && out.charAt(n - 1) == ' ') && !piece.isEmpty()) {
        for (int k = 0; k < piece.length(); k++) {
          if (n == st.length) {
            st = java.util.Arrays.copyOf(st, n * 2);
            en = java.util.Arrays.copyOf(en, n * 2);
          }
          out.append(piece.charAt(k));
          st[n] = i;
          en[n] = i + len;
          n++;
        }
      }
      if (!dropMark) {
        prevLatin =
            Character.isLetter(cp)
                && Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN;
      }
      i += len;
    }
    return new FoldedText(
        text, out.toString(), java.util.Arrays.copyOf(st, n), java.util.Arrays.copyOf(en, n));
  }

  /** Thai, Lao, Khmer, Burmese, Han, kana: scripts written without spaces between words. */
  static boolean isSpaceless(int cp) {
    return switch (Character.UnicodeScript.of(cp)) {
      case THAI, LAO, KHMER, MYANMAR, HAN, HIRAGANA, KATAKANA -> true;
      default -> false;
    };
  }

  private static boolean nextIsSpaceless(String text, int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i < text.length() && isSpaceless(text.codePointAt(i));
  }

  private static String foldCodePoint(int cp, boolean lowerCase, boolean stripMarks) {
    switch (cp) {
      case '\u2019', '\u2018', '\u02BC', '\u0060', '\u00B4', '\u2032' -> {
        return "'";
      }
      case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212' -> {
        return "-";
      }
      default -> {}
    }
    if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
      return " ";
    }
    int c = lowerCase ? Character.toLowerCase(cp) : cp;
    if (!stripMarks
        || !Character.isLetter(c)
        || Character.UnicodeScript.of(c) != Character.UnicodeScript.LATIN
        || c < 0x80) {
      return new String(Character.toChars(c));
    }
    switch (c) {
      case 'đ' -> {
        return "d";
      }
      case 'Đ' -> {
        return "D";
      }
      case 'ø' -> {
        return "o";
      }
      case 'Ø' -> {
        return "O";
      }
      case 'ł' -> {
        return "l";
      }
      case 'Ł' -> {
        return "L";
      }
      case 'ß' -> {
        return "ss";
      }
      default -> {}
    }
    String decomposed = Normalizer.normalize(new String(Character.toChars(c)), Normalizer.Form.NFD);
    StringBuilder b = new StringBuilder(2);
    decomposed
        .codePoints()
        .filter(x -> Character.getType(x) != Character.NON_SPACING_MARK)
        .forEach(b::appendCodePoint);
    return b.length() == 0 ? new String(Character.toChars(c)) : b.toString();
  }

  /** The folded text. */
  String folded() {
    return folded;
  }

  /** The original text. */
  String original() {
    return original;
  }

  /** Original start offset of the folded char at {@code foldedIndex}. */
  int originalStart(int foldedIndex) {
    return start[foldedIndex];
  }

  /**
   * Original end offset (exclusive) of the folded range ending (inclusive) at {@code
   * foldedLastIndex}.
   */
  int originalEnd(int foldedLastIndex) {
    return end[foldedLastIndex];
  }
}
