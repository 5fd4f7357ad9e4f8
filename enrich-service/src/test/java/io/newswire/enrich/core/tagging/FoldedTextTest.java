package io.newswire.enrich.core.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FoldedTextTest {

  @Test
  void foldsCaseDiacriticsApostrophesAndSpaces() {
    assertThat(FoldedText.of("L’ÉCONOMIE  Numérique\tĐà Nẵng Straße").folded())
        .isEqualTo("l'economie numerique da nang strasse");
  }

  @Test
  void keepsMarksOfOtherScripts() {
    assertThat(FoldedText.of("ปัญญาประดิษฐ์").folded()).isEqualTo("ปัญญาประดิษฐ์");
  }

  @Test
  void dropsSpacesBetweenWordsOfSpacelessScripts() {
    assertThat(FoldedText.of("เศรษฐกิจ ดิจิทัล").folded()).isEqualTo("เศรษฐกิจดิจิทัล");
    assertThat(FoldedText.of("AI ปัญญา").folded()).isEqualTo("ai ปัญญา");
  }

  @Test
  void mapsFoldedOffsetsBackToTheOriginal() {
    String original = "x  Straße e\u0301t\u00E9";
    FoldedText f = FoldedText.of(original);
    assertThat(f.folded()).isEqualTo("x strasse ete");
    int s = f.folded().indexOf("strasse");
    assertThat(original.substring(f.originalStart(s), f.originalEnd(s + "strasse".length() - 1)))
        .isEqualTo("Straße");
    int e = f.folded().indexOf("ete");
    assertThat(original.substring(f.originalStart(e), f.originalEnd(e + 2)))
        .isEqualTo("e\u0301t\u00E9");
  }

  @Test
  void keyCanKeepCaseOrDiacritics() {
    assertThat(FoldedText.key("Économie", false, true)).isEqualTo("Economie");
    assertThat(FoldedText.key("Économie", true, false)).isEqualTo("économie");
  }
}
