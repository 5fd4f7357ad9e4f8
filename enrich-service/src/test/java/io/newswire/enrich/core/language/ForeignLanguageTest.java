package io.newswire.enrich.core.language;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Texts in languages outside the pipeline are {@code und}, never the nearest pipeline language; a
 * declared language is kept with its region. Paragraphs and headlines written for this test.
 */
class ForeignLanguageTest {

  private static final LanguageDetector DETECTOR = new LanguageDetector(false);
  private static final WordProfileDetector WORDS = WordProfileDetector.defaults();

  static final String NORWEGIAN =
      "Regjeringen vil bruke to milliarder kroner på å styrke den digitale beredskapen i "
          + "kommunene, opplyser digitaliseringsministeren. Etter flere alvorlige dataangrep mot norske sykehus og "
          + "skoler det siste året har kravene til sikkerhet blitt skjerpet. Ifølge departementet skal alle kommuner "
          + "ha en egen beredskapsplan innen utgangen av neste år, og de minste kommunene får hjelp fra staten.";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "nb|"
            + "Regjeringen vil bruke to milliarder kroner på å styrke den digitale beredskapen i kommunene, "
            + "opplyser digitaliseringsministeren. Etter flere alvorlige dataangrep mot norske sykehus og "
            + "skoler det siste året har kravene til sikkerhet blitt skjerpet. Ifølge departementet skal alle "
            + "kommuner ha en egen beredskapsplan innen utgangen av neste år.",
        "nn|Regjeringa vil bruke to milliardar kroner på å styrkje den digitale beredskapen i kommunane, seier "
            + "digitaliseringsministeren. Etter fleire alvorlege dataåtak mot norske sjukehus og skular dei "
            + "siste åra har krava til tryggleik vorte skjerpa. Ifølgje departementet skal kvar kommune ha ein "
            + "eigen beredskapsplan innan utgangen av neste år.",
        "da|Regeringen vil bruge to milliarder kroner på at styrke den digitale sikkerhed i kommunerne, oplyser "
            + "digitaliseringsministeren. Efter flere alvorlige cyberangreb mod danske hospitaler og skoler i "
            + "det seneste år er kravene til sikkerhed blevet skærpet. Ifølge ministeriet skal alle kommuner "
            + "have en beredskabsplan inden udgangen af næste år.",
        "sv|Regeringen vill satsa två miljarder kronor på att stärka den digitala beredskapen i kommunerna, säger "
            + "digitaliseringsministern. Efter flera allvarliga dataintrång mot svenska sjukhus och skolor under "
            + "det senaste året har kraven på säkerhet skärpts. Enligt departementet ska alla kommuner ha en "
            + "egen beredskapsplan före utgången av nästa år.",
        "nl|Het kabinet trekt twee miljard euro uit om de digitale weerbaarheid van gemeenten te versterken, zegt "
            + "de staatssecretaris. Na een reeks ernstige cyberaanvallen op Nederlandse ziekenhuizen en scholen "
            + "in het afgelopen jaar worden de eisen aangescherpt. Volgens het ministerie moet elke gemeente "
            + "voor het einde van volgend jaar een eigen noodplan hebben.",
        "it|Il governo stanzierà due miliardi di euro per rafforzare la sicurezza informatica dei comuni, ha "
            + "detto il ministro per l'innovazione. Dopo una serie di gravi attacchi informatici contro ospedali "
            + "e scuole italiane nell'ultimo anno, i requisiti sono stati resi più severi. Secondo il ministero "
            + "ogni comune dovrà avere un proprio piano di emergenza entro la fine del prossimo anno.",
        "pt|O governo vai investir dois mil milhões de euros para reforçar a segurança informática dos municípios, "
            + "afirmou o ministro da Digitalização. Após uma série de ataques graves contra hospitais e escolas "
            + "portuguesas no último ano, as exigências foram reforçadas. Segundo o ministério, cada município "
            + "terá de ter um plano de emergência próprio até ao final do próximo ano.",
      })
  void aForeignParagraphIsUndByItsFunctionWords(String language, String text) {
    Detection byWords =
        WORDS.detect(text).orElseThrow(() -> new AssertionError("undecided: " + language));
    assertThat(byWords.code()).as(language).isEqualTo("und");
    assertThat(byWords.confidence()).as(language).isGreaterThan(0.9);
    assertThat(byWords.scores().values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(DETECTOR.detect(text).code()).as(language).isEqualTo("und");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Regjeringen øker minstelønnen med fem prosent",
        "Flom tvinger tusenvis på flukt fra hjemmene sine",
        "Regeringen hæver mindstelønnen med fem procent",
        "Sundhedsministeren går af efter skandale",
        "Regeringen höjer minimilönen med fem procent",
        "Översvämningar tvingar tusentals från sina hem",
        "Kabinet verhoogt minimumloon met vijf procent",
        "Minister van Volksgezondheid treedt af na schandaal",
        "Il governo aumenta il salario minimo del cinque per cento",
        "Si dimette il ministro della Salute dopo lo scandalo",
        "Governo aumenta o salário mínimo em cinco por cento",
        "Ministro da Saúde demite-se após escândalo",
      })
  void aForeignHeadlineIsUndByLingua(String headline) {
    assertThat(WORDS.detect(headline)).as("too short for the function words").isEmpty();
    Detection d = DETECTOR.detect(headline);
    assertThat(d.code()).isEqualTo("und");
    assertThat(d.confidence()).isGreaterThan(0.5).isEqualTo(d.confidenceOf("und"));
    assertThat(d.scores().keySet()).isSubsetOf(WordProfileDetectorProperties.CODES_WITH_ZH_TH);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en|Government raises minimum wage by five percent",
        "en|Central bank holds rates steady amid inflation worries",
        "fr|Le gouvernement relève le salaire minimum de cinq pour cent",
        "es|Dimite el ministro de Sanidad por el escándalo de las viviendas",
        "de|Gesundheitsminister tritt nach Skandal zurück",
        "id|Pemerintah naikkan upah minimum lima persen",
        "ms|Kerajaan naikkan gaji minimum lima peratus",
        "vi|Chính phủ tăng lương tối thiểu năm phần trăm",
        "fil|Libu-libong residente inilikas dahil sa baha",
      })
  void pipelineHeadlinesAreStillDetected(String code, String headline) {
    assertThat(DETECTOR.detect(headline).code()).isEqualTo(code);
  }

  @Test
  void pipelineParagraphsAreStillDecidedByTheirFunctionWords() {
    String en =
        "The government said on Tuesday that it would raise the minimum wage by five percent next year, "
            + "after months of talks with unions and employers.";
    String fil =
        "Inanunsyo ng pamahalaan noong Martes na itataas nito ang minimum na sahod ng limang porsiyento sa "
            + "susunod na taon, matapos ang ilang buwang pakikipag-usap sa mga unyon.";
    assertThat(WORDS.detect(en).map(Detection::code)).contains("en");
    assertThat(WORDS.detect(fil).map(Detection::code)).contains("fil");
  }

  @Test
  void aDeclaredForeignLanguageIsKeptWithItsRegionAndUndIsNoDisagreement() {
    LanguageResult r = DETECTOR.detect(NORWEGIAN, "nb-NO");
    assertThat(r.tag()).isEqualTo("nb-NO");
    assertThat(r.code()).isEqualTo("nb");
    assertThat(r.declared()).isEqualTo("nb-NO");
    assertThat(r.disagreesWithDeclared()).isFalse();
    assertThat(r.confidence()).as("confidence that it is no pipeline language").isGreaterThan(0.9);

    LanguageResult headline =
        DETECTOR.detect("Regjeringen øker minstelønnen med fem prosent", "nb-no");
    assertThat(headline.tag()).isEqualTo("nb-NO");
    assertThat(headline.disagreesWithDeclared()).isFalse();
  }

  @Test
  void aDeclaredForeignLanguageOverAPipelineTextIsADisagreement() {
    String de =
        "Die Bundesregierung hat am Dienstag eine Erhöhung des Mindestlohns um fünf Prozent zum kommenden "
            + "Jahr beschlossen, sagte der Finanzminister.";
    LanguageResult r = DETECTOR.detect(de, "nb-NO");
    assertThat(r.tag()).isEqualTo("nb-NO");
    assertThat(r.disagreesWithDeclared()).isTrue();
    assertThat(r.confidence()).isLessThan(0.5);
  }

  @Test
  void aDeclaredPipelineLanguageOverAForeignTextIsNoDisagreement() {
    // the detector does not find another language it knows: it cannot say the declaration is wrong
    LanguageResult r = DETECTOR.detect(NORWEGIAN, "de");
    assertThat(r.tag()).isEqualTo("de");
    assertThat(r.disagreesWithDeclared()).isFalse();
    assertThat(r.confidence()).isLessThan(0.5);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "nb-no|nb-NO|nb",
        "en_GB|en-GB|en",
        "EN-gb|en-GB|en",
        " fr-FR |fr-FR|fr",
        "zh-hant-tw|zh-Hant-TW|zh",
        "tl|tl|fil",
        "fil-PH|fil-PH|fil",
        "vi|vi|vi",
        "in|id|id",
      })
  void aDeclaredTagIsNormalisedAndKeptWithItsRegion(String declared, String tag, String code) {
    assertThat(LanguageDetector.normalizeTag(declared)).isEqualTo(tag);
    LanguageResult r = DETECTOR.detect("", declared);
    assertThat(r.tag()).isEqualTo(tag);
    assertThat(r.code()).isEqualTo(code);
    assertThat(r.declared()).isEqualTo(declared);
  }

  @Test
  void undOrNoDeclarationLeavesTheLanguageToTheDetector() {
    String en =
        "The government said on Tuesday that it would raise the minimum wage by five percent next year.";
    assertThat(LanguageDetector.normalizeTag("  ")).isNull();
    assertThat(DETECTOR.detect(en, null).tag()).isEqualTo("en");
    LanguageResult und = DETECTOR.detect(en, "und");
    assertThat(und.tag()).isEqualTo("en");
    assertThat(und.declared()).isEqualTo("und");
    assertThat(und.disagreesWithDeclared()).isFalse();
  }

  @Test
  void tagalogDeclaredOverFilipinoTextAgreesAndKeepsItsTag() {
    String fil =
        "Inilunsad ng pamahalaan ang bagong programa para sa mga magsasaka sa buong bansa ngayong linggo.";
    LanguageResult r = DETECTOR.detect(fil, "tl-PH");
    assertThat(r.tag()).isEqualTo("tl-PH");
    assertThat(r.code()).isEqualTo("fil");
    assertThat(r.disagreesWithDeclared()).isFalse();
  }

  @Test
  void everyForeignLanguageHasSixtyToOneHundredFiftyWords() {
    for (String lang : WordProfileDetector.FOREIGN) {
      assertThat(WORDS.wordCount(lang)).as(lang).isBetween(60, 150);
    }
  }

  @Test
  void foreignLanguagesAreNotEachOthersRivalsButArePipelineLanguagesRivals() {
    int pipeline = WordProfileDetector.LANGUAGES.size();
    int nb = pipeline + WordProfileDetector.FOREIGN.indexOf("x-nb");
    int da = pipeline + WordProfileDetector.FOREIGN.indexOf("x-da");
    int de = WordProfileDetector.LANGUAGES.indexOf("de");
    int[] hits = new int[pipeline + WordProfileDetector.FOREIGN.size()];
    int[] noMarkers = {0, 0};
    hits[nb] = 10;
    hits[da] = 9;
    assertThat(WordProfileDetector.decide(hits, noMarkers))
        .as("Bokmål ahead of Danish: foreign")
        .isEqualTo(nb);
    hits[de] = 6;
    assertThat(WordProfileDetector.decide(hits, noMarkers)).as("German too close").isEqualTo(-1);
    hits[nb] = 0;
    hits[da] = 5;
    hits[de] = 9;
    assertThat(WordProfileDetector.decide(hits, noMarkers))
        .as("Danish keeps German below the margin")
        .isEqualTo(-1);
    hits[da] = 4;
    assertThat(WordProfileDetector.decide(hits, noMarkers)).isEqualTo(de);
  }

  @Test
  void aForeignListCannotBeMistakenForAPipelineLanguage() {
    WordProfileDetector small =
        WordProfileDetector.parse("t.tsv", java.util.List.of("en\tthe", "x-nl\thet"));
    Detection d = small.detect("het het het het the").orElseThrow();
    assertThat(d.code()).isEqualTo("und");
    assertThat(d.scores()).containsOnlyKeys("und", "en");
    assertThat(small.wordCount("x-nl")).isEqualTo(1);
  }
}
