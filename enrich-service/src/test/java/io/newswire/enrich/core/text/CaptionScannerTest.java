package io.newswire.enrich.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * {@link CaptionScanner} finds what the regular expressions it replaced found, on short paragraphs
 * where those are safe to run: they are kept here as the oracle (they backtracked badly on long
 * paragraphs, which is why they went).
 */
class CaptionScannerTest {

  private static final String KEYWORD =
      "(?:Photos?|Ảnh|Fotos?|Bild|Gambar|Larawan|Crédit photo|Photo credit"
          + "|ภาพ|图|圖|照片)(?:\\s+(?:minh\\s+h[oọ][aạ]|ilustrasi|d'illustration|illustration|archive|file|tư\\s+liệu))?";
  private static final Pattern PARENS =
      Pattern.compile(
          "^(?<text>.*?)\\s*[(\\[]\\s*"
              + KEYWORD
              + "\\s*:\\s*(?<credit>[^()\\[\\]|]{1,80}?)\\s*[)\\]]\\s*\\|?$",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern PIPE =
      Pattern.compile(
          "^(?<text>.*?)\\s*(?<![\\p{L}\\p{N}])"
              + KEYWORD
              + "\\s*:\\s*(?<credit>[^|()\\[\\]]{1,80}?)\\s*\\|\\s*(?<rest>.*)$",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern END =
      Pattern.compile(
          "^(?<text>.*?)\\s*(?<![\\p{L}\\p{N}])"
              + KEYWORD
              + "\\s*:\\s*(?<credit>[^|()\\[\\]:!?]{1,60}?)\\s*$",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  @Test
  void theThreeForms() {
    var pipe =
        CaptionScanner.pipe(
            "Ministers pose for a photo. Photo: Lai Hoa/VOV | The meeting opened.", 0);
    assertThat(pipe.credit()).isEqualTo("Lai Hoa/VOV");
    assertThat(
            "Ministers pose for a photo. Photo: Lai Hoa/VOV | The meeting opened."
                .substring(pipe.restStart()))
        .isEqualTo(" The meeting opened.");
    assertThat(CaptionScanner.parens("Delegates at the summit (Photo: VNA)", 0).credit())
        .isEqualTo("VNA");
    assertThat(CaptionScanner.end("Le ministre Nguyen Manh Hung. Ảnh minh họa: VOV", 0).credit())
        .isEqualTo("VOV");
    assertThat(CaptionScanner.pipe("Telephoto: not a caption | x", 0)).isNull();
    assertThat(CaptionScanner.end("The ratio was 3:1", 0)).isNull();
  }

  @Test
  void aLongRunBeforeACaptionIsReadOnce() {
    String run = "- ".repeat(200_000);
    var found = CaptionScanner.pipe(run + "… Photo: AFP | and the story goes on", 0);
    assertThat(found.credit()).isEqualTo("AFP");
    assertThat(CaptionScanner.end(run + "Photo: AFP", 0)).isNotNull();
    assertThat(CaptionScanner.parens(run + "(Photo: AFP)", 0)).isNotNull();
    assertThat(CaptionScanner.pipe(":".repeat(200_000), 0)).isNull();
    assertThat(CaptionScanner.pipe("Photo:".repeat(50_000) + " x", 0)).isNull();
  }

  @Test
  void scansFromAnOffsetAsIfThePrefixWereNotThere() {
    String p = "Minister. Photo: VNA | Delegates at the summit. Photo: Lai Hoa/VOV | More.";
    var second = CaptionScanner.pipe(p, p.indexOf("Delegates"));
    assertThat(second.credit()).isEqualTo("Lai Hoa/VOV");
    assertThat(p.substring(p.indexOf("Delegates"), second.textEnd()))
        .isEqualTo("Delegates at the summit. ");
    assertThat(CaptionScanner.end("xPhoto: VNA", 1).credit()).isEqualTo("VNA");
    assertThat(CaptionScanner.parens("(Photo: VNA)", 1)).isNull();
  }

  @Property(tries = 3000)
  void findsWhatTheRegularExpressionsFound(@ForAll("captionish") String p) {
    Statistics.label("pipe").collect(check(PIPE.matcher(p), CaptionScanner.pipe(p, 0), p));
    Statistics.label("parens").collect(check(PARENS.matcher(p), CaptionScanner.parens(p, 0), p));
    Statistics.label("end").collect(check(END.matcher(p), CaptionScanner.end(p, 0), p));
    // the generator must produce captions of every form, or the comparison would prove little
    Statistics.label("pipe").coverage(c -> c.check(true).percentage(pct -> pct > 5));
    Statistics.label("parens").coverage(c -> c.check(true).percentage(pct -> pct > 1.5));
    Statistics.label("end").coverage(c -> c.check(true).percentage(pct -> pct > 5));
  }

  /** Compares one form; true when the oracle found a caption. */
  private static boolean check(Matcher oracle, CaptionScanner.Found found, String p) {
    if (!oracle.matches() || oracle.group("credit").isBlank()) {
      assertThat(found).as("no caption in «%s»", p).isNull();
      return false;
    }
    assertThat(found).as("a caption in «%s»", p).isNotNull();
    assertThat(found.credit()).isEqualTo(oracle.group("credit").strip());
    assertThat(p.substring(0, found.textEnd()).strip()).isEqualTo(oracle.group("text").strip());
    if (oracle.pattern() == PIPE) {
      assertThat(p.substring(found.restStart()).strip()).isEqualTo(oracle.group("rest").strip());
    }
    return true;
  }

  /**
   * Caption-shaped paragraphs (text, optional bracket, keyword, colon, credit, ending, more text),
   * often broken.
   */
  @Provide
  Arbitrary<String> captionish() {
    Arbitrary<String> words =
        Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10),
                Arbitraries.of(
                    "Photo",
                    "Telephoto",
                    "x",
                    "1",
                    "ASEAN",
                    ":",
                    "|",
                    "(",
                    ")",
                    "-",
                    "…",
                    "3:1",
                    "ภาษา"))
            .list()
            .ofMaxSize(6)
            .map(l -> String.join(" ", l));
    Arbitrary<String> open = Arbitraries.of("", "", " ", " (", "(", " [", "x", "1", "-");
    Arbitrary<String> keyword =
        Arbitraries.of(
            "Photo",
            "photos",
            "PHOTO",
            "Ảnh",
            "ảnh",
            "ẢNH",
            "Foto",
            "Fotos",
            "Bild",
            "Gambar",
            "Larawan",
            "Crédit photo",
            "Photo credit",
            "ภาพ",
            "图",
            "照片",
            "Photo minh họa",
            "Ảnh minh hoa",
            "Foto ilustrasi",
            "Photo d'illustration",
            "Photo archive",
            "Photo  file",
            "Ảnh tư liệu",
            "Phot",
            "credit");
    Arbitrary<String> colon = Arbitraries.of(":", ": ", " : ", " ", ":  ", "::");
    Arbitrary<String> credit =
        Arbitraries.oneOf(
            Arbitraries.of(
                "VOV",
                "Lai Hoa/VOV",
                "AFP",
                "Antara",
                "Reuters",
                "a b c d e f g h i j",
                "VNA.",
                "x. Y",
                "",
                " ",
                "A(B)",
                "A|B",
                "a:b",
                "Wow!",
                "x".repeat(70),
                "y".repeat(85)),
            Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20));
    Arbitrary<String> close =
        Arbitraries.of("", " ", "|", " | ", ")", " )", ") |", ")|", "]", " x", "?");
    Arbitrary<String> rest = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just(""), words);
    return Combinators.combine(words, open, keyword, colon, credit, close, rest)
        .as((w, o, k, c, cr, cl, after) -> w + o + k + c + cr + cl + after);
  }
}
