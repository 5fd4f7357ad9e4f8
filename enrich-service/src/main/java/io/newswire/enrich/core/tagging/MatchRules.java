package io.newswire.enrich.core.tagging;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Parses the rule column of a lexicon file (rules separated by {@code ;}) into {@link MatchRule}s.
 * Rules are evaluated only for candidates the automaton found, never as a scan of the text: each
 * looks at a bounded neighbourhood of its mention, or at a {@link DocumentCues document cue} worked
 * out once per story.
 *
 * <ul>
 *   <li>{@code lang=fr|es} — accept only when the story language is one of these;
 *   <li>{@code notAfter=j'|qu'} — reject when the text right before the match ends with one of
 *       these (case- and apostrophe-insensitive);
 *   <li>{@code notBefore= tính|-Games} — reject when the text right after the match starts with one
 *       of these;
 *   <li>{@code notFlightCode} — reject {@code AI 171}, {@code AI302}: a flight number follows;
 *   <li>{@code notUsState} — reject a US postal code: {@code Des Moines, IA}, {@code IA 50309}, or
 *       a story about Iowa;
 *   <li>{@code notPersonName} — reject after an honorific ({@code Ms AI}, {@code ông AI});
 *   <li>{@code notBeforeNumber} — reject when a number follows ({@code kinh tế số 1}: "economy
 *       number one");
 *   <li>{@code notAllCapsVi} — reject in Vietnamese all-caps text, where {@code AI} may be the word
 *       "ai" (who).
 * </ul>
 */
final class MatchRules {

  private static final Pattern YEAR = Pattern.compile("^[ \u00A0-]?(19|20)\\d\\d(?!\\d)");
  private static final Pattern ZIP_AFTER = Pattern.compile("^ ?\\d{5}(?!\\d)");
  private static final Pattern PLACE_COMMA_BEFORE = Pattern.compile("\\p{Lu}[\\p{L}.'-]*, ?$");
  private static final Pattern DATELINE_AFTER = Pattern.compile("^(?: ?\\(| ?[-–—]| ?,| ?$| ?\\n)");
  private static final Set<String> HONORIFICS =
      Set.of(
          "mr",
          "mr.",
          "ms",
          "ms.",
          "mrs",
          "mrs.",
          "miss",
          "dr",
          "dr.",
          "mme",
          "mme.",
          "mlle",
          "m.",
          "madame",
          "monsieur",
          "herr",
          "frau",
          "sr.",
          "sra.",
          "ông",
          "bà",
          "anh",
          "chị",
          "bapak",
          "ibu",
          "pak",
          "bu",
          "encik",
          "puan",
          "datuk",
          "tan");

  private MatchRules() {}

  /** Parses a semicolon-separated rule list; blank or {@code -} means no rules. */
  static List<MatchRule> parse(String spec) {
    if (spec == null || spec.isBlank() || spec.trim().equals("-")) {
      return List.of();
    }
    return Arrays.stream(spec.split(";"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(MatchRules::one)
        .toList();
  }

  private static MatchRule one(String rule) {
    int eq = rule.indexOf('=');
    String name = eq < 0 ? rule : rule.substring(0, eq);
    String arg = eq < 0 ? "" : rule.substring(eq + 1);
    return switch (name) {
      case "lang" -> languageIn(List.of(arg.split("\\|")));
      case "notAfter" -> notAfter(List.of(arg.split("\\|")));
      case "notBefore" -> notBefore(List.of(arg.split("\\|")));
      case "notFlightCode" -> MatchRules::isFlightCode;
      case "notUsState" -> MatchRules::isUsState;
      case "notPersonName" -> MatchRules::isAfterHonorific;
      case "notAllCapsVi" -> MatchRules::isVietnameseAllCaps;
      case "notBeforeNumber" ->
          ctx -> {
            String next = ctx.nextWord();
            return !next.isEmpty() && Character.isDigit(next.codePointAt(0));
          };
      default -> throw new IllegalArgumentException("unknown lexicon rule: " + rule);
    };
  }

  static MatchRule languageIn(List<String> languages) {
    Set<String> set = Set.copyOf(languages);
    return ctx -> !set.contains(ctx.language());
  }

  static MatchRule notAfter(List<String> prefixes) {
    return rejectBeside(
        prefixes,
        MatchContext::before,
        (before, k) ->
            before.endsWith(k)
                && (before.length() == k.length()
                    || !Character.isLetterOrDigit(before.charAt(before.length() - k.length() - 1))
                    || !Character.isLetterOrDigit(k.charAt(0))));
  }

  static MatchRule notBefore(List<String> suffixes) {
    return rejectBeside(
        suffixes,
        MatchContext::after,
        (after, k) ->
            after.startsWith(k)
                && (after.length() == k.length()
                    || !Character.isLetterOrDigit(after.charAt(k.length()))
                    || !Character.isLetterOrDigit(k.charAt(k.length() - 1))));
  }

  /**
   * A rule that rejects a match when one of {@code words} stands beside it: {@code side} gives the
   * text on that side (up to a given number of chars: the longest word's length and 2), and {@code
   * stands} whether a word stands there, both folded (case- and apostrophe-insensitive).
   */
  private static MatchRule rejectBeside(
      List<String> words,
      BiFunction<MatchContext, Integer, String> side,
      BiPredicate<String, String> stands) {
    List<String> keys = words.stream().map(w -> FoldedText.key(w, true, false)).toList();
    int max = words.stream().mapToInt(String::length).max().orElse(0);
    return ctx -> {
      String text = FoldedText.key(side.apply(ctx, max + 2), true, false);
      return keys.stream().anyMatch(k -> stands.test(text, k));
    };
  }

  static boolean isFlightCode(MatchContext ctx) {
    String after = ctx.after(6);
    int digits = leadingNumber(after);
    if (digits == 0) {
      return false;
    }
    // "AI 2030" is more likely a strategy name than a flight, unless the story is about flights
    return !YEAR.matcher(after).find() || ctx.cues().aboutFlights();
  }

  /**
   * The length of the flight number that {@code after} starts with (an optional space, no-break
   * space or hyphen, then 1-4 digits not followed by a fifth), or 0: what {@code ^[
   * \u00A0-]?\d{1,4}(?!\d)} matches, without a matcher per mention.
   */
  static int leadingNumber(String after) {
    int i =
        !after.isEmpty()
                && (after.charAt(0) == ' ' || after.charAt(0) == '\u00A0' || after.charAt(0) == '-')
            ? 1
            : 0;
    int start = i;
    while (i < after.length()
        && i - start < 5
        && after.charAt(i) >= '0'
        && after.charAt(i) <= '9') {
      i++;
    }
    int n = i - start;
    return n >= 1 && n <= 4 ? n : 0;
  }

  static boolean isUsState(MatchContext ctx) {
    if (ctx.cues().mentionsIowa()) {
      return true;
    }
    String after = ctx.after(8);
    if (ZIP_AFTER.matcher(after).find()) {
      return true;
    }
    boolean cityBefore = PLACE_COMMA_BEFORE.matcher(ctx.before(30)).find();
    return cityBefore && DATELINE_AFTER.matcher(after).find();
  }

  static boolean isAfterHonorific(MatchContext ctx) {
    return HONORIFICS.contains(ctx.previousWord().toLowerCase(Locale.ROOT));
  }

  static boolean isVietnameseAllCaps(MatchContext ctx) {
    if (!"vi".equals(ctx.language())) {
      return false;
    }
    return isUpperWord(ctx.previousWord()) || isUpperWord(ctx.nextWord());
  }

  private static boolean isUpperWord(String w) {
    long letters = w.codePoints().filter(Character::isLetter).count();
    return letters >= 2
        && w.codePoints().filter(Character::isLetter).allMatch(Character::isUpperCase);
  }
}
