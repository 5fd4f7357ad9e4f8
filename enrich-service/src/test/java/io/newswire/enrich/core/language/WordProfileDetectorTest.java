package io.newswire.enrich.core.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.newswire.enrich.core.corpus.CorpusSupport;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The function-word stage of language detection, on its own (no Lingua involved). */
class WordProfileDetectorTest {

  private static final WordProfileDetector WORDS = WordProfileDetector.defaults();

  /** News paragraphs written for this test (not from the corpus), one per Latin-script language. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en|The government said on Tuesday that it would raise the minimum wage by five percent next year, after "
            + "months of talks with unions and employers. The finance minister told reporters the increase was "
            + "affordable because growth had been stronger than expected. Opposition lawmakers said the rise "
            + "did not go far enough.",
        "fr|Le gouvernement a annoncé mardi une hausse de cinq pour cent du salaire minimum à partir de l'année "
            + "prochaine, après plusieurs mois de négociations avec les syndicats. Selon le ministre des "
            + "Finances, cette augmentation est possible parce que la croissance a été plus forte que prévu. "
            + "L'opposition estime qu'elle ne va pas assez loin.",
        "es|El Gobierno anunció este martes una subida del cinco por ciento del salario mínimo a partir del "
            + "próximo año, tras varios meses de negociaciones con los sindicatos. Según el ministro de "
            + "Hacienda, el aumento es posible porque la economía ha crecido más de lo previsto. La oposición "
            + "aseguró que la medida no es suficiente.",
        "de|Die Bundesregierung hat am Dienstag eine Erhöhung des Mindestlohns um fünf Prozent zum kommenden "
            + "Jahr beschlossen. Nach monatelangen Verhandlungen mit den Gewerkschaften sei die Anhebung nun "
            + "finanzierbar, sagte der Finanzminister. Die Opposition kritisierte, dass die Erhöhung nicht "
            + "ausreiche und viele Beschäftigte weiter zu wenig verdienen würden.",
        "vi|Chính phủ cho biết sẽ tăng lương tối thiểu thêm năm phần trăm từ năm tới, sau nhiều tháng đàm phán "
            + "với công đoàn và doanh nghiệp. Bộ trưởng Tài chính nói rằng mức tăng này phù hợp vì kinh tế đã "
            + "tăng trưởng mạnh hơn dự kiến. Tuy nhiên, nhiều người lao động cho rằng mức tăng vẫn chưa đủ.",
        "id|Pemerintah Indonesia akan menaikkan upah minimum sebesar lima persen mulai tahun depan setelah "
            + "beberapa bulan berunding dengan serikat pekerja. Menteri Keuangan mengatakan bahwa kenaikan "
            + "tersebut bisa dilakukan karena pertumbuhan ekonomi lebih tinggi dari perkiraan. Namun, sejumlah "
            + "pekerja menilai kenaikan itu belum cukup, ujarnya.",
        "ms|Kerajaan Malaysia akan menaikkan gaji minimum sebanyak lima peratus mulai tahun depan selepas "
            + "beberapa bulan rundingan dengan kesatuan sekerja. Menteri Kewangan berkata bahawa kenaikan itu "
            + "boleh dilaksanakan kerana pertumbuhan ekonomi lebih tinggi daripada jangkaan. Bagaimanapun, "
            + "sebahagian pekerja berpendapat kenaikan tersebut masih tidak mencukupi.",
        "fil|Inanunsyo ng pamahalaan noong Martes na itataas nito ang minimum na sahod ng limang porsiyento sa "
            + "susunod na taon, matapos ang ilang buwang pakikipag-usap sa mga unyon. Ayon sa kalihim ng "
            + "pananalapi, kaya ito ng ekonomiya dahil mas mabilis ang paglago kaysa inaasahan. Sinabi naman "
            + "ng mga manggagawa na hindi pa rin ito sapat.",
      })
  void decidesEachLatinLanguageOnANewsParagraph(String code, String text) {
    Detection d = WORDS.detect(text).orElseThrow(() -> new AssertionError("undecided: " + text));
    assertThat(d.code()).isEqualTo(code);
    assertThat(d.confidence()).isGreaterThan(0.9).isLessThanOrEqualTo(1.0);
    assertThat(d.scores().values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, offset(1e-9));
    assertThat(d.scores()).containsKey(code);
  }

  @Test
  void tellsMalayFromIndonesianByTheirMarkers() {
    String ms =
        "Kerajaan akan memperkenalkan sistem pembayaran digital baharu di semua pejabat kerajaan negeri "
            + "selepas projek perintis berjaya dilaksanakan. Menteri berkata bahawa kakitangan awam akan "
            + "menerima latihan terlebih dahulu kerana sistem itu boleh mengurangkan masa menunggu orang ramai.";
    String id =
        "Pemerintah akan memperkenalkan sistem pembayaran digital baru di semua kantor pemerintah daerah "
            + "setelah proyek percontohan berhasil dilaksanakan. Menteri mengatakan bahwa pegawai negeri akan "
            + "menerima pelatihan terlebih dahulu karena sistem itu bisa mengurangi waktu tunggu masyarakat.";
    Detection malay = WORDS.detect(ms).orElseThrow();
    Detection indonesian = WORDS.detect(id).orElseThrow();
    assertThat(malay.code()).isEqualTo("ms");
    assertThat(indonesian.code()).isEqualTo("id");
    assertThat(malay.confidenceOf("ms")).isGreaterThan(malay.confidenceOf("id"));
    assertThat(indonesian.confidenceOf("id")).isGreaterThan(indonesian.confidenceOf("ms"));
  }

  @Test
  void malayOrIndonesianWithoutMarkersIsUndecided() {
    // only words the two languages share: the pair clearly leads, but nothing tells them apart
    String shared =
        "Menteri itu berkata program tersebut akan dilaksanakan di seluruh negara pada tahun depan "
            + "dan melibatkan lebih banyak pihak dari sebelum ini.";
    assertThat(WORDS.detect(shared)).isEmpty();
    // one marker each way is not evidence for either
    assertThat(
            WORDS.detect(
                shared
                    + " Ia juga berkata bahawa rancangan itu akan dibincangkan, karena "
                    + "mereka belum setuju."))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Vietnam tops rice exports in third quarter",
        "Minister says talks with unions will resume",
        "Le PSG s'impose à Lyon",
        "Harga beras naik menjelang akhir tahun",
      })
  void headlinesAreUndecided(String headline) {
    assertThat(WORDS.detect(headline)).isEmpty();
  }

  @Test
  void mixedTextIsUndecided() {
    String mixed =
        "The minister said the plan would be ready next month. Le gouvernement a indiqué que les "
            + "mesures seront annoncées avant la fin de l'année.";
    assertThat(WORDS.detect(mixed)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "12 345 — !!", "2026-11-27 09:30 +07:00", "   \n\t"})
  void textWithoutLettersIsUnd(String text) {
    Detection d = WORDS.detect(text).orElseThrow();
    assertThat(d.code()).isEqualTo("und");
    assertThat(d.confidence()).isZero();
    assertThat(d.scores()).isEmpty();
    assertThat(WORDS.detect(null)).contains(d);
  }

  @Test
  void decidesTheReferenceStoryAsFrenchWithoutLingua() {
    String fr = CorpusSupport.read("vov-asean-digital-ministers.fr.txt");
    Detection d = WORDS.detect(fr).orElseThrow(() -> new AssertionError("undecided"));
    assertThat(d.code()).isEqualTo("fr");
    assertThat(d.confidence()).isGreaterThan(0.99);
  }

  @Test
  void readsOnlyTheStartOfALongText() {
    String en = "The minister said that the government would act on the report. ".repeat(2);
    String fr =
        "Le ministre a déclaré que le gouvernement agirait sur le rapport avec les syndicats. ";
    String text = en + fr.repeat(WordProfileDetector.MAX_CHARS / fr.length() + 50);
    assertThat(WORDS.detect(text).map(Detection::code)).contains("fr");
    String frenchAfterTheLimit = en + "x ".repeat(WordProfileDetector.MAX_CHARS) + fr.repeat(50);
    assertThat(WORDS.detect(frenchAfterTheLimit).map(Detection::code)).contains("en");
  }

  @Test
  void caseAccentsAndElisionsAreReadLikeTheLists() {
    // upper case, decomposed accents (NFD) and typographic apostrophes
    String text =
        "LE GOUVERNEMENT A DE\u0301CLARE\u0301 QU\u2019IL AGIRA DANS LES PROCHAINS JOURS AVEC "
            + "L\u2019ENSEMBLE DES PARTENAIRES.";
    assertThat(WORDS.detect(text).map(Detection::code)).contains("fr");
    // an English possessive is not a French elision
    assertThat(WORDS.detect("Thailand's, Malaysia's and Indonesia's d'")).isEmpty();
  }

  @Test
  void decisionRuleThresholds() {
    int en = WordProfileDetector.LANGUAGES.indexOf("en");
    int fr = WordProfileDetector.LANGUAGES.indexOf("fr");
    int id = WordProfileDetector.LANGUAGES.indexOf("id");
    int ms = WordProfileDetector.LANGUAGES.indexOf("ms");
    int[] hits = new int[WordProfileDetector.LANGUAGES.size()];
    int[] noMarkers = {0, 0};
    hits[en] = WordProfileDetector.MIN_HITS - 1;
    assertThat(WordProfileDetector.decide(hits, noMarkers)).as("too few hits").isEqualTo(-1);
    hits[en] = WordProfileDetector.MIN_HITS;
    assertThat(WordProfileDetector.decide(hits, noMarkers)).isEqualTo(en);
    hits[en] = 10;
    hits[fr] = 6;
    assertThat(WordProfileDetector.decide(hits, noMarkers)).as("runner-up too close").isEqualTo(-1);
    hits[fr] = 5;
    assertThat(WordProfileDetector.decide(hits, noMarkers)).isEqualTo(en);

    int[] pair = new int[WordProfileDetector.LANGUAGES.size()];
    pair[id] = 12;
    pair[ms] = 10;
    assertThat(WordProfileDetector.decide(pair, new int[] {2, 0})).isEqualTo(id);
    pair[id] = 10;
    pair[ms] = 12;
    assertThat(WordProfileDetector.decide(pair, new int[] {0, 2})).isEqualTo(ms);
    assertThat(WordProfileDetector.decide(pair, new int[] {1, 3})).isEqualTo(ms);
    assertThat(WordProfileDetector.decide(pair, new int[] {0, 1})).as("one marker").isEqualTo(-1);
    assertThat(WordProfileDetector.decide(pair, new int[] {1, 2}))
        .as("markers both ways")
        .isEqualTo(-1);
    pair[en] = 7;
    assertThat(WordProfileDetector.decide(pair, new int[] {0, 2}))
        .as("pair not clearly ahead")
        .isEqualTo(-1);
  }

  @Test
  void everyLanguageHasSixtyToOneHundredFiftyWords() {
    for (String lang : WordProfileDetector.LANGUAGES) {
      assertThat(WORDS.wordCount(lang)).as(lang).isBetween(60, 150);
    }
    assertThat(WORDS.wordCount("th")).isZero();
  }

  @Test
  void malformedListsAreRefusedWithTheirLine() {
    assertThatThrownBy(() -> WordProfileDetector.parse("t.tsv", List.of("# c", "xx\tfoo bar")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("t.tsv:2")
        .hasMessageContaining("xx");
    assertThatThrownBy(() -> WordProfileDetector.parse("t.tsv", List.of("en\tThe")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("The");
    assertThatThrownBy(() -> WordProfileDetector.parse("t.tsv", List.of("en\tdon't")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("don't");
    assertThatThrownBy(() -> WordProfileDetector.parse("t.tsv", List.of("en the of")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("column");
    assertThatThrownBy(() -> WordProfileDetector.parse("t.tsv", List.of("# only comments")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> WordProfileDetector.load("language/missing.tsv"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("missing.tsv");
  }

  @Test
  void aWordOnSeveralLinesCountsForAllTheirLanguages() {
    WordProfileDetector small =
        WordProfileDetector.parse("t.tsv", List.of("en\tzork", "de\tzork", "fr\tblip"));
    assertThat(small.wordCount("en")).isEqualTo(1);
    assertThat(small.wordCount("de")).isEqualTo(1);
    Optional<Detection> tie = small.detect("zork zork zork zork zork");
    assertThat(tie).as("counts for en and de alike").isEmpty();
    assertThat(small.detect("blip blip blip blip zork").map(Detection::code)).contains("fr");
  }
}
