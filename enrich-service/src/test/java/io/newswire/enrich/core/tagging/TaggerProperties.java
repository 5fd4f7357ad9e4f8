package io.newswire.enrich.core.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.core.text.NormalizedStory;
import io.newswire.enrich.core.text.TextNormalizer;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Properties of {@link Tagger}: sound offsets, and results that do not depend on unrelated lexicon
 * entries.
 */
class TaggerProperties {

  private static final Taxonomy TAXONOMY = Taxonomy.load();
  private static final Tagger TAGGER = new Tagger(TAXONOMY);
  private static final List<String> TERMS =
      TAXONOMY.lexicon().stream().map(LexiconEntry::term).distinct().toList();

  @Property(tries = 400)
  void mentionOffsetsAreInBoundsAndPointAtTheMentionText(
      @ForAll("textWithTerms") String body, @ForAll("languages") String lang) {
    NormalizedStory story = new TextNormalizer().normalize(null, body);
    for (TagResult tag : TAGGER.tag(story, lang)) {
      assertThat(tag.confidence()).isBetween(0, 100);
      assertThat(tag.relevance()).isBetween(0, 100);
      for (Mention m : tag.mentions()) {
        String field = story.fieldText(m.field());
        assertThat(m.start()).isBetween(0, m.end());
        assertThat(m.end()).isLessThanOrEqualTo(field.length());
        assertThat(field.substring(m.start(), m.end())).isEqualTo(m.text());
      }
    }
  }

  @Property(tries = 400)
  void rawFieldsAlsoGetSoundOffsets(@ForAll("textWithTerms") String raw) {
    for (TagResult tag : TAGGER.tag(Map.of(Mention.BODY, raw), "fr", raw.length())) {
      for (Mention m : tag.mentions()) {
        assertThat(raw.substring(m.start(), m.end())).isEqualTo(m.text());
      }
    }
  }

  @Property(tries = 40)
  void resultsDoNotDependOnUnrelatedLexiconEntries(
      @ForAll("textWithTerms") String body,
      @ForAll @Size(min = 1, max = 300)
          List<
                  @net.jqwik.api.constraints.AlphaChars
                  @net.jqwik.api.constraints.StringLength(min = 4, max = 12) String>
              extra) {
    List<String> unrelated = extra.stream().map(s -> "qzx" + s).toList();
    NormalizedStory story = new TextNormalizer().normalize(null, body);
    String all =
        (story.headline() + "\n" + story.body() + "\n" + story.captionText()).toLowerCase();
    Assume.that(unrelated.stream().noneMatch(t -> all.contains(t.toLowerCase())));
    List<String> tagIds = TAXONOMY.tags().stream().map(TagDefinition::id).toList();
    List<LexiconEntry> entries =
        IntStream.range(0, unrelated.size())
            .mapToObj(i -> LexiconEntry.simple(tagIds.get(i % tagIds.size()), unrelated.get(i), 95))
            .toList();
    Tagger bigger = new Tagger(TAXONOMY.withExtraEntries(entries));
    for (String lang : List.of("en", "fr", "vi")) {
      assertThat(bigger.tag(story, lang)).isEqualTo(TAGGER.tag(story, lang));
    }
  }

  @Provide
  Arbitrary<String> languages() {
    return Arbitraries.of(
        "en", "fr", "vi", "id", "ms", "th", "km", "lo", "my", "fil", "zh", "es", "de", "und");
  }

  @Provide
  Arbitrary<String> textWithTerms() {
    Arbitrary<String> term = Arbitraries.of(TERMS);
    Arbitrary<String> upper = term.map(String::toUpperCase);
    Arbitrary<String> noise =
        Arbitraries.oneOf(
            Arbitraries.strings().all().ofMaxLength(6),
            Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(6),
            Arbitraries.of(
                " ",
                "  ",
                "\n",
                "\n\n",
                ". ",
                "’",
                "'",
                "-",
                "e\u0301",
                "\u0301",
                "ß",
                "İ",
                "Photo: VNA |",
                "HANOI (VNA) - ",
                "1",
                " 171",
                "j'",
                "Mr "));
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, term),
            net.jqwik.api.Tuple.of(1, upper),
            net.jqwik.api.Tuple.of(4, noise))
        .list()
        .ofMaxSize(30)
        .map(l -> String.join("", l));
  }
}
