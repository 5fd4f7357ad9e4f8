package io.newswire.enrich.core;

import io.newswire.enrich.core.language.LanguageResult;
import io.newswire.enrich.core.tagging.TagResult;
import io.newswire.enrich.core.text.NormalizedStory;
import java.util.List;

/**
 * The result of enriching one story.
 *
 * @param story the normalised story
 * @param language detected / declared language
 * @param tags assigned tags, ordered by taxonomy order
 * @param taggerVersion version of the taxonomy and lexicons used, e.g. {@code "lexicon-2026.11.1"}
 */
public record Enrichment(
    NormalizedStory story, LanguageResult language, List<TagResult> tags, String taggerVersion) {
  public Enrichment {
    tags = List.copyOf(tags);
  }
}
