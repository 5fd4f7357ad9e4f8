package io.newswire.enrich.core.language;

import java.util.Locale;

/**
 * BCP 47 language tags as enrichment reads them: language-dependent rules go by a tag's primary
 * subtag.
 */
public final class LanguageTags {
  private LanguageTags() {}

  /**
   * The primary subtag of a language tag, lower case, with Tagalog read as Filipino: {@code fr-FR}
   * → {@code fr}, {@code tl_PH} → {@code fil}.
   *
   * @param language a BCP 47 tag ({@code _} is read as {@code -}), or null
   * @return the primary subtag; {@code und} for a null or blank tag
   */
  public static String primary(String language) {
    if (language == null || language.isBlank()) {
      return "und";
    }
    String p = language.split("[-_]")[0].toLowerCase(Locale.ROOT);
    return p.equals("tl") ? "fil" : p;
  }
}
