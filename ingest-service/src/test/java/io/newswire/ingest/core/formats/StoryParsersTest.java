package io.newswire.ingest.core.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoryParsersTest {
  final StoryParsers parsers = new StoryParsers();

  static byte[] resource(String name) {
    try (InputStream in = StoryParsersTest.class.getResourceAsStream("/formats/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  StoryParsers.Parsed parse(String contentType, byte[] payload) throws InvalidSubmissionException {
    return parsers.parse(contentType, payload, Map.of());
  }

  @Test
  void ninjs2WithLowerCaseNamesHtmlBodyAndAUriId() throws Exception {
    var p = parse("application/ninjs+json", resource("ninjs2.json"));
    assertThat(p.format()).isEqualTo(InputFormat.NINJS);
    StorySubmission s = p.submission();
    assertThat(s.agencyStoryId()).isEqualTo("vna.example:2026:11:27:asean-digital-001");
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.headline()).isEqualTo("ASEAN ministers adopt roadmap on digital economy");
    assertThat(s.body())
        .isEqualTo(
            "HANOI, Nov. 27 (VNA) \u2013 Digital ministers of ASEAN adopted a roadmap.\n"
                + "The plan covers AI and data.");
    assertThat(s.firstCreated()).isEqualTo("2026-11-27T09:30+07:00");
    assertThat(s.versionCreated()).isEqualTo("2026-11-27T10:15:00+07:00");
    assertThat(s.byline()).isEqualTo("Lan Anh");
    assertThat(s.slugline()).isEqualTo("ASEAN-DIGITAL");
    assertThat(s.dateline()).isEqualTo("Hanoi");
    assertThat(s.language()).isEqualTo("en");
    assertThat(s.subjects()).containsExactly("http://cv.iptc.org/newscodes/mediatopic/20000763");
    assertThat(s.canceled()).isFalse();
  }

  @Test
  void ninjs3WithCamelCaseNamesAndACancel() throws Exception {
    StorySubmission s =
        parse("application/vnd.iptc.ninjs+json; charset=utf-8", resource("ninjs3.json"))
            .submission();
    assertThat(s.agencyStoryId()).isEqualTo("urn:vna:2026:asean-digital-002");
    assertThat(s.version()).isEqualTo(3);
    assertThat(s.canceled()).isTrue();
    assertThat(s.language()).isEqualTo("vi");
    assertThat(s.headline()).isEqualTo("Bộ trưởng số ASEAN thông qua lộ trình");
    assertThat(s.body()).isEqualTo("HÀ NỘI (TTXVN) - Bài viết đã bị rút.");
    assertThat(s.versionCreated()).isEqualTo("2026-11-27T11:00:00+07:00");
  }

  @Test
  void ninjsNeedsUriAndBodyAndAReadableVersion() throws Exception {
    assertRefused(
        "application/ninjs+json",
        "{\"version\":\"1\",\"body_text\":\"b\"}",
        "uri",
        "uri is required");
    assertRefused(
        "application/ninjs+json",
        "{\"uri\":\"a\",\"version\":\"v2\",\"body_text\":\"b\"}",
        "version",
        "whole number");
    assertRefused(
        "application/ninjs+json", "{\"uri\":\"a\",\"version\":1}", "bodies", "needs a body");
    assertRefused(
        "application/ninjs+json",
        "{\"uri\":\"a\",\"version\":1,\"bodies\":{}}",
        "bodies",
        "an array");
    assertThat(
            assertDoesNotRefuse(
                    "{\"uri\":\"a\",\"version\":1,\"body_text\":\"b\",\"pubstatus\":\"x\"}")
                .warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.field()).isEqualTo("pubStatus");
              assertThat(w.detail()).contains("usable, withheld or canceled");
            });
  }

  private StorySubmission assertDoesNotRefuse(String ninjs) throws InvalidSubmissionException {
    return parse("application/ninjs+json", utf8(ninjs)).submission();
  }

  @Test
  void newsMlG2NewsItem() throws Exception {
    var p = parse("application/vnd.iptc.g2.newsitem+xml", resource("newsml-g2.xml"));
    assertThat(p.format()).isEqualTo(InputFormat.NEWSML_G2);
    StorySubmission s = p.submission();
    assertThat(s.agencyStoryId()).isEqualTo("urn:newsml:vna.vn:20261127:asean-003");
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.headline()).isEqualTo("ASEAN ministers adopt roadmap on digital economy");
    assertThat(s.slugline()).isEqualTo("ASEAN-DIGITAL");
    assertThat(s.dateline()).isEqualTo("HANOI, Nov. 27");
    assertThat(s.byline()).isEqualTo("Lan Anh");
    assertThat(s.language()).isEqualTo("en");
    assertThat(s.subjects()).containsExactly("medtop:20000763", "iso3166-1a2:VN");
    assertThat(s.claimedAgency()).isEqualTo("vna");
    assertThat(s.firstCreated()).isEqualTo("2026-11-27T09:30:00+07:00");
    assertThat(s.body())
        .isEqualTo(
            "HANOI, Nov. 27 (VNA) - Digital ministers of ASEAN adopted a roadmap.\n"
                + "The plan covers AI & data.");
    assertThat(s.canceled()).isFalse();
  }

  @Test
  void newsMlG2CancelAndSniffingByRootElement() throws Exception {
    String xml =
        new String(resource("newsml-g2.xml"), StandardCharsets.UTF_8)
            .replace("stat:usable", "stat:canceled");
    var p = parse("application/xml", utf8(xml));
    assertThat(p.format()).isEqualTo(InputFormat.NEWSML_G2);
    assertThat(p.submission().canceled()).isTrue();
  }

  @Test
  void nitfWithADoctypeThatIsNeverLoaded() throws Exception {
    var p = parse("application/nitf+xml", resource("nitf.xml"));
    assertThat(p.format()).isEqualTo(InputFormat.NITF);
    StorySubmission s = p.submission();
    assertThat(s.agencyStoryId()).isEqualTo("VOV-2026-1127-004");
    assertThat(s.version()).isEqualTo(3);
    assertThat(s.headline())
        .isEqualTo("Les ministres de l'ASEAN adoptent une feuille de route numérique");
    assertThat(s.byline()).isEqualTo("Par Minh Chau");
    assertThat(s.dateline()).isEqualTo("HANOÏ, 27 nov.");
    assertThat(s.slugline()).isEqualTo("ASEAN-NUMERIQUE");
    assertThat(s.language()).isEqualTo("fr");
    assertThat(s.firstCreated()).isEqualTo("2026-11-27T09:30+07:00");
    assertThat(s.subjects()).containsExactly("04000000");
    assertThat(s.body())
        .isEqualTo(
            "HANOÏ, 27 nov. (VOV) - Les ministres du numérique ont adopté une feuille de "
                + "route.\nElle couvre l'IA et les données.");
    assertThat(parse("text/xml", resource("nitf.xml")).format()).isEqualTo(InputFormat.NITF);
  }

  @Test
  void xmlCharsetFromTheProlog() throws Exception {
    StorySubmission latin1 = parse("application/xml", resource("newsml-latin1.xml")).submission();
    assertThat(latin1.headline()).isEqualTo("Hanoïe numérique");
    assertThat(latin1.body()).isEqualTo("Le numérique à Hanoï.");
    StorySubmission cp1252 =
        parse("application/nitf+xml", resource("nitf-cp1252.xml")).submission();
    assertThat(cp1252.body()).isEqualTo("\u201cIA\u201d \u2013 données");
  }

  @Test
  void xmlDeclaredUtf8WithLatin1BytesIsRefusedNotMangled() {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><nitf><head><docdata><doc-id id-string=\"a\"/>"
            + "</docdata></head><body><body.content><p>Hanoï</p></body.content></body></nitf>";
    assertThatThrownBy(() -> parse("application/xml", xml.getBytes(StandardCharsets.ISO_8859_1)))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(InvalidSubmissionException.Kind.INVALID);
              assertThat(e.getMessage()).contains("not valid UTF-8");
            });
  }

  @Test
  void unsupportedCharsetsAndFormatsAreTheirOwnKind() {
    assertThatThrownBy(
            () ->
                parse(
                    "application/xml",
                    utf8("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><nitf/>")))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(InvalidSubmissionException.Kind.UNSUPPORTED_CHARSET);
              assertThat(e.field()).isEqualTo("encoding");
            });
    assertThatThrownBy(() -> parse("application/xml", utf8("<rss version=\"2.0\"/>")))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class,
            e ->
                assertThat(e.kind()).isEqualTo(InvalidSubmissionException.Kind.UNSUPPORTED_FORMAT));
    assertThatThrownBy(() -> parse("application/pdf", utf8("%PDF")))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class,
            e ->
                assertThat(e.kind()).isEqualTo(InvalidSubmissionException.Kind.UNSUPPORTED_FORMAT));
  }

  @Test
  void externalEntitiesAreRefusedAndNeverRead(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE newsItem [<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]>"
            + "<newsItem guid=\"x\" version=\"1\"><contentSet><inlineData>&xxe;</inlineData></contentSet></newsItem>";
    assertThatThrownBy(() -> parse("application/xml", utf8(xxe)))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(InvalidSubmissionException.Kind.INVALID);
              assertThat(e.getMessage()).doesNotContain("TOP-SECRET").containsIgnoringCase("entit");
            });
  }

  @Test
  void entityExpansionBombsAreRefused() {
    StringBuilder b =
        new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for (int i = 1; i <= 9; i++) {
      b.append("<!ENTITY lol").append(i).append(" \"");
      for (int j = 0; j < 10; j++) {
        b.append("&lol").append(i == 1 ? "" : Integer.toString(i - 1)).append(';');
      }
      b.append("\">");
    }
    b.append("]><nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>");
    assertThatThrownBy(() -> parse("application/nitf+xml", utf8(b.toString())))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class,
            e -> {
              assertThat(e.field()).isEqualTo("DOCTYPE");
              assertThat(e.getMessage()).contains("entit");
            });
  }

  @Test
  void anXmlFormatRefusesAnotherRootElementNamingIt() {
    assertRefused(
        "application/nitf+xml",
        "<html><body/></html>",
        "html",
        "an NITF document must have nitf as its root element, got <html>");
    assertRefused(
        "application/vnd.iptc.g2.newsitem+xml",
        "<nitf><body/></nitf>",
        "nitf",
        "a NewsML-G2 document must have newsItem as its root element, got <nitf>");
  }

  @Test
  void malformedXmlSaysWhichLine() {
    assertThatThrownBy(() -> parse("application/nitf+xml", utf8("<nitf>\n<head>\n</nitf>")))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.getMessage()).contains("line 3");
            });
  }

  @Test
  void htmlBecomesTextWithItsParagraphs() {
    assertThat(
            HtmlText.toText(
                "<div><h1>Title</h1><p>One &amp;  two<br>three</p><ul><li>a</li><li>b</li></ul>"
                    + "<!-- c --><style>p{}</style></div>"))
        .isEqualTo("Title\nOne & two three\na\nb");
    assertThat(HtmlText.toText("<div>one<br>two</div>")).isEqualTo("one\ntwo");
    assertThat(HtmlText.toText("")).isEmpty();
  }

  private void assertRefused(String contentType, String body, String field, String detail) {
    assertThatThrownBy(() -> parse(contentType, utf8(body)))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.getMessage()).contains(detail);
            });
  }

  static final List<String> TYPES =
      List.of(
          "application/ninjs+json",
          "application/vnd.iptc.g2.newsitem+xml",
          "application/nitf+xml",
          "application/xml",
          "application/json",
          "text/plain");

  /**
   * Whatever arrives, in whatever format, the parsers answer with a submission or their documented
   * refusal.
   */
  @Property(tries = 3000)
  void neverThrowAnythingButTheDocumentedRefusal(
      @ForAll("documents") byte[] payload, @ForAll("contentTypes") String contentType) {
    try {
      var p = parsers.parse(contentType, payload, Map.of("storyId", "s-1", "version", "1"));
      assertThat(p.submission().body()).isNotBlank();
      assertThat(p.submission().version()).isPositive();
    } catch (InvalidSubmissionException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of(TYPES)
        .flatMap(
            t ->
                Arbitraries.of(
                    t,
                    t + "; charset=utf-8",
                    t + "; charset=windows-1252",
                    t + "; charset=iso-8859-1"));
  }

  @Provide
  Arbitrary<byte[]> documents() {
    List<byte[]> seeds =
        List.of(
            resource("ninjs2.json"),
            resource("ninjs3.json"),
            resource("newsml-g2.xml"),
            resource("nitf.xml"),
            resource("newsml-latin1.xml"),
            resource("nitf-cp1252.xml"));
    Arbitrary<byte[]> mutated =
        Arbitraries.of(seeds)
            .flatMap(
                seed ->
                    Arbitraries.integers()
                        .between(0, seed.length - 1)
                        .list()
                        .ofMaxSize(8)
                        .flatMap(
                            positions ->
                                Arbitraries.bytes()
                                    .list()
                                    .ofSize(positions.size())
                                    .map(
                                        bytes -> {
                                          byte[] b = seed.clone();
                                          for (int i = 0; i < positions.size(); i++) {
                                            b[positions.get(i)] = bytes.get(i);
                                          }
                                          return b;
                                        })));
    Arbitrary<byte[]> truncated =
        Arbitraries.of(seeds)
            .flatMap(
                seed ->
                    Arbitraries.integers()
                        .between(0, seed.length)
                        .map(n -> java.util.Arrays.copyOf(seed, n)));
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> markup =
        Arbitraries.strings()
            .withChars("<>/=\"'?!&;[]{}:, abcdefghijklmnopqrstuvwxyz0123456789")
            .ofMaxLength(200)
            .map(StoryParsersTest::utf8);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, mutated),
        net.jqwik.api.Tuple.of(2, truncated),
        net.jqwik.api.Tuple.of(1, random),
        net.jqwik.api.Tuple.of(2, markup));
  }

  @Test
  void xmlBeyondTheParsersStructuralLimitsIsRefusedWithThatReason() {
    String deep =
        "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">"
            + "<d>".repeat(SecureXml.MAX_DEPTH + 5)
            + "</d>".repeat(SecureXml.MAX_DEPTH + 5)
            + "</newsItem>";
    assertThatThrownBy(() -> parse("application/xml", deep.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(InvalidSubmissionException.Kind.INVALID);
              assertThat(e.getMessage())
                  .contains("nested more than 100 elements deep")
                  .doesNotContain("entit");
              assertThat(e.field()).isNull();
            });
    StringBuilder attributes =
        new StringBuilder("<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\"");
    for (int i = 0; i < 10_001; i++) {
      attributes.append(" a").append(i).append("=\"1\"");
    }
    String flood = attributes.append("/>").toString();
    assertThatThrownBy(() -> parse("application/xml", flood.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class,
            e -> assertThat(e.getMessage()).contains("more than 10,000 attributes"));
  }
}
