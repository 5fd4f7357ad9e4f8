package io.newswire.enrich.core;

import io.newswire.enrich.core.budget.WorkBudget;
import io.newswire.enrich.core.language.LanguageDetector;
import io.newswire.enrich.core.language.LanguageResult;
import io.newswire.enrich.core.tagging.TagResult;
import io.newswire.enrich.core.tagging.Tagger;
import io.newswire.enrich.core.tagging.Taxonomy;
import io.newswire.enrich.core.text.NormalizedStory;
import io.newswire.enrich.core.text.StoryText;
import io.newswire.enrich.core.text.TextNormalizer;
import java.util.List;

/**
 * Facade of the enrichment core, composing its concerns: normalise (core.text), detect the language
 * (core.language), tag (core.tagging). Construct once (it loads the taxonomy, the lexicons, the
 * Lingua models and builds the automaton) and share: it is immutable and thread-safe.
 */
public final class Enricher {

  private static final class VersionHolder {
    private static final String VERSION = Taxonomy.readVersion(Taxonomy.DEFAULT_RESOURCE);
  }

  private final TextNormalizer normalizer;
  private final LanguageDetector detector;
  private final Tagger tagger;
  private final String version;

  /** Loads the default taxonomy and builds a detector with preloaded models. */
  public Enricher() {
    this(Taxonomy.load(), new LanguageDetector());
  }

  /**
   * Builds an enricher from parts.
   *
   * @param taxonomy taxonomy and lexicons
   * @param detector language detector (share one instance: it holds the models)
   */
  public Enricher(Taxonomy taxonomy, LanguageDetector detector) {
    this.normalizer = new TextNormalizer();
    this.detector = detector;
    this.tagger = new Tagger(taxonomy);
    this.version = taxonomy.version();
  }

  /**
   * Enriches one story.
   *
   * @param in the raw story; a null body is treated as empty
   * @return the enrichment; never null
   */
  public Enrichment enrich(StoryText in) {
    return enrich(in, WorkBudget.UNLIMITED);
  }

  /**
   * Enriches one story within a time budget.
   *
   * @param in the raw story; a null body is treated as empty
   * @param budget how long it may take
   * @return the enrichment; never null
   * @throws WorkBudget.Exceeded when the budget runs out first
   */
  public Enrichment enrich(StoryText in, WorkBudget budget) {
    NormalizedStory story = normalizer.normalize(in.headline(), in.body(), budget);
    LanguageResult language = detector.detect(languageSample(story), in.declaredLanguage());
    budget.check("language detection");
    List<TagResult> tags = tagger.tag(story, language.code(), budget);
    return new Enrichment(story, language, tags, version);
  }

  /**
   * The text the language is detected on: headline and body, or the body alone when the headline is
   * derived.
   */
  static String languageSample(NormalizedStory story) {
    return story.headlineDerived() ? story.body() : story.headline() + "\n" + story.body();
  }

  /** Version of the default taxonomy resource, e.g. {@code "lexicon-2026.11.1"}. */
  public static String taggerVersion() {
    return VersionHolder.VERSION;
  }
}
