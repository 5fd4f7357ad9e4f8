package io.newswire.publish.core.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FoldingTest {
  static boolean found(String text, String term) {
    return Folding.contains(Folding.fold(text), Folding.needle(Folding.fold(term)));
  }

  @Test
  void foldsCaseAccentsAndCompatibilityFormsIntoSpaceSeparatedWords() {
    assertThat(Folding.fold("Hà Nội's  STREETS!")).isEqualTo(" ha noi s streets ");
    assertThat(Folding.fold("Ｆｕｌｌ－width ﬁnance")).isEqualTo(" full width finance ");
    assertThat(Folding.fold("Đà Nẵng, Straße, Ærø")).isEqualTo(" da nang strasse aero ");
    assertThat(Folding.fold("ΑΘΉΝΑ Москва́")).isEqualTo(" αθηνα москва ");
    assertThat(Folding.fold("")).isEqualTo(" ");
    assertThat(Folding.isBlank(Folding.fold("  -- ! "))).isTrue();
  }

  @Test
  void aTermMatchesWholeWordsInOrder() {
    assertThat(found("Flooding in HÀ NỘI's old quarter", "ha noi")).isTrue();
    assertThat(found("Flooding in Hanoi", "Ha Noi")).isFalse();
    assertThat(found("AI-driven chips", "ai")).isTrue();
    assertThat(found("the minister said", "ai")).isFalse();
    assertThat(found("Noi Ha", "ha noi")).as("in order").isFalse();
    assertThat(found("COVID-19 cases", "covid 19")).isTrue();
    assertThat(found("Le président Macron", "PRESIDENT")).isTrue();
    assertThat(found("presidents", "president")).as("whole words only").isFalse();
  }

  @Test
  void scriptsWithoutSpacesMatchAnywhere_andKeepTheirMarks() {
    assertThat(found("รัฐบาลไทยประกาศนโยบายใหม่", "นโยบาย")).isTrue();
    assertThat(found("รัฐบาลไทยประกาศ", "นโยบาย")).isFalse();
    assertThat(Folding.fold("ที่")).isEqualTo(" ที่ "); // Thai marks are not accents
    assertThat(found("東京で地震", "地震")).isTrue();
  }

  @Test
  void searchIsLinearEvenOnAdversarialText() {
    String text = "a ".repeat(500_000) + "b";
    String term = ("a ".repeat(30) + "b").trim();
    long start = System.nanoTime();
    assertThat(found(text, term)).isTrue();
    assertThat(found(text, ("a ".repeat(31) + "c").trim())).isFalse();
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(2_000);
  }

  @Test
  void knuthMorrisPrattFindsOverlappingPrefixes() {
    assertThat(Folding.contains("aabaabaaab", "aaab")).isTrue();
    assertThat(Folding.contains("abababc", "ababc")).isTrue();
    assertThat(Folding.contains("ababab", "ababc")).isFalse();
    assertThat(Folding.contains("x", "")).isTrue();
  }
}
