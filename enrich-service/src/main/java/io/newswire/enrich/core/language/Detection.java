package io.newswire.enrich.core.language;

import java.util.Map;

/**
 * The detection of a text's language: the code found, the confidence in it, and the scores of every
 * candidate (a distribution: they add up to 1). Both stages of {@link LanguageDetector} report one
 * — the function words ({@link WordProfileDetector}) and Lingua — and both turn their relative
 * values into scores with {@link #weight}, so that their confidences are comparable.
 *
 * @param code the language's code, {@code und} when it is none the pipeline knows or none could be
 *     found
 * @param confidence the score of {@code code}, 0..1
 * @param scores code to score, for every candidate language; foreign languages are one entry,
 *     {@code und}
 */
public record Detection(String code, double confidence, Map<String, Double> scores) {

  /**
   * Lingua 1.2 reports relative values (best language 1.0, others the ratio of log-likelihoods,
   * e.g. 0.74). They are turned into a distribution with a softmax of sharpness {@value}: a margin
   * of 0.25 to the runner-up gives ~0.99, a margin of 0.07 (Malay vs Indonesian on one sentence)
   * ~0.8, a single word ~0.4. Heuristic calibration. The function-word stage uses the same softmax
   * on its relative values (hits / hits of the decided language), so that confidences from both
   * stages are comparable.
   */
  static final double SHARPNESS = 20.0;

  public Detection {
    scores = Map.copyOf(scores);
  }

  /** Confidence of one language (0 when not a candidate). */
  public double confidenceOf(String language) {
    return scores.getOrDefault(language, 0.0);
  }

  /**
   * The unnormalised softmax weight of a language whose relative value is {@code relative} (1.0 for
   * the best): {@code exp(-SHARPNESS × (1 − relative))}. A language's score is its weight over the
   * sum of all weights.
   */
  static double weight(double relative) {
    return Math.exp(-SHARPNESS * (1 - relative));
  }
}
