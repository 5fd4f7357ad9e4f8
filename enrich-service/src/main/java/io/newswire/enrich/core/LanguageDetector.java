package io.newswire.enrich.core;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Detects the language of a story among the pipeline's languages: {@code en fr vi id ms fil zh es de th km lo my}.
 *
 * <p>Three steps, cheapest first, on the calling thread until the last:
 * <ol>
 *   <li><b>Script.</b> Khmer, Lao and Burmese are not in Lingua; they, and Thai and Chinese, are recognised by the
 *   share of their script among the letters of the text (at least {@value #SCRIPT_SHARE}), which is both exact and
 *   cheap. A text with no letters is {@code und}, confidence 0.</li>
 *   <li><b>Function words</b> ({@link WordProfileDetector}). Latin-script text is cut into words and the function
 *   words of en, fr, vi, id, ms, fil, es and de (a data file, {@code language/function-words.tsv}) are counted in
 *   its first chars, one hash lookup a word. It decides only when one language clearly leads (enough hits, twice the
 *   runner-up's; Indonesian and Malay also need markers of one and not the other), which is the case for most
 *   stories of a few sentences. Its hit counts become a distribution like Lingua's values below.</li>
 *   <li><b>Lingua</b>, only as the fallback when the function words do not decide (headlines and other short texts,
 *   mixed text, Malay and Indonesian without markers): a Lingua detector restricted to the Latin-script languages
 *   plus Thai and Chinese, on the first {@value #FIRST_SAMPLE} chars, up to {@value #MAX_CHARS} when the two best
 *   are close. Lingua's relative values are turned into a distribution (see {@link #SHARPNESS}). Lingua spreads this
 *   computation over the JVM's common {@code ForkJoinPool}, off the calling thread.</li>
 * </ol>
 *
 * <p>Construction is expensive: the Lingua models are loaded eagerly ({@code withPreloadedLanguageModels()}) so that
 * the first fallback does not pay the loading latency. Measured on this machine: the whole {@link Enricher} takes
 * about 3.5 s to build and retains about 200 MB of heap, nearly all of it Lingua's n-gram models for the ten languages
 * (size the JVM with at least 512 MB). Lazy loading ({@code new LanguageDetector(false)}) moves that cost to the first
 * story that reaches Lingua; Lingua's low-accuracy mode would cut memory but is weaker on short texts such as
 * headlines. Lingua keeps loaded models in static maps shared by all detector instances; the word lists are read once
 * per JVM. Build one instance and share it; it is thread-safe (no per-call mutable state; word lists and models are
 * read-only once loaded).
 */
public final class LanguageDetector {

    /** Minimum share of letters in one script for the script to decide the language. */
    public static final double SCRIPT_SHARE = 0.5;
    /** Only the first this many chars are given to Lingua; more does not change the answer on news copy. */
    static final int MAX_CHARS = 3000;
    /**
     * Lingua first reads this many chars (cut at a space); only when the two best languages are close on them
     * ({@link #CLOSE_RUNNER_UP}: Malay and Indonesian, say) does it read up to {@link #MAX_CHARS}. Detection costs
     * time in proportion to the text it reads, and most stories are decided by their first sentences.
     */
    static final int FIRST_SAMPLE = 250;
    /** A runner-up whose relative value is at least this is too close to call on the first sample. */
    static final double CLOSE_RUNNER_UP = 0.85;

    /**
     * Lingua 1.2 reports relative values (best language 1.0, others the ratio of log-likelihoods, e.g. 0.74). They
     * are turned into a distribution with a softmax of sharpness {@value}: a margin of 0.25 to the runner-up gives
     * ~0.99, a margin of 0.07 (Malay vs Indonesian on one sentence) ~0.8, a single word ~0.4. Heuristic calibration.
     * The function-word stage uses the same softmax on its relative values (hits / hits of the decided language), so
     * that confidences from both stages are comparable.
     */
    static final double SHARPNESS = 20.0;

    private static final Map<Language, String> CODES = codes();

    private final com.github.pemistahl.lingua.api.LanguageDetector lingua;
    private final WordProfileDetector words = WordProfileDetector.defaults();

    /** The detection of a text. */
    public record Detection(String code, double confidence, Map<String, Double> scores) {
        public Detection {
            scores = Map.copyOf(scores);
        }

        /** Confidence of one language (0 when not a candidate). */
        public double confidenceOf(String language) {
            return scores.getOrDefault(language, 0.0);
        }
    }

    /** Builds the detector with preloaded models. */
    public LanguageDetector() {
        this(true);
    }

    /**
     * Builds the detector.
     *
     * @param preload load all models now (true, for servers) or lazily on first use (false, smaller start-up)
     */
    public LanguageDetector(boolean preload) {
        LanguageDetectorBuilder builder = LanguageDetectorBuilder.fromLanguages(CODES.keySet().toArray(Language[]::new));
        this.lingua = (preload ? builder.withPreloadedLanguageModels() : builder).build();
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
     * @return the detection; code {@code "und"} with confidence 0 when the text has no letters or Lingua cannot decide
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

    /** The fallback: Lingua on the first sample, on more of the text when the two best languages are close. */
    private Detection byLingua(String t) {
        SortedMap<Language, Double> values = lingua.computeLanguageConfidenceValues(prefix(t, FIRST_SAMPLE));
        if (t.length() > FIRST_SAMPLE && close(values)) {
            values = lingua.computeLanguageConfidenceValues(prefix(t, MAX_CHARS));
        }
        if (values.isEmpty() || values.values().stream().allMatch(v -> v <= 0)) {
            return new Detection("und", 0.0, Map.of());
        }
        double sum = values.values().stream().mapToDouble(v -> Math.exp(-SHARPNESS * (1 - v))).sum();
        Map<String, Double> scores = new LinkedHashMap<>();
        values.forEach((lang, v) -> {
            String code = CODES.get(lang);
            if (code != null) {
                scores.put(code, Math.exp(-SHARPNESS * (1 - v)) / sum);
            }
        });
        Language best = values.firstKey();
        String code = CODES.getOrDefault(best, "und");
        return new Detection(code, scores.getOrDefault(code, 0.0), scores);
    }

    /** The start of a text, at most {@code max} chars, cut at the last space before the limit when there is one. */
    static String prefix(String t, int max) {
        if (t.length() <= max) {
            return t;
        }
        int cut = t.lastIndexOf(' ', max);
        return t.substring(0, cut > max / 2 ? cut : max);
    }

    /** Whether the runner-up is too close to the best language to decide. */
    private static boolean close(SortedMap<Language, Double> values) {
        return values.values().stream().sorted(java.util.Comparator.reverseOrder()).skip(1).findFirst()
            .map(v -> v >= CLOSE_RUNNER_UP).orElse(false);
    }

    /**
     * Detects the language and reconciles it with a declared one: a declared language is kept as the result code, and
     * the result records whether the detector disagreed. {@code tl} and {@code fil} are the same language; regional
     * subtags are ignored in the comparison.
     *
     * @param text     the text
     * @param declared declared BCP 47 tag, or null
     */
    public LanguageResult detect(String text, String declared) {
        Detection d = detect(text);
        boolean hasDeclared = declared != null && !declared.isBlank();
        if (!hasDeclared) {
            return new LanguageResult(d.code(), d.confidence(), null, false);
        }
        String declaredPrimary = Tagger.primary(declared);
        boolean disagrees = !d.code().equals("und") && !d.code().equals(declaredPrimary);
        double confidence = d.code().equals(declaredPrimary) ? d.confidence() : d.confidenceOf(declaredPrimary);
        return new LanguageResult(declaredPrimary, confidence, declared, disagrees);
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
        int japanese = counts.getOrDefault(Character.UnicodeScript.HIRAGANA, 0)
                + counts.getOrDefault(Character.UnicodeScript.KATAKANA, 0);
        if (japanese > 0 && (japanese + counts.getOrDefault(Character.UnicodeScript.HAN, 0)) >= SCRIPT_SHARE * letters) {
            return new Detection("und", 0.0, Map.of()); // Japanese is not a pipeline language
        }
        for (Map.Entry<Character.UnicodeScript, Integer> e : counts.entrySet()) {
            double share = e.getValue() / (double) letters;
            if (share < SCRIPT_SHARE) {
                continue;
            }
            String code = switch (e.getKey()) {
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
