package io.newswire.enrich.core.language;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.core.corpus.CorpusSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageDetectorTest {

  /** Shares the models loaded by the shared enricher (Lingua keeps loaded models per JVM). */
  private static final LanguageDetector DETECTOR = new LanguageDetector(false);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "km|រាជរដ្ឋាភិបាលកម្ពុជាបានប្រកាសផែនការថ្មីសម្រាប់សេដ្ឋកិច្ចឌីជីថល",
        "lo|ລັດຖະບານລາວໄດ້ປະກາດແຜນການພັດທະນາເສດຖະກິດດິຈິຕອນ",
        "my|မြန်မာနိုင်ငံအစိုးရသည် ဒစ်ဂျစ်တယ်စီးပွားရေး စီမံကိန်းကို ကြေညာခဲ့သည်",
        "th|รัฐบาลไทยประกาศแผนนำปัญญาประดิษฐ์มาใช้ในหน่วยงานภาครัฐ",
        "zh|东盟数字部长会议在河内开幕，与会者讨论了人工智能的发展。",
      })
  void scriptsDecideSpacelessLanguages(String code, String text) {
    Detection d = DETECTOR.detect(text);
    assertThat(d.code()).isEqualTo(code);
    assertThat(d.confidence()).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en|The central bank left its key interest rate unchanged on Wednesday, as expected by most analysts.",
        "fr|Le Premier ministre a réaffirmé la volonté du Vietnam de partager son expérience avec les pays voisins.",
        "de|Die EU-Staaten haben sich auf neue Regeln für den Einsatz von Künstlicher Intelligenz geeinigt.",
        "es|El Gobierno español presentó este martes un plan de digitalización para pequeñas empresas.",
        "vi|Thủ tướng Chính phủ yêu cầu các bộ, ngành đẩy mạnh chuyển đổi số trong năm tới.",
        "id|Pemerintah Indonesia sedang menyusun regulasi nasional tentang kecerdasan buatan yang ditargetkan rampung tahun depan.",
        "ms|Kerajaan juga akan memperluas program latihan kecerdasan buatan untuk pekerja awam sebagai sebahagian daripada agenda pendigitalan negara.",
        "fil|Inilunsad ng pamahalaan ang bagong programa para sa mga magsasaka sa buong bansa ngayong linggo.",
      })
  void linguaDecidesLatinScriptLanguages(String code, String text) {
    Detection d = DETECTOR.detect(text);
    assertThat(d.code()).isEqualTo(code);
    assertThat(d.confidence()).isBetween(0.0, 1.0);
    assertThat(d.scores().values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void longTextIsConfident() {
    String fr = CorpusSupport.read("vov-asean-digital-ministers.fr.txt");
    assertThat(DETECTOR.detect(fr).confidence()).isGreaterThan(0.9);
  }

  @Test
  void declaredLanguageIsKeptAndDisagreementRecorded() {
    String fr = "Le Premier ministre a réaffirmé la volonté du Vietnam de partager son expérience.";
    LanguageResult r = DETECTOR.detect(fr, "en-GB");
    assertThat(r.code()).isEqualTo("en");
    assertThat(r.declared()).isEqualTo("en-GB");
    assertThat(r.disagreesWithDeclared()).isTrue();
    assertThat(r.confidence()).isLessThan(0.5);

    LanguageResult agree = DETECTOR.detect(fr, "fr-FR");
    assertThat(agree.code()).isEqualTo("fr");
    assertThat(agree.disagreesWithDeclared()).isFalse();
    assertThat(agree.confidence()).isGreaterThan(0.5);
  }

  @Test
  void tagalogAndFilipinoAreTheSameLanguage() {
    String fil =
        "Inilunsad ng pamahalaan ang bagong programa para sa mga magsasaka sa buong bansa ngayong linggo.";
    LanguageResult r = DETECTOR.detect(fil, "tl");
    assertThat(r.code()).isEqualTo("fil");
    assertThat(r.disagreesWithDeclared()).isFalse();
  }

  @Test
  void noLettersIsUndetermined() {
    assertThat(DETECTOR.detect("").code()).isEqualTo("und");
    assertThat(DETECTOR.detect("12 345 — !!").code()).isEqualTo("und");
    assertThat(DETECTOR.detect(null).confidence()).isZero();
    LanguageResult r = DETECTOR.detect("", "vi");
    assertThat(r.code()).isEqualTo("vi");
    assertThat(r.disagreesWithDeclared()).isFalse();
  }

  @Test
  void japaneseKanaIsNotTakenForChinese() {
    assertThat(DETECTOR.detect("人工知能についてのニュースです。").code()).isNotEqualTo("zh");
  }

  @Test
  void theFirstSampleIsCutAtASpaceWithinItsLength() {
    String text = "word ".repeat(100);
    String p = LanguageDetector.prefix(text, 250);
    assertThat(p.length()).isLessThanOrEqualTo(250).isGreaterThan(125);
    assertThat(p).doesNotEndWith("wor").endsWith("word");
    assertThat(LanguageDetector.prefix("short", 250)).isEqualTo("short");
    assertThat(LanguageDetector.prefix("x".repeat(600), 250)).hasSize(250);
  }

  @Test
  void aLongStoryIsDecidedLikeItsWholeText() {
    String reference =
        "Le Premier ministre a rappelé que la transformation numérique s'imposait désormais comme "
            + "un puissant moteur de croissance. ".repeat(20);
    assertThat(new LanguageDetector(false).detect(reference).code()).isEqualTo("fr");
  }
}
