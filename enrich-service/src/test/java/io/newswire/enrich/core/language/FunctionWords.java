package io.newswire.enrich.core.language;

import java.util.List;
import java.util.Optional;

/**
 * The function-word stage of language detection ({@link WordProfileDetector}) alone, without
 * Lingua, for the corpus evaluation of the whole enricher (a test in another package).
 */
public final class FunctionWords {
  private FunctionWords() {}

  /** The pipeline languages the stage has word lists for. */
  public static final List<String> LANGUAGES = WordProfileDetector.LANGUAGES;

  /** The stage's detection over the default word lists, or empty when it does not decide. */
  public static Optional<Detection> detect(String text) {
    return WordProfileDetector.defaults().detect(text);
  }
}
