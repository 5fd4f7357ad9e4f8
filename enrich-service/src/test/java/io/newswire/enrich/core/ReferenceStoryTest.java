package io.newswire.enrich.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.core.corpus.CorpusSupport;
import io.newswire.enrich.core.tagging.Mention;
import io.newswire.enrich.core.tagging.TagResult;
import io.newswire.enrich.core.text.Caption;
import io.newswire.enrich.core.text.NormalizedStory;
import io.newswire.enrich.core.text.StoryText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference VOV story ({@code corpus/vov-asean-digital-ministers.fr.txt}) through the whole
 * facade.
 */
class ReferenceStoryTest {

  private static Enrichment result;

  @BeforeAll
  static void enrich() {
    String text = CorpusSupport.read("vov-asean-digital-ministers.fr.txt");
    result = SharedEnricher.get().enrich(new StoryText("vov", null, text, null));
  }

  @Test
  void isFrench() {
    assertThat(result.language().code()).isEqualTo("fr");
    assertThat(result.language().confidence()).isGreaterThan(0.5);
    assertThat(result.language().declared()).isNull();
    assertThat(result.language().disagreesWithDeclared()).isFalse();
  }

  @Test
  void hasExactlyTheThreeTags() {
    assertThat(result.tags())
        .extracting(TagResult::id)
        .containsExactlyInAnyOrder("ASEAN", "DIGITAL_TRANSFORMATION", "AI");
    assertThat(result.tags())
        .allSatisfy(
            t -> {
              assertThat(t.confidence()).isBetween(50, 100);
              assertThat(t.relevance()).isBetween(0, 100);
            });
  }

  @Test
  void mentionsTheExpectedPhrases() {
    assertThat(mentionTexts("AI")).contains("intelligence artificielle");
    assertThat(mentionTexts("ASEAN")).contains("ASEAN");
    assertThat(mentionTexts("DIGITAL_TRANSFORMATION"))
        .contains(
            "transformation numérique",
            "gouvernement numérique",
            "économie numérique",
            "société numérique",
            "fracture numérique")
        .doesNotContain("numérique");
  }

  @Test
  void threeCaptionsWithTheirCreditLeaveTheBody() {
    assertThat(result.story().captions())
        .hasSize(3)
        .allSatisfy(c -> assertThat(c.credit()).isEqualTo("Lai Hoa/VOV"));
    assertThat(result.story().captions())
        .extracting(Caption::text)
        .containsExactly(
            "Le Premier ministre Pham Minh Chinh (gauche) lors de la conférence.",
            "Le Premier ministre Pham Minh Chinh prend la parole lors de la conférence.",
            "Pham Minh Chinh souligne que le Vietnam s’engage à rester un membre proactif, actif et responsable "
                + "dans la coopération numérique de l’ASEAN.");
    String body = result.story().body();
    assertThat(body).doesNotContain("Photo:", "Lai Hoa", "|");
    result.story().captions().forEach(c -> assertThat(body).doesNotContain(c.text()));
    assertThat(result.story().paragraphs()).hasSize(6);
    assertThat(body).startsWith("Tel est le message délivré");
  }

  @Test
  void headlineIsDerivedFromTheFirstSentence() {
    NormalizedStory s = result.story();
    assertThat(s.headlineDerived()).isTrue();
    assertThat(s.headline().codePointCount(0, s.headline().length())).isLessThanOrEqualTo(120);
    assertThat(s.headline())
        .startsWith("Tel est le message délivré par le Premier ministre Pham Minh Chinh");
    assertThat(s.body()).startsWith(s.headline());
    assertThat(s.headline()).doesNotEndWith(" ");
  }

  @Test
  void mentionOffsetsPointAtTheMatchedText() {
    assertThat(result.tags())
        .flatExtracting(TagResult::mentions)
        .isNotEmpty()
        .allSatisfy(
            m ->
                assertThat(result.story().fieldText(m.field()).substring(m.start(), m.end()))
                    .isEqualTo(m.text()));
  }

  @Test
  void countsWordsAndCharacters() {
    NormalizedStory s = result.story();
    assertThat(s.charCount()).isEqualTo(s.body().codePointCount(0, s.body().length()));
    assertThat(s.wordCount()).isBetween(250, 400);
    assertThat(result.taggerVersion()).isEqualTo(Enricher.taggerVersion()).startsWith("lexicon-");
  }

  private static java.util.List<String> mentionTexts(String tag) {
    return result.tags().stream()
        .filter(t -> t.id().equals(tag))
        .flatMap(t -> t.mentions().stream())
        .map(Mention::text)
        .toList();
  }
}
