package io.newswire.enrich.core.language;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first, cheap stage of language detection for Latin-script text: counts the function words of
 * each language in the start of the text, and decides only when one language clearly leads. The
 * language detector asks Lingua only when this stage is undecided.
 *
 * <p><b>Data.</b> The word lists are a resource, {@value #DEFAULT_RESOURCE} (format in its header
 * comment): for each of {@link #LANGUAGES}, 60–150 of its most frequent function words and very
 * common news words, plus, for Indonesian and Malay, a shared core and a list of markers of each
 * (words one uses and the other does not, or rarely). The same for {@link #FOREIGN}, common
 * Latin-script languages outside the pipeline (Norwegian, Danish, Swedish, Dutch, Italian,
 * Portuguese): they are never reported, a text in one of them is {@code und}. They are read once
 * into one {@link HashMap} from word to a bit mask of its languages.
 *
 * <p><b>Reading.</b> The first {@value #MAX_CHARS} chars (finishing the word in progress) are cut
 * into words: maximal runs of letters ({@link Character#isLetter(int)}; combining marks are kept in
 * the word, which is then put in NFC), lower-cased with {@link Character#toLowerCase(int)}. A word
 * directly followed by an apostrophe and a letter ({@code l'économie}) is looked up with the
 * apostrophe ({@code l'}), which is how French elisions are listed. Each word costs one hash
 * lookup, whatever the size of the lists; words longer than the longest listed word are not looked
 * up. A hit counts once for every language the word is listed for.
 *
 * <p><b>Decision rule.</b> Let {@code hits(L)} be the number of hits of language {@code L}, {@code
 * best} the language with most hits, and {@code rival} the most hits of any other language, not
 * counting Indonesian for Malay and vice versa (they share their core words), nor, when {@code
 * best} is foreign, the other foreign languages (they are all {@code und}, and Danish and Bokmål
 * share most of their words). Foreign languages do count as the rival of a pipeline language: a
 * Danish text cannot give German the margin by its {@code der} and {@code er}. The stage decides
 * {@code best} when
 *
 * <ol>
 *   <li>{@code hits(best) >= }{@value #MIN_HITS} ({@link #MIN_HITS}), and
 *   <li>{@code hits(best) >= }{@value #RATIO}{@code × rival} ({@link #RATIO});
 *   <li>when {@code best} is Indonesian or Malay, the two are told apart by their markers only:
 *       {@code markers(L)} are the hits on words listed for {@code L} and not for its partner. The
 *       side with more markers is decided when it has at least {@value #MIN_MARKERS} ({@link
 *       #MIN_MARKERS}) and at least {@value #MARKER_RATIO}{@code ×} the other side's ({@link
 *       #MARKER_RATIO}): evidence for one side and none, or clearly less, for the other.
 *   <li>a foreign {@code best} is decided as {@code und}, with a confidence like any other decision
 *       (the foreign languages' share of the distribution).
 * </ol>
 *
 * Otherwise it is undecided: headlines and other short texts usually are, and so are mixed texts;
 * Lingua decides them. Scanning stops early once the leader has {@value #EARLY_STOP_HITS} hits
 * ({@link #EARLY_STOP_HITS}) and the rule above decides. A text with no letter in it at all is
 * {@code und}, confidence 0.
 *
 * <p><b>Confidence.</b> Hits become a distribution the way Lingua's relative values do in the
 * language detector: each language with hits gets the relative value {@code v = hits(L) /
 * hits(decided)} and the scores are the softmax {@code exp(-SHARPNESS × (1 − v))}, normalised
 * ({@link Detection#weight}). With the ratio rule the decided language gets at least ~0.99 against
 * any other language; between Indonesian and Malay the margin is the markers alone, so the
 * confidence is lower when few markers separate them (2 markers over 15 shared hits: ~0.91).
 * Foreign languages appear in the distribution as one entry, {@code und}, the sum of their scores.
 *
 * <p>Immutable and thread-safe: the map is filled once and only read; each call keeps its counts on
 * its own stack.
 */
final class WordProfileDetector {

  /** Classpath resource of the default word lists. */
  static final String DEFAULT_RESOURCE = "language/function-words.tsv";

  /**
   * The pipeline languages of the word lists (codes this stage reports), in the bit order of the
   * masks.
   */
  static final List<String> LANGUAGES = List.of("en", "fr", "vi", "id", "ms", "fil", "es", "de");

  /**
   * The languages outside the pipeline that have word lists ({@code x-} and their primary subtag),
   * in the bit order of the masks after {@link #LANGUAGES}. Never reported: a text in one of them
   * is {@code und}.
   */
  static final List<String> FOREIGN =
      List.of("x-nb", "x-nn", "x-da", "x-sv", "x-nl", "x-it", "x-pt");

  /**
   * All codes of the lists: {@link #LANGUAGES}, then {@link #FOREIGN}. Index = bit of the masks.
   */
  private static final List<String> CODES =
      java.util.stream.Stream.concat(LANGUAGES.stream(), FOREIGN.stream()).toList();

  /** Only the first this many chars are read (the word in progress is finished). */
  static final int MAX_CHARS = 1500;

  /** The leading language needs at least this many hits. */
  static final int MIN_HITS = 4;

  /** The leading language needs at least this many times the hits of the runner-up. */
  static final double RATIO = 2.0;

  /** Indonesian or Malay needs at least this many hits on its own markers. */
  static final int MIN_MARKERS = 2;

  /** Indonesian or Malay needs at least this many times the markers of the other. */
  static final double MARKER_RATIO = 3.0;

  /** Reading stops once the leader has this many hits and the rule decides. */
  static final int EARLY_STOP_HITS = 24;

  private static final int ID = LANGUAGES.indexOf("id");
  private static final int MS = LANGUAGES.indexOf("ms");
  private static final int ID_BIT = 1 << ID;
  private static final int MS_BIT = 1 << MS;
  private static final Detection NO_LETTERS = new Detection("und", 0.0, Map.of());

  private static final class Default {
    private static final WordProfileDetector INSTANCE = load(DEFAULT_RESOURCE);
  }

  /**
   * Word (lower case, NFC; elisions end in {@code '}) to the bit mask of its languages. Never
   * modified.
   */
  private final HashMap<String, Integer> languagesOf;

  /** Length in chars of the longest listed word; longer words are not looked up. */
  private final int maxWordLength;

  private WordProfileDetector(HashMap<String, Integer> languagesOf) {
    this.languagesOf = languagesOf;
    this.maxWordLength = languagesOf.keySet().stream().mapToInt(String::length).max().orElse(0);
  }

  /** The detector over the default word lists, read once per JVM. */
  static WordProfileDetector defaults() {
    return Default.INSTANCE;
  }

  /**
   * Reads word lists from a classpath resource (format: the header of {@value #DEFAULT_RESOURCE}).
   *
   * @throws IllegalStateException when the resource is missing or a line is malformed
   */
  static WordProfileDetector load(String resource) {
    InputStream in = WordProfileDetector.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("word lists not found on the classpath: " + resource);
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return parse(resource, r.lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses the lines of a word-list file; {@code source} names it in error messages. */
  static WordProfileDetector parse(String source, List<String> lines) {
    HashMap<String, Integer> map = new HashMap<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + ":" + (n + 1);
      String[] cols = line.split("\t");
      if (cols.length != 2) {
        throw new IllegalStateException(
            where + ": expected 'languages<TAB>words', got " + cols.length + " column(s)");
      }
      int mask = 0;
      for (String code : cols[0].split(",")) {
        int index = CODES.indexOf(code.strip());
        if (index < 0) {
          throw new IllegalStateException(
              where + ": unknown language '" + code + "', expected one of " + CODES);
        }
        mask |= 1 << index;
      }
      for (String word : cols[1].trim().split(" +")) {
        if (!isListableWord(word)) {
          throw new IllegalStateException(
              where
                  + ": '"
                  + word
                  + "' is not a lower-case NFC word of letters (optionally ending in ')");
        }
        map.merge(word, mask, (a, b) -> a | b);
      }
    }
    if (map.isEmpty()) {
      throw new IllegalStateException(source + ": no words");
    }
    return new WordProfileDetector(map);
  }

  private static boolean isListableWord(String word) {
    String letters = word.endsWith("'") ? word.substring(0, word.length() - 1) : word;
    return !letters.isEmpty()
        && letters.codePoints().allMatch(Character::isLetter)
        && word.equals(word.toLowerCase(java.util.Locale.ROOT))
        && Normalizer.isNormalized(word, Normalizer.Form.NFC);
  }

  /**
   * Number of listed words that count for {@code language}, a pipeline or {@code x-} code (0
   * without lists).
   */
  int wordCount(String language) {
    int index = CODES.indexOf(language);
    if (index < 0) {
      return 0;
    }
    int bit = 1 << index;
    return (int) languagesOf.values().stream().filter(m -> (m & bit) != 0).count();
  }

  /**
   * Detects the language of {@code text} from its function words.
   *
   * @return the detection when the rule decides ({@code und} with its confidence when a foreign
   *     language leads; {@code und}, confidence 0, when the text has no letter at all), or empty
   *     when undecided: the caller should ask another detector
   */
  Optional<Detection> detect(CharSequence text) {
    if (text == null) {
      return Optional.of(NO_LETTERS);
    }
    int[] hits = new int[CODES.size()];
    int[] markers = new int[2]; // [0] Indonesian-only hits, [1] Malay-only hits
    // room for combining marks of decomposed text and a trailing apostrophe
    char[] word = new char[2 * maxWordLength + 2];
    int len = 0;
    boolean tooLong = false;
    boolean marks = false;
    boolean anyLetter = false;
    int n = text.length();
    int limit = Math.min(n, MAX_CHARS);
    int i = 0;
    while (i < n) {
      boolean inWord = len > 0 || tooLong;
      if (i >= limit && (!inWord || tooLong)) {
        break; // past the limit, only a word in progress that can still match is finished
      }
      int cp = Character.codePointAt(text, i);
      int next = i + Character.charCount(cp);
      boolean letter = Character.isLetter(cp);
      anyLetter |= letter;
      boolean apostrophe = cp == '\'' || cp == '\u2019' || cp == '\u02BC';
      if (letter && !apostrophe) {
        int lower = Character.toLowerCase(cp);
        if (tooLong || len + Character.charCount(lower) > word.length - 1) {
          tooLong = true;
        } else {
          len += Character.toChars(lower, word, len);
        }
      } else if (inWord && isMark(cp)) {
        if (tooLong || len + Character.charCount(cp) > word.length - 1) {
          tooLong = true;
        } else {
          len += Character.toChars(cp, word, len);
          marks = true;
        }
      } else if (inWord) {
        if (!tooLong) {
          boolean elided =
              apostrophe && next < n && Character.isLetter(Character.codePointAt(text, next));
          if (elided) {
            word[len++] = '\'';
          }
          if (count(word, len, marks, hits, markers) && decide(hits, markers) >= 0) {
            len = 0;
            break;
          }
        }
        len = 0;
        tooLong = false;
        marks = false;
      }
      i = next;
    }
    if (len > 0 && !tooLong) {
      count(word, len, marks, hits, markers);
    }
    if (!anyLetter && i >= n) {
      return Optional.of(NO_LETTERS);
    }
    int decided = decide(hits, markers);
    return decided < 0 ? Optional.empty() : Optional.of(detection(hits, decided));
  }

  private static boolean isMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  /**
   * Looks one word up and counts its hits.
   *
   * @return whether the leader now has {@link #EARLY_STOP_HITS} hits or more (time to try to
   *     decide)
   */
  private boolean count(char[] word, int len, boolean marks, int[] hits, int[] markers) {
    if (len > maxWordLength && !marks) {
      return false;
    }
    String key = new String(word, 0, len);
    if (marks) {
      key = Normalizer.normalize(key, Normalizer.Form.NFC);
    }
    Integer mask = languagesOf.get(key);
    if (mask == null) {
      return false;
    }
    int m = mask;
    boolean full = false;
    for (int bits = m; bits != 0; bits &= bits - 1) {
      int lang = Integer.numberOfTrailingZeros(bits);
      full |= ++hits[lang] >= EARLY_STOP_HITS;
    }
    if ((m & ID_BIT) != 0 && (m & MS_BIT) == 0) {
      markers[0]++;
    } else if ((m & MS_BIT) != 0 && (m & ID_BIT) == 0) {
      markers[1]++;
    }
    return full;
  }

  /**
   * The decision rule (see the class comment): the index of the decided language, or -1. Indexes
   * from {@code LANGUAGES.size()} on are the {@link #FOREIGN} languages; {@code hits} may stop
   * before them.
   */
  static int decide(int[] hits, int[] markers) {
    int best = 0;
    for (int l = 1; l < hits.length; l++) {
      if (hits[l] > hits[best]) {
        best = l;
      }
    }
    int rival = 0;
    for (int l = 0; l < hits.length; l++) {
      if (l != best && !(isIdOrMs(l) && isIdOrMs(best)) && !(isForeign(l) && isForeign(best))) {
        rival = Math.max(rival, hits[l]);
      }
    }
    if (hits[best] < MIN_HITS || hits[best] < RATIO * rival) {
      return -1;
    }
    if (!isIdOrMs(best)) {
      return best;
    }
    int id = markers[0];
    int ms = markers[1];
    int more = Math.max(id, ms);
    int less = Math.min(id, ms);
    if (more < MIN_MARKERS || more < MARKER_RATIO * less) {
      return -1;
    }
    return id > ms ? ID : MS;
  }

  private static boolean isIdOrMs(int lang) {
    return lang == ID || lang == MS;
  }

  static boolean isForeign(int lang) {
    return lang >= LANGUAGES.size();
  }

  /**
   * Hits to a distribution, as the language detector does with Lingua's relative values ({@link
   * Detection#weight}); the foreign languages are one entry, {@code und}.
   */
  private static Detection detection(int[] hits, int decided) {
    double top = hits[decided];
    double sum = 0;
    double[] weights = new double[hits.length];
    for (int l = 0; l < hits.length; l++) {
      if (hits[l] > 0) {
        weights[l] = Detection.weight(Math.min(1.0, hits[l] / top));
        sum += weights[l];
      }
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    for (int l = 0; l < hits.length; l++) {
      if (hits[l] > 0) {
        scores.merge(isForeign(l) ? "und" : LANGUAGES.get(l), weights[l] / sum, Double::sum);
      }
    }
    String code = isForeign(decided) ? "und" : LANGUAGES.get(decided);
    return new Detection(code, scores.get(code), scores);
  }
}
