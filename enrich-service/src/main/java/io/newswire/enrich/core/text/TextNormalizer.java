package io.newswire.enrich.core.text;

import io.newswire.enrich.core.budget.WorkBudget;
import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns raw agency copy into a {@link NormalizedStory}.
 *
 * <ol>
 *   <li>Unicode NFC, HTML character references decoded and simple markup tags removed (repeated
 *       until nothing changes, so double-encoded copy such as {@code &amp;eacute;} is handled);
 *   <li>whitespace cleaned: line breaks unified, other spaces collapsed, zero-width and control
 *       characters dropped;
 *   <li>paragraphs kept: when the text contains blank lines, each blank-line block is a paragraph
 *       (its lines joined); otherwise each line is a paragraph;
 *   <li>photo captions ({@code … Photo: Lai Hoa/VOV |}, {@code … (Photo: VNA)}, {@code Ảnh: VOV |},
 *       {@code Foto: Antara |}) leave the body and become {@link Caption}s;
 *   <li>a byline paragraph ({@code By Jane Doe}) among the first two paragraphs is removed;
 *   <li>a dateline at the start of the first paragraph ({@code HANOI, Nov. 27 (VNA) -}) is removed;
 *   <li>the headline is taken from the input, or derived from the first sentence of the body, cut
 *       at a word boundary to at most {@value #MAX_HEADLINE} code points.
 * </ol>
 *
 * Stateless and thread-safe.
 */
public final class TextNormalizer {

  /** Maximum length of a derived headline, in code points. */
  public static final int MAX_HEADLINE = 120;

  private static final Pattern TAG =
      Pattern.compile(
          "</?(?:p|br|div|span|b|i|u|em|strong|a|figure|figcaption|img|h[1-6]|ul|ol|li|blockquote|sup|sub|small|font)"
              + "(?:\\s[^<>]{0,300})?/?>",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern BLOCK_TAG =
      Pattern.compile(
          "</?(?:p|div|figure|figcaption|h[1-6]|li|blockquote)(?:\\s[^<>]{0,300})?>|<br[ \\t\\n]{0,10}/?>",
          Pattern.CASE_INSENSITIVE);

  // Every quantifier below is bounded and the patterns only ever see a bounded prefix of a
  // paragraph
  // (DATELINE_WINDOW, MAX_BYLINE): their cost does not grow with the story.
  private static final String CAP_WORD = "[\\p{Lu}\\p{Lo}][\\p{L}\\p{M}.'’\\-]{0,40}";
  private static final String SP = "[ \\t]{1,3}";
  private static final String OPT_SP = "[ \\t]{0,3}";
  private static final Pattern DATELINE =
      Pattern.compile(
          "^(?<place>"
              + CAP_WORD
              + "(?:"
              + SP
              + CAP_WORD
              + "){0,3}(?:"
              + OPT_SP
              + ","
              + OPT_SP
              + CAP_WORD
              + "(?:"
              + SP
              + CAP_WORD
              + "){0,2})?)"
              + "(?:"
              + OPT_SP
              + ","
              + OPT_SP
              + "(?<date>[^(),\\-–—\\n]{0,25}?\\d[^(),\\-–—\\n]{0,12}?))?"
              + "(?:"
              + OPT_SP
              + "\\((?<credit>[^()\\n]{2,40})\\))?"
              + OPT_SP
              + "[-–—]{1,2}"
              + SP);

  /** A dateline is looked for in this many first chars of the first paragraph. */
  static final int DATELINE_WINDOW = 240;

  /** A byline paragraph is at most this long. */
  static final int MAX_BYLINE = 100;

  private static final Pattern BYLINE =
      Pattern.compile(
          "^(?:By|BY|Par|PAR|Oleh|OLEH|Por|POR|Von|VON|Bởi|Ni)"
              + SP
              + "(?<name>\\p{Lu}[\\p{L}\\p{M}.'’\\-]{0,40}"
              + "(?:"
              + SP
              + "(?:\\p{Lu}[\\p{L}\\p{M}.'’\\-]{0,40}|and|et|dan|y|und|và|de|da|van|von|bin|binti|dos"
              + "|del)){0,12}"
              + "(?:"
              + OPT_SP
              + "[,|/]"
              + OPT_SP
              + "\\p{Lu}[\\p{L}\\p{M}.&'’\\- ]{0,40})?)$");

  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "mr", "mrs", "ms", "dr", "prof", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
          "sep", "sept", "oct", "nov", "dec", "no", "gen", "sen", "rep", "gov", "lt", "col", "capt",
          "sgt", "jr", "sr", "inc", "corp", "ltd", "co", "vs", "etc", "mme", "mgr", "pr", "tp",
          "ts", "pgs", "ths", "gs", "dt", "hon", "rev", "approx", "fig", "vol", "art", "bros", "mt",
          "ft", "dept", "univ", "assn");

  /**
   * Normalises a story.
   *
   * @param headline headline as received, may be null or blank
   * @param body body as received, may be null
   * @return the normalised story; never null
   */
  public NormalizedStory normalize(String headline, String body) {
    return normalize(headline, body, WorkBudget.UNLIMITED);
  }

  /**
   * Normalises a story within a time budget.
   *
   * @throws WorkBudget.Exceeded when the budget runs out
   */
  public NormalizedStory normalize(String headline, String body, WorkBudget budget) {
    List<String> paragraphs = new ArrayList<>();
    List<Caption> captions = new ArrayList<>();
    String cleaned = clean(body);
    budget.check("cleaning");
    for (String paragraph : paragraphs(cleaned)) {
      extractCaptions(paragraph, paragraphs, captions, budget);
    }
    String byline = extractByline(paragraphs);
    Dateline dateline = extractDateline(paragraphs);

    String text = String.join("\n\n", paragraphs);
    String cleanHeadline =
        headline == null ? "" : clean(headline).replace('\n', ' ').replaceAll(" {2,}", " ").trim();
    boolean derived = cleanHeadline.isEmpty();
    if (derived) {
      cleanHeadline = deriveHeadline(paragraphs.isEmpty() ? "" : paragraphs.get(0));
    }
    return new NormalizedStory(
        cleanHeadline,
        derived,
        text,
        paragraphs,
        captions,
        dateline,
        byline,
        countWords(text),
        text.codePointCount(0, text.length()));
  }

  /**
   * Cleans a one-line metadata field (byline, slugline): NFC, references decoded, tags removed,
   * whitespace collapsed to single spaces, trimmed.
   *
   * @param raw the field as the agency sent it, may be null
   * @return the cleaned line, or null when nothing is left
   */
  public static String line(String raw) {
    String c = clean(raw).replace('\n', ' ').replaceAll(" {2,}", " ").strip();
    return c.isEmpty() ? null : c;
  }

  /**
   * Text-level cleaning only: NFC, references decoded, tags removed, whitespace cleaned, lines
   * trimmed, runs of blank lines reduced to one. Idempotent.
   */
  static String clean(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    String s = raw;
    for (int i = 0; i < 10; i++) {
      String next = Normalizer.normalize(capCombiningRuns(s), Normalizer.Form.NFC);
      next = HtmlEntities.decode(next);
      next = BLOCK_TAG.matcher(next).replaceAll("\n\n");
      next = TAG.matcher(next).replaceAll("");
      next = Normalizer.normalize(capCombiningRuns(next), Normalizer.Form.NFC);
      if (next.equals(s)) {
        break;
      }
      s = next;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\r') {
        if (i < s.length() && s.charAt(i) == '\n') {
          i++;
        }
        out.append('\n');
      } else if (cp == '\n'
          || cp == 0x2028
          || cp == 0x2029
          || cp == 0x85
          || cp == 0x0B
          || cp == 0x0C) {
        out.append('\n');
      } else if (cp == '\t' || Character.getType(cp) == Character.SPACE_SEPARATOR) {
        out.append(' ');
      } else if (cp == 0x200B
          || cp == 0xFEFF
          || cp == 0x00AD
          || cp == 0x2060
          || Character.getType(cp) == Character.CONTROL
          || Character.getType(cp) == Character.SURROGATE) {
        // dropped: zero-width space, BOM, soft hyphen, word joiner, control characters, lone
        // surrogates
        continue;
      } else {
        out.appendCodePoint(cp);
      }
    }
    String[] lines = out.toString().split("\n", -1);
    StringBuilder joined = new StringBuilder(out.length());
    boolean pendingBlank = false;
    for (String line : lines) {
      String l = line.replaceAll(" {2,}", " ").trim();
      if (l.isEmpty()) {
        pendingBlank = joined.length() > 0;
        continue;
      }
      if (joined.length() > 0) {
        joined.append(pendingBlank ? "\n\n" : "\n");
      }
      joined.append(l);
      pendingBlank = false;
    }
    return joined.toString();
  }

  /**
   * Longest run of combining marks kept after one base character (Unicode's stream-safe limit, UAX
   * #15).
   */
  static final int MAX_COMBINING_RUN = 30;

  /**
   * Drops combining marks beyond the {@value #MAX_COMBINING_RUN}th in a row. No writing system
   * needs more, and NFC sorts a run of marks in time quadratic in its length: a base letter
   * followed by a megabyte of accents would take minutes to normalize. Returns {@code s} itself
   * when it has no such run.
   */
  static String capCombiningRuns(String s) {
    StringBuilder out = null;
    int run = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = Character.charCount(cp);
      int type = Character.getType(cp);
      boolean mark =
          type == Character.NON_SPACING_MARK
              || type == Character.ENCLOSING_MARK
              || type == Character.COMBINING_SPACING_MARK;
      run = mark ? run + 1 : 0;
      if (run > MAX_COMBINING_RUN) {
        if (out == null) {
          out = new StringBuilder(s.length()).append(s, 0, i);
        }
      } else if (out != null) {
        out.append(s, i, i + n);
      }
      i += n;
    }
    return out == null ? s : out.toString();
  }

  /** Splits cleaned text into paragraphs: blank-line blocks when there are any, otherwise lines. */
  static List<String> paragraphs(String cleaned) {
    List<String> result = new ArrayList<>();
    if (cleaned.isEmpty()) {
      return result;
    }
    if (cleaned.contains("\n\n")) {
      for (String block : cleaned.split("\n\n")) {
        result.add(block.replace('\n', ' '));
      }
    } else {
      result.addAll(List.of(cleaned.split("\n")));
    }
    return result;
  }

  /**
   * Moves the photo captions of a paragraph into {@code captions} ({@link CaptionScanner}); what is
   * left of the paragraph goes to {@code paragraphs}. Each round consumes a caption, so the whole
   * paragraph is read a bounded number of times.
   */
  private static void extractCaptions(
      String paragraph, List<String> paragraphs, List<Caption> captions, WorkBudget budget) {
    int from = 0;
    while (from < paragraph.length()) {
      budget.check("captions");
      if (paragraph.indexOf(':', from)
          < 0) { // every caption form has "keyword:"; most paragraphs have no colon
        paragraphs.add(paragraph.substring(from));
        return;
      }
      CaptionScanner.Found pipe = CaptionScanner.pipe(paragraph, from);
      if (pipe != null && isCredit(pipe.credit())) {
        captions.add(new Caption(captionText(paragraph, from, pipe.textEnd()), pipe.credit()));
        from = skipSpaces(paragraph, pipe.restStart());
        continue;
      }
      CaptionScanner.Found last = CaptionScanner.parens(paragraph, from);
      if (last == null || !isCredit(last.credit())) {
        last = CaptionScanner.end(paragraph, from);
      }
      if (last != null && isCredit(last.credit())) {
        captions.add(new Caption(captionText(paragraph, from, last.textEnd()), last.credit()));
        return;
      }
      paragraphs.add(paragraph.substring(from));
      return;
    }
  }

  private static int skipSpaces(String s, int from) {
    int i = from;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** A credit is short: at most eight words, no sentence inside. */
  private static boolean isCredit(String credit) {
    String c = credit.trim();
    return !c.isEmpty() && c.split(" ").length <= 8 && !c.contains(". ");
  }

  /** The caption's text: what precedes the keyword, without trailing spaces, pipes and dashes. */
  private static String captionText(String paragraph, int from, int end) {
    int e = end;
    while (e > from && " \t|-–—".indexOf(paragraph.charAt(e - 1)) >= 0) {
      e--;
    }
    return paragraph.substring(from, e).trim();
  }

  private static String extractByline(List<String> paragraphs) {
    for (int i = 0; i < Math.min(2, paragraphs.size()); i++) {
      String p = paragraphs.get(i);
      if (p.length() > MAX_BYLINE) {
        continue;
      }
      Matcher m = BYLINE.matcher(p);
      if (m.matches()) {
        paragraphs.remove(i);
        return m.group("name").trim();
      }
    }
    return null;
  }

  private static Dateline extractDateline(List<String> paragraphs) {
    if (paragraphs.isEmpty()) {
      return null;
    }
    String first = paragraphs.get(0);
    Matcher m = DATELINE.matcher(first.substring(0, Math.min(first.length(), DATELINE_WINDOW)));
    if (!m.lookingAt()) {
      return null;
    }
    String place = m.group("place").trim();
    String date = m.group("date") == null ? null : m.group("date").trim();
    String credit = m.group("credit") == null ? null : m.group("credit").trim();
    boolean plausible =
        credit != null
            || date != null
            || isAllCapsLatin(place)
            || (place.codePoints().noneMatch(Character::isWhitespace) && !isLatin(place));
    if (!plausible) {
      return null;
    }
    String rest = first.substring(m.end()).trim();
    if (rest.isEmpty()) {
      paragraphs.remove(0);
    } else {
      paragraphs.set(0, rest);
    }
    return new Dateline(place, date, credit, m.group().trim());
  }

  private static boolean isAllCapsLatin(String s) {
    long letters = s.codePoints().filter(Character::isLetter).count();
    return letters >= 2
        && s.codePoints().filter(Character::isLetter).allMatch(Character::isUpperCase);
  }

  private static boolean isLatin(String s) {
    return s.codePoints()
        .filter(Character::isLetter)
        .anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN);
  }

  /**
   * Derives a headline from the first paragraph: its first sentence without a final full stop, cut
   * at a word boundary to at most {@value #MAX_HEADLINE} code points (hard cut inside a single
   * over-long word).
   */
  static String deriveHeadline(String firstParagraph) {
    String sentence = firstSentence(firstParagraph).trim();
    if (sentence.endsWith(".") && !sentence.endsWith("..")) {
      sentence = sentence.substring(0, sentence.length() - 1).trim();
    }
    if (sentence.codePointCount(0, sentence.length()) <= MAX_HEADLINE) {
      return sentence;
    }
    int limit =
        sentence.offsetByCodePoints(0, MAX_HEADLINE); // char index just after the 120th code point
    int cut = -1;
    for (int i = limit; i > 0; i--) {
      if (Character.isWhitespace(sentence.charAt(i))) {
        cut = i;
        break;
      }
    }
    if (cut <= 0) {
      BreakIterator words = BreakIterator.getWordInstance(Locale.forLanguageTag("th"));
      words.setText(sentence.substring(0, Math.min(sentence.length(), limit + 64)));
      int b = words.preceding(limit + 1);
      cut = b > 0 ? b : limit;
    }
    String head = sentence.substring(0, cut).trim();
    int e = head.length();
    while (e > 0
        && (Character.isWhitespace(head.charAt(e - 1))
            || ",;:-–—([«“\"'".indexOf(head.charAt(e - 1)) >= 0)) {
      e--;
    }
    return e == 0 ? head : head.substring(0, e);
  }

  /** The first sentence of a paragraph, or the whole paragraph when no sentence end is found. */
  static String firstSentence(String p) {
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '。' || c == '！' || c == '？') {
        return p.substring(0, i + 1);
      }
      if (c != '.' && c != '!' && c != '?' && c != '…') {
        continue;
      }
      int j = i + 1;
      while (j < p.length() && "”\"’»)]'".indexOf(p.charAt(j)) >= 0) {
        j++;
      }
      if (j < p.length() && !Character.isWhitespace(p.charAt(j))) {
        continue;
      }
      if (c == '.' && isAbbreviation(p, i)) {
        continue;
      }
      int k = j;
      while (k < p.length() && Character.isWhitespace(p.charAt(k))) {
        k++;
      }
      if (k < p.length() && Character.isLowerCase(p.codePointAt(k))) {
        continue;
      }
      return p.substring(0, j);
    }
    return p;
  }

  private static boolean isAbbreviation(String p, int dot) {
    int s = dot;
    while (s > 0 && Character.isLetter(p.charAt(s - 1))) {
      s--;
    }
    String token = p.substring(s, dot);
    if (token.length() == 1) {
      return true; // initials and U.S.-style abbreviations
    }
    return ABBREVIATIONS.contains(token.toLowerCase(Locale.ROOT));
  }

  private static boolean hasLetterOrDigit(String s, int from, int to) {
    for (int i = from; i < to; ) {
      int cp = s.codePointAt(i);
      if (Character.isLetterOrDigit(cp)) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }

  /**
   * Word segmentation reads the text in pieces of at most this many chars, cut at a space where
   * there is one.
   */
  static final int WORD_CHUNK = 256;

  /**
   * Counts Unicode word segments that contain a letter or a digit (Thai segmented with the JDK
   * dictionary). The text is segmented in pieces of at most {@value #WORD_CHUNK} chars cut at
   * spaces, because the dictionary segmenter's cost grows faster than linearly on long runs without
   * a space (docs/performance-enrich.md, "Cost per KB"); a run of more than {@value #WORD_CHUNK}
   * chars without a space is cut where the limit falls.
   */
  static int countWords(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    BreakIterator words = BreakIterator.getWordInstance(Locale.forLanguageTag("th"));
    int count = 0;
    for (int from = 0; from < text.length(); ) {
      int to = Math.min(text.length(), from + WORD_CHUNK);
      if (to < text.length()) {
        int space = to;
        while (space > from && !Character.isWhitespace(text.charAt(space - 1))) {
          space--;
        }
        to = space > from ? space : Character.isLowSurrogate(text.charAt(to)) ? to - 1 : to;
      }
      String chunk = text.substring(from, to);
      words.setText(chunk);
      int start = words.first();
      for (int end = words.next(); end != BreakIterator.DONE; start = end, end = words.next()) {
        if (hasLetterOrDigit(chunk, start, end)) {
          count++;
        }
      }
      from = to;
    }
    return count;
  }
}
