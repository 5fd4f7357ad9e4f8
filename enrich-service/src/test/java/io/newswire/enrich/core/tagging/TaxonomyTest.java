package io.newswire.enrich.core.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TaxonomyTest {

  private static final Taxonomy TAXONOMY = Taxonomy.load();
  private static final Set<String> LANGUAGES =
      Set.of("en", "fr", "vi", "id", "ms", "th", "km", "lo", "my", "fil", "zh", "es", "de");

  @Test
  void versionComesFromTheResource() {
    assertThat(TAXONOMY.version()).matches("lexicon-\\d{4}\\.\\d{1,2}\\.\\d+");
    assertThat(Taxonomy.readVersion(Taxonomy.DEFAULT_RESOURCE)).isEqualTo(TAXONOMY.version());
  }

  @Test
  void hasTheThreeTagsWithVerifiedIdentifiers() {
    assertThat(TAXONOMY.tags())
        .extracting(TagDefinition::id)
        .containsExactly("ASEAN", "DIGITAL_TRANSFORMATION", "AI");
    assertThat(TAXONOMY.tag("AI"))
        .get()
        .extracting(TagDefinition::mediaTopicUri, TagDefinition::wikidataId)
        .containsExactly("http://cv.iptc.org/newscodes/mediatopic/20001298", "Q11660");
    assertThat(TAXONOMY.tag("ASEAN"))
        .get()
        .extracting(TagDefinition::wikidataId)
        .isEqualTo("Q7768");
    assertThat(TAXONOMY.tags()).allSatisfy(t -> assertThat(t.label()).isNotBlank());
  }

  @Test
  void placesAreTheMemberStates() {
    assertThat(TAXONOMY.places())
        .extracting(Place::isoCode)
        .containsExactlyInAnyOrder(
            "BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL");
    assertThat(TAXONOMY.places()).allSatisfy(p -> assertThat(p.wikidataId()).matches("Q\\d+"));
    assertThat(TAXONOMY.places().stream().map(Place::wikidataId).distinct().count())
        .isEqualTo(TAXONOMY.places().size());
  }

  @Test
  void everyTagHasTermsInEveryPipelineLanguage() {
    Map<String, Set<String>> langsByTag =
        TAXONOMY.lexicon().stream()
            .filter(e -> !e.blocker())
            .collect(
                Collectors.groupingBy(
                    LexiconEntry::tag, Collectors.mapping(LexiconEntry::lang, Collectors.toSet())));
    for (TagDefinition tag : TAXONOMY.tags()) {
      assertThat(langsByTag.get(tag.id())).as(tag.id()).containsAll(LANGUAGES);
    }
  }

  @Test
  void spacelessScriptTermsNeedNoBoundary() {
    assertThat(TAXONOMY.lexicon())
        .filteredOn(e -> e.term().codePoints().anyMatch(FoldedText::isSpaceless))
        .isNotEmpty()
        .allSatisfy(
            e -> assertThat(e.boundary()).as(e.term()).isEqualTo(LexiconEntry.Boundary.NONE));
  }

  @Test
  void ambiguousAcronymsAreCaseSensitiveAndGuarded() {
    LexiconEntry ai = entry("AI", "AI");
    assertThat(ai.caseSensitive()).isTrue();
    assertThat(ai.rules()).hasSizeGreaterThanOrEqualTo(3);
    LexiconEntry ia = entry("AI", "IA");
    assertThat(ia.caseSensitive()).isTrue();
    assertThat(ia.rules()).isNotEmpty();
    assertThat(TAXONOMY.lexicon())
        .noneMatch(e -> e.term().equalsIgnoreCase("numérique"))
        .noneMatch(e -> e.term().equalsIgnoreCase("Southeast Asia"));
  }

  @Test
  void lexiconLinesAreValidated() {
    assertThat(Taxonomy.parseLine("AI", "foo\ten\tcs\tdi\tstart\t70\tlang=fr|es;notUsState"))
        .satisfies(
            e -> {
              assertThat(e.caseSensitive()).isTrue();
              assertThat(e.diacriticSensitive()).isFalse();
              assertThat(e.boundary()).isEqualTo(LexiconEntry.Boundary.START);
              assertThat(e.weight()).isEqualTo(70);
              assertThat(e.rules()).hasSize(2);
            });
    assertThatThrownBy(() -> Taxonomy.parseLine("AI", "foo\ten\tXX\tdi\tword\t70"))
        .hasMessageContaining("case");
    assertThatThrownBy(() -> Taxonomy.parseLine("AI", "foo\ten\tcs\tdi\tword\t170"))
        .hasMessageContaining("weight");
    assertThatThrownBy(() -> Taxonomy.parseLine("AI", "foo\ten\tcs\tdi\tword\t70\tnoSuchRule"))
        .hasMessageContaining("noSuchRule");
  }

  private static LexiconEntry entry(String tag, String term) {
    return TAXONOMY.lexicon().stream()
        .filter(e -> e.tag().equals(tag) && e.term().equals(term))
        .findFirst()
        .orElseThrow();
  }
}
