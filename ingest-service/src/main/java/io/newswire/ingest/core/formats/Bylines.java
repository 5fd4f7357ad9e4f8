package io.newswire.ingest.core.formats;

import java.util.Locale;

/**
 * Bylines as agencies write them, made names: a leading "By" is dropped ("By Jane Doe" → "Jane
 * Doe"), and so is the punctuation a title left behind ("Jane Doe," once {@code <byttl>} is apart);
 * logins and editor codes (no space, and an {@code @}, a {@code /} or a digit: {@code sp/lrc},
 * {@code jdoe@agency}, {@code ed42}) are not bylines.
 */
final class Bylines {
  private Bylines() {}

  static String clean(String raw) {
    if (raw == null) {
      return null;
    }
    String b = HtmlText.collapseWhitespace(raw);
    if (b.length() > 3 && b.substring(0, 3).toLowerCase(Locale.ROOT).equals("by ")) {
      b = b.substring(3).trim();
    }
    int end = b.length();
    while (end > 0
        && (b.charAt(end - 1) == ',' || b.charAt(end - 1) == ';' || b.charAt(end - 1) == ' ')) {
      end--;
    }
    b = b.substring(0, end);
    if (b.isEmpty() || isLoginOrCode(b)) {
      return null;
    }
    return b;
  }

  private static boolean isLoginOrCode(String b) {
    boolean marker = false;
    for (int i = 0; i < b.length(); i++) {
      char c = b.charAt(i);
      if (Character.isWhitespace(c)) {
        return false;
      }
      marker |= c == '@' || c == '/' || Character.isDigit(c);
    }
    return marker;
  }
}
