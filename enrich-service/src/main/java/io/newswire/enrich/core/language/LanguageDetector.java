package io.newswire.enrich.core.language;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * Detects the language of a story among the pipeline's languages: {@code en fr vi id ms fil zh es
 * de th km lo my}; a text in another language is {@code und}, never the nearest pipeline language.
 *
 * <p>Three steps, cheapest first, on the calling thread until the last:
 *
 * <ol>
 *   <li><b>Script.</b> Khmer, Lao and Burmese are not in Lingua; they, and Thai and Chinese, are
 *       recognised by the share of their script among the letters of the text (at least {@value
 *       #SCRIPT_SHARE}), which is both exact and cheap. A text with no letters is {@code und},
 *       confidence 0.
 *   <li><b>Function words</b> ({@link WordProfileDetector}). Latin-script text is cut into words
 *       and the function words of en, fr, vi, id, ms, fil, es and de (a data file, {@code
 *       language/function-words.tsv}) are counted in its first chars, one hash lookup a word. It
 *       decides only when one language clearly leads (enough hits, twice the runner-up's;
 *       Indonesian and Malay also need markers of one and not the other), which is the case for
 *       most stories of a few sentences. Its hit counts become a distribution like Lingua's values
 *       below. It also has lists for common Latin-script languages outside the pipeline (Norwegian,
 *       Danish, Swedish, Dutch, Italian, Portuguese): when one of them clearly leads, the answer is
 *       {@code und}.
 *   <li><b>Lingua</b>, only as the fallback when the function words do not decide (headlines and
 *       other short texts, mixed text, Malay and Indonesian without markers): a Lingua detector
 *       restricted to the Latin-script languages plus Thai and Chinese, on the first {@value
 *       #FIRST_SAMPLE} chars, up to {@value #MAX_CHARS} when the two best are close. Lingua's
 *       relative values are turned into a distribution (see {@link Detection#SHARPNESS}). Then the
 *       foreign check: a second Lingua detector over the same languages plus {@link #FOREIGN}, in
 *       low-accuracy mode (trigram models only), reads the same sample; when a foreign language is
 *       its best and the pipeline answer's relative value there is below {@value #FOREIGN_LEAD},
 *       the answer is {@code und}. Lingua spreads this computation over the JVM's common {@code
 *       ForkJoinPool}, off the calling thread.
 * </ol>
 *
 * <p>Construction is expensive: the Lingua models are loaded eagerly ({@code
 * withPreloadedLanguageModels()}) so that the first fallback does not pay the loading latency, and
 * they are most of the service's heap (how long building takes and how much it retains:
 * docs/performance-enrich.md, "Start-up time and memory of the language detector"). The foreign
 * check costs little more: in low-accuracy mode Lingua only loads trigram models, and those of the
 * pipeline languages are already loaded (Lingua shares them between detectors). Lazy loading
 * ({@code new LanguageDetector(false)}) moves that cost to the first story that reaches Lingua;
 * Lingua's low-accuracy mode would cut memory but is weaker on short texts such as headlines.
 * Lingua keeps loaded models in static maps shared by all detector instances; the word lists are
 * read once per JVM. Build one instance and share it; it is thread-safe (no per-call mutable state;
 * word lists and models are read-only once loaded).
 */
public final class LanguageDetector {

  /** Minimum share of letters in one script for the script to decide the language. */
  public static final double SCRIPT_SHARE = 0.5;

  /**
   * Only the first this many chars are given to Lingua; more does not change the answer on news
   * copy.
   */
  static final int MAX_CHARS = 3000;

  /**
   * Lingua first reads this many chars (cut at a space); only when the two best languages are close
   * on them ({@link #CLOSE_RUNNER_UP}: Malay and Indonesian, say) does it read up to {@link
   * #MAX_CHARS}. Detection costs time in proportion to the text it reads, and most stories are
   * decided by their first sentences.
   */
  static final int FIRST_SAMPLE = 250;

  /** A runner-up whose relative value is at least this is too close to call on the first sample. */
  static final double CLOSE_RUNNER_UP = 0.85;

  /**
   * The foreign check answers {@code und} only when the pipeline answer's relative value is below
   * this among all languages, i.e. a foreign language leads clearly. Measured: foreign headlines
   * give the pipeline answer 0.53–0.88, and no pipeline headline or story start of the corpus had a
   * foreign language ahead at all.
   */
  static final double FOREIGN_LEAD = 0.95;

  private static final Map<Language, String> CODES = codes();

  /**
   * Languages outside the pipeline that the foreign check knows; each is reported as {@code und}.
   */
  static final Set<Language> FOREIGN =
      EnumSet.of(
          Language.BOKMAL,
          Language.NYNORSK,
          Language.DANISH,
          Language.SWEDISH,
          Language.DUTCH,
          Language.ITALIAN,
          Language.PORTUGUESE);

  /** The codes this detector reports, besides {@code und}. */
  public static final Set<String> KNOWN =
      Set.of("en", "fr", "vi", "id", "ms", "fil", "zh", "es", "de", "th", "km", "lo", "my");

  private final com.github.pemistahl.lingua.api.LanguageDetector lingua;
  private final com.github.pemistahl.lingua.api.LanguageDetector foreignCheck;
  private final WordProfileDetector words = WordProfileDetector.defaults();

  /** Builds the detector with preloaded models. */
  public LanguageDetector() {
    this(true);
  }

  /**
   * Builds the detector.
   *
   * @param preload load all models now (true, for servers) or lazily on first use (false, smaller
   *     start-up)
   */
  public LanguageDetector(boolean preload) {
    LanguageDetectorBuilder builder =
        LanguageDetectorBuilder.fromLanguages(CODES.keySet().toArray(Language[]::new));
    this.lingua = (preload ? builder.withPreloadedLanguageModels() : builder).build();
    Set<Language> all = EnumSet.copyOf(CODES.keySet());
    all.addAll(FOREIGN);
    LanguageDetectorBuilder low =
        LanguageDetectorBuilder.fromLanguages(all.toArray(Language[]::new)).withLowAccuracyMode();
    this.foreignCheck = (preload ? low.withPreloadedLanguageModels() : low).build();
  }

  private static Map<Language, String> codes() {
    Map<Language, String> m = new EnumMap<>(Language.class);
    m.put(Language.ENGLISH, "en");
    m.put(Language.FRENCH, "fr");
    m.put(Language.VIETNAMESE, "vi");
    m.put(Language.INDONESIAN, "id");
    m.put(Language.MALAY, "ms");
    m.put(Language.TAGALOG, "fil");
    m.put(Language.CHINESE, "zh");
    m.put(Language.SPANISH, "es");
    m.put(Language.GERMAN, "de");
    m.put(Language.THAI, "th");
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Detects the language of {@code text}: by script, else by function words, else by Lingua.
   *
   * @return the detection; code {@code "und"} with confidence 0 when the text has no letters or
   *     Lingua cannot decide
   */
  public Detection detect(String text) {
    String t = text == null ? "" : text;
    Detection byScript = byScript(t);
    if (byScript != null) {
      return byScript;
    }
    Optional<Detection> byWords = words.detect(t);
    return byWords.isPresent() ? byWords.get() : byLingua(t);
  }

  /**
   * The fallback: Lingua on the first sample, on more of the text when the two best languages are
   * close; then the foreign check on the same sample.
   */
  private Detection byLingua(String t) {
    String sample = prefix(t, FIRST_SAMPLE);
    SortedMap<Language, Double> values = lingua.computeLanguageConfidenceValues(sample);
    if (t.length() > FIRST_SAMPLE && close(values)) {
      sample = prefix(t, MAX_CHARS);
      values = lingua.computeLanguageConfidenceValues(sample);
    }
    if (noAnswer(values)) {
      return new Detection("und", 0.0, Map.of());
    }
    SortedMap<Language, Double> all = foreignCheck.computeLanguageConfidenceValues(sample);
    boolean foreign =
        !noAnswer(all)
            && FOREIGN.contains(all.firstKey())
            && all.getOrDefault(values.firstKey(), 0.0) < FOREIGN_LEAD;
    return distribution(foreign ? all : values);
  }

  private static boolean noAnswer(SortedMap<Language, Double> values) {
    return values.isEmpty() || values.values().stream().allMatch(v -> v <= 0);
  }

  /**
   * Lingua's relative values (best first) to a detection; the foreign languages are one entry,
   * {@code und}.
   */
  private static Detection distribution(SortedMap<Language, Double> values) {
    double sum = values.values().stream().mapToDouble(Detection::weight).sum();
    Map<String, Double> scores = new LinkedHashMap<>();
    values.forEach(
        (lang, v) -> {
          String code = codeOf(lang);
          if (code != null) {
            scores.merge(code, Detection.weight(v) / sum, Double::sum);
          }
        });
    String code = codeOf(values.firstKey());
    code = code == null ? "und" : code;
    return new Detection(code, scores.getOrDefault(code, 0.0), scores);
  }

  /**
   * The code of a Lingua language: a pipeline code, {@code und} for a foreign language, else null.
   */
  private static String codeOf(Language lang) {
    return FOREIGN.contains(lang) ? "und" : CODES.get(lang);
  }

  /**
   * The start of a text, at most {@code max} chars, cut at the last space before the limit when
   * there is one.
   */
  static String prefix(String t, int max) {
    if (t.length() <= max) {
      return t;
    }
    int cut = t.lastIndexOf(' ', max);
    return t.substring(0, cut > max / 2 ? cut : max);
  }

  /** Whether the runner-up is too close to the best language to decide. */
  private static boolean close(SortedMap<Language, Double> values) {
    return values.values().stream()
        .sorted(java.util.Comparator.reverseOrder())
        .skip(1)
        .findFirst()
        .map(v -> v >= CLOSE_RUNNER_UP)
        .orElse(false);
  }

  /**
   * Detects the language and reconciles it with a declared one: a declared language is kept, with
   * its region, as the result's tag (normalised, {@link #normalizeTag}) and its primary subtag as
   * the result's code, and the result records whether the detector disagreed: whether it found
   * another language it knows. {@code tl} and {@code fil} are the same language; regional subtags
   * are ignored in the comparison. A declared language the detector does not know ({@code nb},
   * {@code nl}, {@code it}…) does not disagree with {@code und}; the confidence is then the
   * detector's confidence in {@code und}, i.e. that the text is in none of the pipeline languages,
   * as declared.
   *
   * @param text the text
   * @param declared declared BCP 47 tag, or null; blank or {@code und} is no declaration
   */
  public LanguageResult detect(String text, String declared) {
    Detection d = detect(text);
    String tag = normalizeTag(declared);
    if (tag == null || tag.equals("und")) {
      return new LanguageResult(
          d.code(), d.code(), d.confidence(), tag == null ? null : declared, false);
    }
    String primary = LanguageTags.primary(tag);
    boolean disagrees = !d.code().equals("und") && !d.code().equals(primary);
    boolean sameAnswer =
        d.code().equals(primary) || (d.code().equals("und") && !KNOWN.contains(primary));
    double confidence = sameAnswer ? d.confidence() : d.confidenceOf(primary);
    return new LanguageResult(primary, tag, confidence, declared, disagrees);
  }

  /**
   * A declared language as a normalised BCP 47 tag: {@code _} read as {@code -}, case as BCP 47
   * writes it ({@code nb-no} → {@code nb-NO}, {@code en_GB} → {@code en-GB}, {@code zh-hant-tw} →
   * {@code zh-Hant-TW}), deprecated codes replaced ({@code in} → {@code id}). A tag Java cannot
   * read is kept stripped, as sent.
   *
   * @return the tag, or null when {@code declared} is null or blank
   */
  public static String normalizeTag(String declared) {
    if (declared == null || declared.isBlank()) {
      return null;
    }
    String t = declared.strip().replace('_', '-');
    String tag = Locale.forLanguageTag(t).toLanguageTag();
    return tag.equals("und") && !t.equalsIgnoreCase("und") ? t : tag;
  }

  /** Decides by script when one of the space-less or non-Latin scripts dominates the letters. */
  static Detection byScript(String text) {
    int letters = 0;
    Map<Character.UnicodeScript, Integer> counts = new EnumMap<>(Character.UnicodeScript.class);
    boolean kana = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) {
        continue;
      }
      letters++;
      Character.UnicodeScript s = Character.UnicodeScript.of(cp);
      kana |= s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA;
      counts.merge(s, 1, Integer::sum);
    }
    if (letters == 0) {
      return new Detection("und", 0.0, Map.of());
    }
    int japanese =
        counts.getOrDefault(Character.UnicodeScript.HIRAGANA, 0)
            + counts.getOrDefault(Character.UnicodeScript.KATAKANA, 0);
    if (japanese > 0
        && (japanese + counts.getOrDefault(Character.UnicodeScript.HAN, 0))
            >= SCRIPT_SHARE * letters) {
      return new Detection("und", 0.0, Map.of()); // Japanese is not a pipeline language
    }
    for (Map.Entry<Character.UnicodeScript, Integer> e : counts.entrySet()) {
      double share = e.getValue() / (double) letters;
      if (share < SCRIPT_SHARE) {
        continue;
      }
      String code =
          switch (e.getKey()) {
            case KHMER -> "km";
            case LAO -> "lo";
            case MYANMAR -> "my";
            case THAI -> "th";
            case HAN -> kana ? null : "zh";
            default -> null;
          };
      if (code != null) {
        return new Detection(code, share, Map.of(code, share));
      }
    }
    return null;
  }
}
