package io.newswire.enrich.core.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Properties of {@link WordProfileDetector}: total, and its answers are always well-formed. */
class WordProfileDetectorProperties {

  private static final WordProfileDetector WORDS = WordProfileDetector.defaults();
  private static final Set<String> CODES = codesWith();

  /** Words of the lists (and near misses), to make decisions likely as well as undecided texts. */
  private static final List<String> VOCABULARY =
      List.of(
          "the",
          "said",
          "of",
          "and",
          "le",
          "les",
          "l'",
          "qu'",
          "d’",
          "du",
          "el",
          "los",
          "y",
          "der",
          "die",
          "und",
          "của",
          "và",
          "các",
          "được",
          "yang",
          "dan",
          "di",
          "bahwa",
          "bahawa",
          "kerana",
          "karena",
          "ang",
          "ng",
          "mga",
          "Sinabi",
          "THE",
          "Và",
          "CỦA",
          "ĐƯỢC",
          "LES",
          "e\u0301te\u0301",
          "été",
          "İ",
          "ß",
          "straße",
          "xyz",
          "og",
          "ikke",
          "på",
          "het",
          "een",
          "della",
          "não",
          "och",
          "är");

  /** The codes the detector reports, for Lingua's answers too. */
  static final Set<String> CODES_WITH_ZH_TH = codesWith("zh", "th");

  private static Set<String> codesWith(String... more) {
    Set<String> codes = new HashSet<>(WordProfileDetector.LANGUAGES);
    codes.add("und");
    codes.addAll(List.of(more));
    return Set.copyOf(codes);
  }

  @Property(tries = 1000)
  void anyStringGetsAWellFormedAnswerOrNone(@ForAll("texts") String text) {
    assertWellFormed(text, WORDS.detect(text));
  }

  @Property(tries = 300)
  void anyUnicodeStringGetsAWellFormedAnswerOrNone(@ForAll String text) {
    assertWellFormed(text, WORDS.detect(text));
  }

  @Property(tries = 300)
  void aDecisionDependsOnlyOnTheText(@ForAll("texts") String text) {
    assertThat(WORDS.detect(text)).isEqualTo(WORDS.detect(new StringBuilder(text)));
  }

  private static void assertWellFormed(String text, Optional<Detection> result) {
    result.ifPresent(
        d -> {
          assertThat(d.code()).as(text).isIn(CODES);
          assertThat(d.confidence()).as(text).isBetween(0.0, 1.0);
          assertThat(d.scores().keySet()).as(text).isSubsetOf(CODES);
          assertThat(d.scores().values())
              .as(text)
              .allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
          if (d.code().equals("und") && d.confidence() == 0) {
            assertThat(d.scores()).as(text).isEmpty();
            assertThat(text.codePoints().noneMatch(Character::isLetter)).as(text).isTrue();
          } else {
            assertThat(d.scores().get(d.code())).isEqualTo(d.confidence());
            assertThat(d.scores().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
          }
        });
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> word = Arbitraries.of(VOCABULARY);
    Arbitrary<String> noise =
        Arbitraries.oneOf(
            Arbitraries.strings().all().ofMaxLength(8),
            Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(12),
            Arbitraries.strings()
                .withChars('\'', '\u2019', '\u02BC', '\u0301', '\u0323', '-', ' ', '\n')
                .ofMaxLength(4),
            Arbitraries.of(
                " ",
                " ",
                ". ",
                "\n",
                "'",
                "’",
                "12",
                "\uD835\uDC00",
                "\uD800",
                "é",
                "x".repeat(200)));
    return Arbitraries.frequencyOf(
            Tuple.of(4, word),
            Tuple.of(1, word.map(w -> w + " ")),
            Tuple.of(3, noise),
            Tuple.of(2, Arbitraries.just(" ")))
        .list()
        .ofMaxSize(400)
        .map(l -> String.join("", l));
  }
}
