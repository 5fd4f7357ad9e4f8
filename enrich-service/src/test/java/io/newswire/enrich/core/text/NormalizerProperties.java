package io.newswire.enrich.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link TextNormalizer}. Idempotence is stated for the body output: normalising the
 * body again changes nothing. (Structural extraction is applied once per call by design, so an
 * input that starts with two datelines or two bylines in a row would lose one more on a second
 * pass; the generator below does not build those.)
 */
class NormalizerProperties {

  private final TextNormalizer normalizer = new TextNormalizer();

  @Property(tries = 500)
  void neverThrowsOnArbitraryStrings(@ForAll String headline, @ForAll String body) {
    NormalizedStory s = normalizer.normalize(headline, body);
    assertThat(s.body()).isEqualTo(String.join("\n\n", s.paragraphs()));
    assertThat(s.charCount()).isEqualTo(s.body().codePointCount(0, s.body().length()));
    if (s.headlineDerived()) {
      assertThat(s.headline().codePointCount(0, s.headline().length())).isLessThanOrEqualTo(120);
    }
  }

  @Property(tries = 500)
  void bodyOutputIsAFixedPoint(@ForAll("wireLikeText") String body) {
    String once = normalizer.normalize(null, body).body();
    NormalizedStory twice = normalizer.normalize(null, once);
    assertThat(twice.body()).isEqualTo(once);
    assertThat(twice.captions()).isEmpty();
  }

  @Property(tries = 300)
  void bodyOutputIsAFixedPointForArbitraryStrings(@ForAll String body) {
    String once = normalizer.normalize(null, body).body();
    assertThat(normalizer.normalize(null, once).body()).isEqualTo(once);
  }

  @Provide
  Arbitrary<String> wireLikeText() {
    Arbitrary<String> fragment =
        Arbitraries.oneOf(
            Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8),
            Arbitraries.strings().all().ofMaxLength(5),
            Arbitraries.of(
                " ",
                "  ",
                "\t",
                "\n",
                "\n\n",
                "\r\n",
                "\u00A0",
                "\u200B",
                ". ",
                "! ",
                ", ",
                "&amp;",
                "&amp;amp;",
                "&eacute;",
                "&#233;",
                "&#x1F600;",
                "&lt;p&gt;",
                "<p>",
                "</p>",
                "<br/>",
                "<b>",
                "e\u0301",
                "Photo: Lai Hoa/VOV |",
                " (Photo: VNA)",
                "Ảnh: VOV |",
                "Foto: Antara |",
                "ASEAN",
                "|",
                "(",
                ")",
                "-",
                "—",
                "ภาษาไทย",
                "人工智能"));
    return fragment.list().ofMaxSize(40).map(l -> String.join("", l));
  }
}
