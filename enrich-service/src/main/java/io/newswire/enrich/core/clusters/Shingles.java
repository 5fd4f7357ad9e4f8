package io.newswire.enrich.core.clusters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The shingles of a story's normalized body, as 64-bit hashes: overlapping runs of {@code words}
 * words for scripts written with spaces, and overlapping runs of {@code chars} characters for
 * scripts written without (Thai, Lao, Khmer, Burmese, Han, kana: a character n-gram needs no
 * dictionary and costs the same in every script), and the numbers of the text, apart.
 *
 * <p>Words: Unicode letters, digits and marks, lower-cased per code point (Vietnamese tones and
 * French accents are kept: they tell words apart). Digits joined by {@code .}, {@code ,} or a
 * no-break or thin space are one number ({@code 1,200}, {@code 1.200}, {@code 1 200} and {@code
 * 1200} are the same number; {@code 6,1} and {@code 6.1} too). Only the first {@value #MAX_CHARS}
 * chars are read: the cost per story is bounded whatever its length, and the top of a wire story is
 * what tells it apart.
 */
public final class Shingles {
  /** Chars of the body read at most. */
  public static final int MAX_CHARS = 20_000;

  /** Distinct numbers kept per story at most (the first ones). */
  public static final int MAX_NUMBERS = 32;

  private final long[] hashes;
  private final long[] numbers;

  private Shingles(long[] hashes, long[] numbers) {
    this.hashes = hashes;
    this.numbers = numbers;
  }

  /** The shingle hashes (duplicates possible: MinHash does not mind). */
  public long[] hashes() {
    return hashes;
  }

  /** Hashes of the distinct numbers of the text, sorted, at most {@value #MAX_NUMBERS}. */
  public long[] numbers() {
    return numbers;
  }

  /** The distinct shingle hashes, sorted (exact Jaccard in tests and evaluations). */
  public long[] distinct() {
    long[] s = hashes.clone();
    Arrays.sort(s);
    int n = 0;
    for (int i = 0; i < s.length; i++) {
      if (i == 0 || s[i] != s[i - 1]) {
        s[n++] = s[i];
      }
    }
    return Arrays.copyOf(s, n);
  }

  /**
   * @param words shingle size in words, for scripts written with spaces
   * @param chars shingle size in characters (code points), for scripts written without
   */
  public static Shingles of(String text, int words, int chars) {
    if (words < 1 || chars < 1) {
      throw new IllegalArgumentException("shingle sizes must be positive");
    }
    String t = text == null ? "" : text;
    int limit = Math.min(t.length(), MAX_CHARS);
    List<Long> wordHashes = new ArrayList<>();
    List<int[]> runs = new ArrayList<>();
    long[] nums = new long[MAX_NUMBERS];
    int numCount = 0;
    StringBuilder word = new StringBuilder();
    int group = 0; // digits since the number's last separator
    boolean wordIsNumber = true;
    int[] run = new int[64];
    int runLen = 0;
    for (int i = 0; i < limit; ) {
      int cp = t.codePointAt(i);
      int len = Character.charCount(cp);
      if (isWordChar(cp)) {
        if (isSpaceless(cp) || (runLen > 0 && isMark(cp))) {
          if (run.length == runLen) {
            run = Arrays.copyOf(run, runLen * 2);
          }
          run[runLen++] = cp;
        } else {
          word.appendCodePoint(Character.toLowerCase(cp));
          wordIsNumber &= Character.isDigit(cp);
          group++;
        }
      } else if (wordIsNumber && !word.isEmpty() && joinsDigits(t, i, limit, group)) {
        // 1,200 / 6.1 / 1 200: one number, written without its separators
        group = 0;
      } else {
        group = 0;
        if (!word.isEmpty()) {
          String w = word.toString().toLowerCase(Locale.ROOT);
          wordHashes.add(Hashing.of(w));
          if (wordIsNumber && numCount < MAX_NUMBERS) {
            nums[numCount++] = Hashing.of("#" + w);
          }
          word.setLength(0);
          wordIsNumber = true;
        }
        if (!Character.isWhitespace(cp) && runLen > 0) {
          runs.add(Arrays.copyOf(run, runLen));
          runLen = 0;
        }
      }
      i += len;
    }
    if (!word.isEmpty()) {
      String w = word.toString();
      wordHashes.add(Hashing.of(w));
      if (wordIsNumber && numCount < MAX_NUMBERS) {
        nums[numCount++] = Hashing.of("#" + w);
      }
    }
    if (runLen > 0) {
      runs.add(Arrays.copyOf(run, runLen));
    }
    long[] out = new long[Math.max(0, wordHashes.size() - words + 1) + runGrams(runs, chars)];
    int n = 0;
    for (int i = 0; i + words <= wordHashes.size(); i++) {
      long h = 0x9E3779B97F4A7C15L;
      for (int k = 0; k < words; k++) {
        h = Hashing.mix(h ^ wordHashes.get(i + k)) + k;
      }
      out[n++] = h;
    }
    if (wordHashes.size() < words && !wordHashes.isEmpty()) {
      long h = 0x9E3779B97F4A7C15L;
      for (long w : wordHashes) {
        h = Hashing.mix(h ^ w);
      }
      out = Arrays.copyOf(out, out.length + 1);
      out[n++] = h;
    }
    for (int[] r : runs) {
      int g = Math.min(chars, r.length);
      for (int i = 0; i + g <= r.length; i++) {
        long h = 0x632BE59BD9B4E019L;
        for (int k = 0; k < g; k++) {
          h = Hashing.mix(h ^ r[i + k]);
        }
        out[n++] = h;
      }
    }
    long[] distinctNumbers = Arrays.copyOf(nums, numCount);
    Arrays.sort(distinctNumbers);
    int d = 0;
    for (int i = 0; i < distinctNumbers.length; i++) {
      if (i == 0 || distinctNumbers[i] != distinctNumbers[i - 1]) {
        distinctNumbers[d++] = distinctNumbers[i];
      }
    }
    return new Shingles(Arrays.copyOf(out, n), Arrays.copyOf(distinctNumbers, d));
  }

  private static int runGrams(List<int[]> runs, int chars) {
    int n = 0;
    for (int[] r : runs) {
      n += r.length - Math.min(chars, r.length) + 1;
    }
    return n;
  }

  private static boolean isWordChar(int cp) {
    return Character.isLetterOrDigit(cp) || isMark(cp);
  }

  private static boolean isMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  /**
   * Whether the char at {@code i} separates two digit groups of one number: {@code .} or {@code ,}
   * between digits; a space (plain, no-break or thin) only in thousands grouping, after a group of
   * at most 3 digits and before a group of exactly 3 ({@code 1 200}, not {@code 2025 3}).
   */
  private static boolean joinsDigits(String t, int i, int limit, int group) {
    char c = t.charAt(i);
    if (i + 1 >= limit || !Character.isDigit(t.charAt(i + 1))) {
      return false;
    }
    if (c == '.' || c == ',') {
      return true;
    }
    if (c != ' ' && c != '\u00A0' && c != '\u202F' && c != '\u2009') {
      return false;
    }
    int digits = 0;
    while (i + 1 + digits < limit && Character.isDigit(t.charAt(i + 1 + digits))) {
      digits++;
    }
    return group <= 3 && digits == 3;
  }

  /** Thai, Lao, Khmer, Burmese, Han, kana: scripts written without spaces between words. */
  static boolean isSpaceless(int cp) {
    return switch (Character.UnicodeScript.of(cp)) {
      case THAI, LAO, KHMER, MYANMAR, HAN, HIRAGANA, KATAKANA -> true;
      default -> false;
    };
  }
}
