package io.newswire.enrich.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.core.corpus.CorpusSupport;
import io.newswire.enrich.core.language.Detection;
import io.newswire.enrich.core.language.FunctionWords;
import io.newswire.enrich.core.language.LanguageResult;
import io.newswire.enrich.core.language.LanguageTags;
import io.newswire.enrich.core.tagging.TagResult;
import io.newswire.enrich.core.text.TextNormalizer;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scores the tagger on {@code corpus/dev-stories.jsonl}: micro precision and recall over (story,
 * tag) pairs, and language detection against the labelled language. The declared language is NOT
 * passed in, so both language and tags come from the text alone (the harder setting). Language
 * codes are compared on the primary subtag; Lingua's Tagalog is reported as {@code fil}, and a
 * label {@code tl} is mapped to {@code fil} before comparing.
 */
class CorpusEvaluationTest {

  private static final double MIN_PRECISION = 0.97;
  private static final double MIN_RECALL = 0.97;

  /**
   * Stories whose language sample is longer than this many chars are "long" for the function-word
   * stage.
   */
  private static final int LONG_STORY = 300;

  private final Enricher enricher = SharedEnricher.get();
  private final List<CorpusSupport.LabelledStory> stories = CorpusSupport.devStories();

  @Test
  void corpusHasTheLabelledStories() {
    assertThat(stories).hasSize(24);
    assertThat(stories.stream().filter(s -> s.expectedTags().isEmpty()).count())
        .isGreaterThanOrEqualTo(8);
  }

  @Test
  void tagsReachPrecisionAndRecallTargets() {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    StringBuilder misses = new StringBuilder();
    for (CorpusSupport.LabelledStory s : stories) {
      Set<String> actual = tagIds(enricher.enrich(s.toStoryText(false)));
      Set<String> missing = new TreeSet<>(s.expectedTags());
      missing.removeAll(actual);
      Set<String> extra = new TreeSet<>(actual);
      extra.removeAll(s.expectedTags());
      tp += s.expectedTags().size() - missing.size();
      fn += missing.size();
      fp += extra.size();
      if (!missing.isEmpty() || !extra.isEmpty()) {
        misses.append(
            String.format(
                "%-8s expected=%-45s actual=%-45s missing=%s extra=%s%n",
                s.id(), s.expectedTags(), new TreeSet<>(actual), missing, extra));
      }
    }
    double precision = tp + fp == 0 ? 1.0 : tp / (double) (tp + fp);
    double recall = tp + fn == 0 ? 1.0 : tp / (double) (tp + fn);
    String report =
        String.format(
            "precision=%.3f recall=%.3f (tp=%d fp=%d fn=%d)%n%s",
            precision, recall, tp, fp, fn, misses.isEmpty() ? "no misses\n" : misses);
    System.out.println("[corpus] " + report);
    assertThat(precision).as(report).isGreaterThanOrEqualTo(MIN_PRECISION);
    assertThat(recall).as(report).isGreaterThanOrEqualTo(MIN_RECALL);
  }

  @Test
  void negativeStoriesGetNoTagAtAll() {
    String wrong =
        stories.stream()
            .filter(s -> s.expectedTags().isEmpty())
            .map(
                s ->
                    s.id()
                        + " -> "
                        + tagIds(enricher.enrich(s.toStoryText(false)))
                        + " ("
                        + s.note()
                        + ")")
            .filter(line -> !line.contains("-> []"))
            .collect(Collectors.joining("\n"));
    assertThat(wrong).as("negatives that got tags").isEmpty();
  }

  @Test
  void detectedLanguageMatchesLabel() {
    StringBuilder wrong = new StringBuilder();
    for (CorpusSupport.LabelledStory s : stories) {
      LanguageResult lang = enricher.enrich(s.toStoryText(false)).language();
      String expected = LanguageTags.primary(s.language());
      if (!lang.code().equals(expected)) {
        wrong.append(
            String.format(
                "%s expected=%s detected=%s (%.2f)%n",
                s.id(), expected, lang.code(), lang.confidence()));
      }
    }
    assertThat(wrong.toString()).as("language mismatches").isEmpty();
  }

  @Test
  void declaredLanguageIsKeptAndAgreesOnTheCorpus() {
    for (CorpusSupport.LabelledStory s : stories) {
      LanguageResult lang = enricher.enrich(s.toStoryText(true)).language();
      assertThat(lang.code()).as(s.id()).isEqualTo(LanguageTags.primary(s.language()));
      assertThat(lang.declared()).as(s.id()).isEqualTo(s.language());
      assertThat(lang.disagreesWithDeclared()).as(s.id()).isFalse();
    }
  }

  @Test
  void taggingWithDeclaredLanguageGivesTheSameTags() {
    for (CorpusSupport.LabelledStory s : stories) {
      assertThat(tagIds(enricher.enrich(s.toStoryText(true))))
          .as(s.id())
          .isEqualTo(tagIds(enricher.enrich(s.toStoryText(false))));
    }
  }

  /**
   * The function-word stage alone ({@link FunctionWords}, no Lingua) on the text the enricher
   * detects the language of: when it decides, it must agree with the label, and it must decide at
   * least the majority of the Latin-script stories longer than {@value #LONG_STORY} chars, and of
   * all the Latin-script stories. Prints, per story, whether it decided.
   */
  @Test
  void functionWordStageNeverDecidesWronglyAndDecidesMostLongLatinStories() {
    TextNormalizer normalizer = new TextNormalizer();
    StringBuilder report = new StringBuilder();
    StringBuilder wrong = new StringBuilder();
    int latin = 0;
    int latinDecided = 0;
    int longLatin = 0;
    int longDecided = 0;
    for (CorpusSupport.LabelledStory s : stories) {
      String expected = LanguageTags.primary(s.language());
      if (!FunctionWords.LANGUAGES.contains(expected)) {
        continue;
      }
      String sample = Enricher.languageSample(normalizer.normalize(s.headline(), s.body()));
      java.util.Optional<Detection> d = FunctionWords.detect(sample);
      boolean isLong = sample.length() > LONG_STORY;
      latin++;
      longLatin += isLong ? 1 : 0;
      if (d.isPresent()) {
        latinDecided++;
        longDecided += isLong ? 1 : 0;
        if (!d.get().code().equals(expected)) {
          wrong.append(String.format("%s expected=%s fast=%s%n", s.id(), expected, d.get().code()));
        }
      }
      report.append(
          String.format(
              "%s %-3s %5d chars  %s%n",
              s.id(),
              expected,
              sample.length(),
              d.map(x -> String.format("fast=%s (%.3f)", x.code(), x.confidence()))
                  .orElse("undecided -> Lingua")));
    }
    String summary =
        String.format(
            "function words decided %d/%d Latin-script stories, %d/%d of those over %d "
                + "chars%n%s",
            latinDecided, latin, longDecided, longLatin, LONG_STORY, report);
    System.out.println("[corpus] " + summary);
    assertThat(wrong.toString()).as("wrong fast decisions\n" + summary).isEmpty();
    assertThat(longLatin).as("long Latin-script stories in the corpus").isPositive();
    assertThat(2 * longDecided).as(summary).isGreaterThan(longLatin);
    // the corpus stories are two or three sentences: most of them, not only the long ones, should
    // be decided
    assertThat(2 * latinDecided).as(summary).isGreaterThan(latin);
  }

  private static Set<String> tagIds(Enrichment e) {
    return e.tags().stream().map(TagResult::id).collect(Collectors.toCollection(TreeSet::new));
  }
}
