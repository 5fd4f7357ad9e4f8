package io.newswire.enrich.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextNormalizerTest {

  private final TextNormalizer normalizer = new TextNormalizer();

  private NormalizedStory body(String body) {
    return normalizer.normalize("Headline", body);
  }

  @Nested
  class Cleaning {
    @Test
    void composesToNfc() {
      assertThat(body("Cafe\u0301 Ha\u0300 Nô\u0323i").body()).isEqualTo("Café Hà Nội");
    }

    @Test
    void decodesEntitiesIncludingDoubleEncodedOnes() {
      assertThat(
              body("R&amp;D &eacute;t&#233; &#xE9; caf&amp;eacute; l&rsquo;ASEAN&nbsp;x &unknown; AT&T")
                  .body())
          .isEqualTo("R&D été é café l’ASEAN x &unknown; AT&T");
    }

    @Test
    void removesMarkupTagsAndTurnsBlocksIntoParagraphs() {
      NormalizedStory s = body("<p>First <b>bold</b> para.</p><p>Second<br/>line.</p>");
      assertThat(s.paragraphs()).containsExactly("First bold para.", "Second", "line.");
    }

    @Test
    void cleansWhitespaceButKeepsLines() {
      NormalizedStory s = body("  One \t two\u00A0 three  \r\n\u200BFour\u00ADfive \n\n\n");
      assertThat(s.paragraphs()).containsExactly("One two three", "Fourfive");
      assertThat(s.body()).isEqualTo("One two three\n\nFourfive");
    }

    @Test
    void blankLineBlocksAreParagraphsAndTheirLinesAreJoined() {
      NormalizedStory s = body("first line\nwrapped here\n\nsecond para");
      assertThat(s.paragraphs()).containsExactly("first line wrapped here", "second para");
    }

    @Test
    void nullAndEmptyBodies() {
      NormalizedStory s = normalizer.normalize(null, null);
      assertThat(s.body()).isEmpty();
      assertThat(s.paragraphs()).isEmpty();
      assertThat(s.headline()).isEmpty();
      assertThat(s.headlineDerived()).isTrue();
      assertThat(s.wordCount()).isZero();
      assertThat(s.charCount()).isZero();
    }
  }

  @Nested
  class Captions {
    @Test
    void vovPipeCaption() {
      NormalizedStory s =
          body("Le ministre lors de la conférence. Photo: Lai Hoa/VOV |\nLe texte suit.");
      assertThat(s.captions())
          .containsExactly(new Caption("Le ministre lors de la conférence.", "Lai Hoa/VOV"));
      assertThat(s.paragraphs()).containsExactly("Le texte suit.");
    }

    @Test
    void parenthesisedCreditAtTheEnd() {
      NormalizedStory s = body("Delegates at the meeting in Hanoi. (Photo: VNA)\nBody.");
      assertThat(s.captions())
          .containsExactly(new Caption("Delegates at the meeting in Hanoi.", "VNA"));
      assertThat(s.paragraphs()).containsExactly("Body.");
    }

    @Test
    void vietnameseCreditOnlyLine() {
      NormalizedStory s = body("Thủ tướng phát biểu.\nẢnh: VOV |");
      assertThat(s.captions()).containsExactly(new Caption("", "VOV"));
      assertThat(s.paragraphs()).containsExactly("Thủ tướng phát biểu.");
    }

    @Test
    void indonesianFoto() {
      NormalizedStory s = body("Presiden meninjau pameran di Jakarta. Foto: Antara |\nIsi berita.");
      assertThat(s.captions())
          .containsExactly(new Caption("Presiden meninjau pameran di Jakarta.", "Antara"));
    }

    @Test
    void illustrativePhotoAndSquareBrackets() {
      NormalizedStory s = body("Một góc Hà Nội. (Ảnh minh họa: TTXVN)\nNội dung.");
      assertThat(s.captions()).containsExactly(new Caption("Một góc Hà Nội.", "TTXVN"));
    }

    @Test
    void captionFollowedByBodyTextOnTheSameLine() {
      NormalizedStory s = body("The minister speaks. Photo: VOV | The meeting runs until Friday.");
      assertThat(s.captions()).containsExactly(new Caption("The minister speaks.", "VOV"));
      assertThat(s.paragraphs()).containsExactly("The meeting runs until Friday.");
    }

    @Test
    void aSentenceAboutAPhotoIsNotACaption() {
      String text =
          "He looked at the photo: it showed the minister smiling at the crowd, officials said.";
      NormalizedStory s = body(text);
      assertThat(s.captions()).isEmpty();
      assertThat(s.paragraphs()).containsExactly(text);
    }
  }

  @Nested
  class Datelines {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        nullValues = "NULL",
        value = {
          "HANOI, Nov. 27 (VNA) - Digital ministers met.|HANOI|Nov. 27|VNA",
          "JAKARTA (ANTARA) - Pemerintah Indonesia menyusun.|JAKARTA|NULL|ANTARA",
          "Hà Nội (TTXVN) - Thủ tướng yêu cầu.|Hà Nội|NULL|TTXVN",
          "BANGKOK, Nov 27 (Reuters) - Thailand's central bank.|BANGKOK|Nov 27|Reuters",
          "DES MOINES, IA (AP) - Farmers across Iowa.|DES MOINES, IA|NULL|AP",
          "CAN THO, Viet Nam (Xinhua) - Researchers in Viet Nam.|CAN THO, Viet Nam|NULL|Xinhua",
          "KUALA LUMPUR (Bernama) - Malaysia menyasarkan.|KUALA LUMPUR|NULL|Bernama",
          "BRÜSSEL (dpa) - Die EU-Staaten haben.|BRÜSSEL|NULL|dpa",
          "กรุงเทพฯ - รัฐบาลไทยประกาศแผน|กรุงเทพฯ|NULL|NULL",
          "MANILA, 27 November — The Philippines said.|MANILA|27 November|NULL",
          "SINGAPORE — The city-state said.|SINGAPORE|NULL|NULL",
        })
    void extractsAndRemovesTheDateline(String text, String place, String date, String credit) {
      NormalizedStory s = body(text);
      assertThat(s.dateline()).isNotNull();
      assertThat(s.dateline().place()).isEqualTo(place);
      assertThat(s.dateline().date()).isEqualTo(date);
      assertThat(s.dateline().credit()).isEqualTo(credit);
      assertThat(s.body())
          .doesNotStartWith(place)
          .isEqualTo(text.substring(s.dateline().raw().length()).trim());
    }

    @Test
    void datelineOnlyInTheFirstParagraph() {
      NormalizedStory s = body("Intro text.\nHANOI (VNA) - Second paragraph.");
      assertThat(s.dateline()).isNull();
      assertThat(s.paragraphs()).containsExactly("Intro text.", "HANOI (VNA) - Second paragraph.");
    }

    @Test
    void ordinarySentencesAreNotDatelines() {
      assertThat(
              body("Le Premier ministre Pham Minh Chinh (gauche) lors de la conférence.")
                  .dateline())
          .isNull();
      assertThat(body("Pham Minh Chinh - the prime minister - spoke.").dateline()).isNull();
      assertThat(body("The 6th meeting (ADGMIN 6) opened.").dateline()).isNull();
    }
  }

  @Nested
  class Bylines {
    @Test
    void bylineParagraphIsRemoved() {
      NormalizedStory s = body("By Jane Doe\nHANOI (VNA) - Text.");
      assertThat(s.byline()).isEqualTo("Jane Doe");
      assertThat(s.dateline()).isNotNull();
      assertThat(s.paragraphs()).containsExactly("Text.");
    }

    @Test
    void bylineWithAffiliation() {
      assertThat(body("By Nguyen Van An, VNA Correspondent\nText.").byline())
          .isEqualTo("Nguyen Van An, VNA Correspondent");
    }

    @Test
    void sentenceStartingWithByIsNotAByline() {
      NormalizedStory s = body("By Tuesday, officials said 200 people had left.\nMore.");
      assertThat(s.byline()).isNull();
      assertThat(s.paragraphs()).hasSize(2);
    }
  }

  @Nested
  class Headlines {
    @Test
    void inputHeadlineIsKeptAndCleaned() {
      NormalizedStory s = normalizer.normalize("  ASEAN &amp; AI\n summit ", "Body.");
      assertThat(s.headline()).isEqualTo("ASEAN & AI summit");
      assertThat(s.headlineDerived()).isFalse();
    }

    @Test
    void derivedFromTheFirstSentenceSkippingAbbreviations() {
      NormalizedStory s =
          normalizer.normalize(
              null,
              "HANOI (VNA) - Mr. Chinh met U.S. officials on Nov. 27 in Hanoi. They discussed trade.");
      assertThat(s.headline()).isEqualTo("Mr. Chinh met U.S. officials on Nov. 27 in Hanoi");
      assertThat(s.headlineDerived()).isTrue();
    }

    @Test
    void blankHeadlineCountsAsMissing() {
      assertThat(normalizer.normalize("   ", "Short story. More.").headline())
          .isEqualTo("Short story");
    }

    @Test
    void exactly120CharactersIsKept() {
      String sentence = "word ".repeat(23) + "abcde"; // 120 chars, no full stop
      assertThat(sentence).hasSize(120);
      assertThat(normalizer.normalize(null, sentence + ". Next.").headline()).isEqualTo(sentence);
      assertThat(normalizer.normalize(null, sentence).headline()).isEqualTo(sentence);
    }

    @Test
    void longerSentenceIsCutAtAWordBoundary() {
      String sentence = "word ".repeat(23) + "abcdef more words follow here";
      String h = normalizer.normalize(null, sentence).headline();
      assertThat(h).isEqualTo("word ".repeat(23).trim());
      assertThat(h.length()).isLessThanOrEqualTo(120);
      assertThat(sentence).startsWith(h);
    }

    @Test
    void noSentenceEndUsesTheParagraph() {
      assertThat(normalizer.normalize(null, "No full stop here\nSecond").headline())
          .isEqualTo("No full stop here");
    }

    @Test
    void oneVeryLongWordIsCutHard() {
      String word = "x".repeat(300);
      String h = normalizer.normalize(null, word).headline();
      assertThat(h).isEqualTo("x".repeat(120));
    }

    @Test
    void thaiWithoutSpacesIsCutAtADictionaryWordBoundary() {
      String thai = "รัฐบาลไทยประกาศแผนนำปัญญาประดิษฐ์มาใช้ในหน่วยงานภาครัฐ".repeat(4);
      String h = normalizer.normalize(null, thai).headline();
      assertThat(h.codePointCount(0, h.length())).isLessThanOrEqualTo(120).isGreaterThan(60);
      assertThat(thai).startsWith(h);
    }
  }

  @Test
  void countsWordsAndCodePoints() {
    NormalizedStory s = body("Hello world, ASEAN 2026!\n\nA.I. 𝔸");
    assertThat(s.wordCount()).isEqualTo(6);
    assertThat(s.charCount())
        .isEqualTo(s.body().codePointCount(0, s.body().length()))
        .isEqualTo(32);
  }
}
