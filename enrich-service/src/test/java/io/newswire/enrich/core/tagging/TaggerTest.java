package io.newswire.enrich.core.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.core.text.NormalizedStory;
import io.newswire.enrich.core.text.TextNormalizer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaggerTest {

  private static final Tagger TAGGER = new Tagger(Taxonomy.load());

  static List<TagResult> tag(String body, String lang) {
    return TAGGER.tag(Map.of(Mention.BODY, body), lang, body.length());
  }

  static Set<String> tags(String body, String lang) {
    return tag(body, lang).stream().map(TagResult::id).collect(Collectors.toSet());
  }

  @Nested
  class TrickyNegatives {
    @Test
    void airlineFlightCode() {
      assertThat(tags("An Air India Boeing operating flight AI 171 was diverted to Dubai.", "en"))
          .isEmpty();
      assertThat(tags("Le vol AI171 a été dérouté.", "fr")).isEmpty();
      assertThat(tags("Flight AI-302 landed safely.", "en")).isEmpty();
    }

    @Test
    void familyNameAi() {
      assertThat(tags("Chinese artist Ai Weiwei opened a retrospective.", "en")).isEmpty();
      assertThat(tags("ARTIST AI WEIWEI OPENS SHOW", "en")).isEmpty();
      assertThat(tags("Ms Ai said the show would travel.", "en")).isEmpty();
      assertThat(tags("Asked about it, Mr AI declined to comment.", "en")).isEmpty();
    }

    @Test
    void vietnameseWordAi() {
      assertThat(tags("Ai cũng biết rằng không ai thắng được.", "vi")).isEmpty();
      assertThat(tags("AI CŨNG BIẾT ĐIỀU ĐÓ", "vi")).isEmpty();
    }

    @Test
    void frenchVerbAi() {
      assertThat(tags("« J'ai eu très peur », a raconté une passagère. Je n’ai rien vu.", "fr"))
          .isEmpty();
      assertThat(tags("« J'AI EU TRÈS PEUR »", "fr")).isEmpty();
    }

    @Test
    void iowaPostalCode() {
      assertThat(tags("DES MOINES, IA (AP) - Farmers across Iowa count the cost.", "en")).isEmpty();
      assertThat(tags("Les agriculteurs de Des Moines, IA, comptent leurs pertes.", "fr"))
          .isEmpty();
      assertThat(tags("Send mail to Ames, IA 50010 before Friday.", "fr")).isEmpty();
      assertThat(tags("The IA team won the match.", "en"))
          .as("IA is AI only in Romance languages")
          .isEmpty();
    }

    @Test
    void numeriqueAloneIsNotDigitalTransformation() {
      assertThat(
              tags(
                  "Les ventes d'appareils photo numériques reculent. Le numérique progresse.",
                  "fr"))
          .isEmpty();
      assertThat(tags("A new digital camera and a digital piano went on sale.", "en")).isEmpty();
    }

    @Test
    void southeastAsiaAloneIsNotAsean() {
      assertThat(
              tags(
                  "Countries across Southeast Asia brace for typhoons. Các nước Đông Nam Á.", "en"))
          .isEmpty();
      assertThat(tags("Southeast Asian nations prepare for the season.", "en")).isEmpty();
    }

    @Test
    void seaGamesAreNotAsean() {
      assertThat(tags("Viet Nam topped the medal table at the SEA Games in Bangkok.", "en"))
          .isEmpty();
      assertThat(tags("Thailand will host the ASEAN Para Games next year.", "en")).isEmpty();
    }

    @Test
    void heartDrugDigitalis() {
      assertThat(tags("Doctors prescribed digitalis for his heart condition.", "en")).isEmpty();
    }

    @Test
    void vietnameseNumberAndComputerStudy() {
      assertThat(tags("Mỹ là nền kinh tế số 1 thế giới.", "vi")).isEmpty();
      assertThat(tags("Sinh viên học máy tính ở Hà Nội.", "vi")).isEmpty();
    }

    @Test
    void thaiOperatorAisIsNotAi() {
      assertThat(tags("เอไอเอสเปิดตัวแพ็กเกจใหม่", "th")).isEmpty();
    }

    @Test
    void weakTermAloneDoesNotTag() {
      assertThat(tags("Malaysia's digital minister visited Penang on Monday.", "en")).isEmpty();
    }
  }

  @Nested
  class Positives {
    @ParameterizedTest(name = "{0} {2}")
    @CsvSource(
        delimiter = '|',
        value = {
          "en|Ministers discussed AI governance.|AI",
          "en|The A.I. boom continues.|AI",
          "en|A new large language model and chatbots were shown.|AI",
          "en|Deepfakes spread before the vote.|AI",
          "en|OpenAI and Google DeepMind signed the pledge.|AI",
          "en|AI 2030 strategy was adopted by the cabinet.|AI",
          "fr|Les règles sur l'IA générative et l’IA.|AI",
          "fr|L'intelligence artificielle progresse.|AI",
          "es|La inteligencia artificial y la IA generativa.|AI",
          "de|KI-Systeme mit hohem Risiko und Künstliche Intelligenz.|AI",
          "vi|Thủ tướng nhấn mạnh trí tuệ nhân tạo.|AI",
          "id|Regulasi kecerdasan buatan (AI).|AI",
          "ms|Program latihan kecerdasan buatan.|AI",
          "fil|Ang artipisyal na intelihensiya ay mahalaga.|AI",
          "th|รัฐบาลนำปัญญาประดิษฐ์มาใช้|AI",
          "km|បញ្ញាសិប្បនិម្មិតនៅកម្ពុជា|AI",
          "lo|ປັນຍາປະດິດ ໃນລາວ|AI",
          "my|ဉာဏ်ရည်တု နည်းပညာ|AI",
          "zh|人工智能发展迅速|AI",
          "zh|人工智慧與機器學習|AI",
          "en|Digital ministers of the Association of Southeast Asian Nations met.|ASEAN",
          "en|Asean leaders met in Kuala Lumpur.|ASEAN",
          "fr|Les pays de l'ANASE se réunissent.|ASEAN",
          "fr|l’Association des nations de l’Asie du Sud-Est|ASEAN",
          "vi|Hiệp hội các quốc gia Đông Nam Á họp tại Hà Nội.|ASEAN",
          "id|Perhimpunan Bangsa-Bangsa Asia Tenggara bertemu.|ASEAN",
          "th|ประชาคมอาเซียน|ASEAN",
          "km|អាស៊ាន|ASEAN",
          "lo|ອາຊຽນ|ASEAN",
          "my|အာဆီယံ အစည်းအဝေး|ASEAN",
          "zh|东盟峰会|ASEAN",
          "en|The digital transformation of public services.|DIGITAL_TRANSFORMATION",
          "en|e-government platforms and the digital divide|DIGITAL_TRANSFORMATION",
          "en|the government's digitalization drive|DIGITAL_TRANSFORMATION",
          "en|national digital ID rollout|DIGITAL_TRANSFORMATION",
          "fr|la fracture numérique et la numérisation des administrations|DIGITAL_TRANSFORMATION",
          "es|un plan de digitalización para pymes|DIGITAL_TRANSFORMATION",
          "de|Die Digitalisierung der Verwaltung|DIGITAL_TRANSFORMATION",
          "vi|đẩy mạnh chuyển đổi số, chính phủ số, kinh tế số|DIGITAL_TRANSFORMATION",
          "id|transformasi digital dan ekonomi digital|DIGITAL_TRANSFORMATION",
          "ms|agenda pendigitalan negara|DIGITAL_TRANSFORMATION",
          "fil|ang digitalisasyon ng gobyerno|DIGITAL_TRANSFORMATION",
          "th|การเปลี่ยนผ่านสู่ดิจิทัล|DIGITAL_TRANSFORMATION",
          "th|เศรษฐกิจ ดิจิทัล|DIGITAL_TRANSFORMATION",
          "km|សេដ្ឋកិច្ចឌីជីថល|DIGITAL_TRANSFORMATION",
          "lo|ເສດຖະກິດດິຈິຕອນ|DIGITAL_TRANSFORMATION",
          "my|ဒစ်ဂျစ်တယ်စီးပွားရေး|DIGITAL_TRANSFORMATION",
          "zh|数字化转型与数字经济|DIGITAL_TRANSFORMATION",
        })
    void tagsEachLanguage(String lang, String text, String tag) {
      assertThat(tags(text, lang)).containsExactly(tag);
    }
  }

  @Test
  void stemMatchesAreReportedAsWholeWords() {
    assertThat(tag("Digital economies and the digitalisation of services.", "en"))
        .flatExtracting(TagResult::mentions)
        .extracting(Mention::text)
        .containsExactly("Digital economies", "digitalisation");
  }

  @Test
  void nestedTermsGiveOneMention() {
    List<TagResult> r = tag("The generative AI system.", "en");
    assertThat(r)
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.mentions())
                    .extracting(Mention::text)
                    .containsExactly("generative AI"));
  }

  @Test
  void mentionOffsetsAndTextAreFromTheOriginalNotTheFoldedText() {
    String body = "L’ÉCONOMIE  NUMÉRIQUE et l’Intelligence Artificielle";
    List<TagResult> r = tag(body, "fr");
    assertThat(r)
        .flatExtracting(TagResult::mentions)
        .allSatisfy(m -> assertThat(body.substring(m.start(), m.end())).isEqualTo(m.text()));
    assertThat(r)
        .flatExtracting(TagResult::mentions)
        .extracting(Mention::text)
        .containsExactlyInAnyOrder("ÉCONOMIE  NUMÉRIQUE", "Intelligence Artificielle");
  }

  @Test
  void headlineMentionRaisesRelevance() {
    NormalizedStory withHeadline =
        new TextNormalizer().normalize("AI rules adopted", "Ministers met. AI was discussed.");
    NormalizedStory bodyOnly =
        new TextNormalizer().normalize("Rules adopted", "Ministers met. AI was discussed.");
    int high = TAGGER.tag(withHeadline, "en").get(0).relevance();
    int low = TAGGER.tag(bodyOnly, "en").get(0).relevance();
    assertThat(high).isGreaterThan(low);
    assertThat(List.of(high, low)).allSatisfy(v -> assertThat(v).isBetween(0, 100));
  }

  @Test
  void captionMentionsPointIntoTheCaptionText() {
    NormalizedStory s =
        new TextNormalizer()
            .normalize(
                "Summit",
                "Text.\nThe ASEAN chair speaks. Photo: VNA |\n" + "Leaders meet. Photo: VOV |");
    List<TagResult> r = TAGGER.tag(s, "en");
    assertThat(r)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.id()).isEqualTo("ASEAN");
              assertThat(t.mentions())
                  .singleElement()
                  .satisfies(
                      m -> {
                        assertThat(m.field()).isEqualTo(Mention.CAPTION);
                        assertThat(s.fieldText(m.field()).substring(m.start(), m.end()))
                            .isEqualTo("ASEAN");
                      });
            });
  }

  @Test
  void confidenceGrowsWithEvidence() {
    int one = tag("AI matters.", "en").get(0).confidence();
    int many = tag("AI matters. Machine learning and AI models too.", "en").get(0).confidence();
    assertThat(many).isGreaterThan(one);
    assertThat(many).isLessThanOrEqualTo(100);
  }

  @Test
  void resultsFollowTaxonomyOrderAndCarryMetadata() {
    List<TagResult> r =
        tag("ASEAN agreed on digital transformation and artificial intelligence.", "en");
    assertThat(r)
        .extracting(TagResult::id)
        .containsExactly("ASEAN", "DIGITAL_TRANSFORMATION", "AI");
    assertThat(r.get(2).mediaTopicUri())
        .isEqualTo("http://cv.iptc.org/newscodes/mediatopic/20001298");
    assertThat(r.get(2).wikidataId()).isEqualTo("Q11660");
    assertThat(r.get(0).wikidataId()).isEqualTo("Q7768");
  }
}
