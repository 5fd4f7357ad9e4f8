package io.newswire.ingest.core.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.formats.InputFormat;
import io.newswire.ingest.core.formats.SecureXml;
import io.newswire.ingest.core.receipts.ReceiptBook;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedParserTest {
  final FeedParser parser = new FeedParser();

  static final String RSS =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
           xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel>
          <title>VNA English</title><link>https://vna.example/</link><description>News</description>
          <language>en</language>
          <item>
            <title>ASEAN ministers adopt roadmap</title>
            <link>https://vna.example/2026/11/27/roadmap</link>
            <guid isPermaLink="true">https://vna.example/2026/11/27/roadmap</guid>
            <pubDate>Fri, 27 Nov 2026 09:30:00 +0700</pubDate>
            <dc:creator>Lan Anh</dc:creator>
            <description>&lt;p&gt;HANOI &amp;ndash; Digital ministers   adopted a roadmap.&lt;/p&gt;&lt;p&gt;The plan covers AI.&lt;/p&gt;</description>
          </item>
          <item>
            <title>No guid here</title>
            <link>https://vna.example/2026/11/27/no-guid</link>
            <pubDate>Fri, 27 Nov 2026 10:00:00 +0700</pubDate>
            <description><![CDATA[<p>First</p><p>Second <b>bold</b><script>alert(1)</script></p>]]></description>
          </item>
          <item>
            <guid isPermaLink="false">VNA-2026-1127-003</guid>
            <title>Content encoded</title>
            <description>A short teaser.</description>
            <content:encoded><![CDATA[<p>Full one.</p><div>Full two.<br>Line three.</div>]]></content:encoded>
          </item>
        </channel>
      </rss>
      """;

  static final String ATOM =
      """
      <?xml version="1.0" encoding="utf-8"?>
      <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
        <title>VOV</title><id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
        <updated>2026-11-27T10:00:00+07:00</updated>
        <entry>
          <title type="html">Les ministres &lt;em&gt;ASEAN&lt;/em&gt; adoptent une feuille de route</title>
          <id>urn:vov:2026:story-1</id>
          <link href="https://vov.example/fr/story-1"/>
          <published>2026-11-27T09:30:00+07:00</published>
          <updated>2026-11-27T10:15:00+07:00</updated>
          <author><name>Minh</name></author>
          <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Paragraphe un.</p><p>Paragraphe <b>deux</b>.</p></div></content>
        </entry>
        <entry xml:lang="vi">
          <title>Tin ngắn</title>
          <id>tag:vov.example,2026:story-2</id>
          <updated>2026-11-27T11:00:00Z</updated>
          <summary type="text">Dòng một
      Dòng   hai &lt;b&gt; giữ nguyên</summary>
        </entry>
      </feed>
      """;

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  FeedParser.Feed parse(String doc) throws InvalidSubmissionException {
    return parser.parse(utf8(doc), null);
  }

  @Test
  void rss2ItemsBecomeSubmissions() throws Exception {
    FeedParser.Feed feed = parse(RSS);
    assertThat(feed.format()).isEqualTo(InputFormat.RSS);
    assertThat(feed.skipped()).isEmpty();
    assertThat(feed.items()).hasSize(3);

    StorySubmission first = feed.items().get(0).submission();
    assertThat(first.agencyStoryId()).isEqualTo("vna.example:2026:11:27:roadmap");
    assertThat(first.version()).isEqualTo(1);
    assertThat(first.headline()).isEqualTo("ASEAN ministers adopt roadmap");
    assertThat(first.body())
        .isEqualTo("HANOI \u2013 Digital ministers adopted a roadmap.\nThe plan covers AI.");
    assertThat(first.language()).isEqualTo("en");
    assertThat(first.firstCreated()).isEqualTo("2026-11-27T02:30:00Z");
    assertThat(first.versionCreated()).isNull();
    assertThat(first.byline()).isEqualTo("Lan Anh");

    StorySubmission third = feed.items().get(2).submission();
    assertThat(third.agencyStoryId()).isEqualTo("VNA-2026-1127-003");
    assertThat(third.body())
        .as("content:encoded wins over the description")
        .isEqualTo("Full one.\nFull two.\nLine three.");
    assertThat(third.firstCreated()).isNull();
  }

  @Test
  void theKeptPayloadIsTheItemsOwnXml() throws Exception {
    FeedParser.Item item = parse(RSS).items().get(0);
    assertThat(item.contentType()).isEqualTo("application/rss+xml; charset=utf-8");
    String xml = new String(item.payload(), StandardCharsets.UTF_8);
    assertThat(xml)
        .startsWith("<item>")
        .endsWith("</item>")
        .contains("<guid isPermaLink=\"true\">")
        .contains("xmlns:dc=\"http://purl.org/dc/elements/1.1/\"")
        .doesNotContain("<channel>");
    assertThat(SecureXml.parse(item.payload(), "utf-8").getDocumentElement().getLocalName())
        .isEqualTo("item");

    FeedParser.Item entry = parse(ATOM).items().get(0);
    String atom = new String(entry.payload(), StandardCharsets.UTF_8);
    assertThat(entry.contentType()).isEqualTo("application/atom+xml; charset=utf-8");
    assertThat(atom)
        .startsWith("<entry xmlns=\"http://www.w3.org/2005/Atom\"")
        .contains("urn:vov:2026:story-1")
        .doesNotContain("story-2");
  }

  @Test
  void atomEntriesBecomeSubmissions() throws Exception {
    FeedParser.Feed feed = parse(ATOM);
    assertThat(feed.format()).isEqualTo(InputFormat.ATOM);
    assertThat(feed.items()).hasSize(2);

    StorySubmission one = feed.items().get(0).submission();
    assertThat(one.agencyStoryId()).isEqualTo("urn:vov:2026:story-1");
    assertThat(one.headline()).isEqualTo("Les ministres ASEAN adoptent une feuille de route");
    assertThat(one.body()).isEqualTo("Paragraphe un.\nParagraphe deux.");
    assertThat(one.language()).as("the feed's xml:lang").isEqualTo("fr");
    assertThat(one.firstCreated()).isEqualTo("2026-11-27T02:30:00Z");
    assertThat(one.versionCreated()).isEqualTo("2026-11-27T03:15:00Z");
    assertThat(one.byline()).isEqualTo("Minh");

    StorySubmission two = feed.items().get(1).submission();
    assertThat(two.language()).as("the entry's own xml:lang").isEqualTo("vi");
    assertThat(two.body())
        .as("declared plain text is not read as HTML")
        .isEqualTo("Dòng một\nDòng hai <b> giữ nguyên");
    assertThat(two.agencyStoryId())
        .as("a tag: id is not a story id: its hash is")
        .matches("guid-[0-9a-f]{40}");
    assertThat(two.firstCreated()).isEqualTo("2026-11-27T11:00:00Z");
  }

  @Test
  void itemsWithoutAGuidGetADeterministicId() throws Exception {
    String id = parse(RSS).items().get(1).submission().agencyStoryId();
    assertThat(id).matches("item-[0-9a-f]{40}");
    assertThat(parse(RSS).items().get(1).submission().agencyStoryId())
        .as("stable across parses")
        .isEqualTo(id);
    assertThat(
            parse(RSS.replace("<description>A short teaser.</description>", ""))
                .items()
                .get(1)
                .submission()
                .agencyStoryId())
        .as("other items do not matter")
        .isEqualTo(id);
    assertThat(
            parse(RSS.replace("No guid here", "No guid here, edited"))
                .items()
                .get(1)
                .submission()
                .agencyStoryId())
        .as("the title is part of it")
        .isNotEqualTo(id);
    assertThat(
            FeedParser.deterministicId(
                "https://vna.example/2026/11/27/no-guid", "No guid here", "2026-11-27T03:00:00Z"))
        .isEqualTo(id);
  }

  @Test
  void htmlDescriptionsBecomeCleanTextWithParagraphs() throws Exception {
    StorySubmission s = parse(RSS).items().get(1).submission();
    assertThat(s.body()).isEqualTo("First\nSecond bold");
  }

  @Test
  void anItemWithNothingToIdentifyItIsSkippedAndTheOthersKept() throws Exception {
    FeedParser.Feed feed =
        parse(
            RSS.replace(
                "<item>\n      <guid isPermaLink=\"false\">VNA-2026-1127-003</guid>"
                    + "\n      <title>Content encoded</title>",
                "<item>"));
    assertThat(feed.items()).hasSize(2);
    assertThat(feed.skipped())
        .singleElement()
        .satisfies(
            sk -> {
              assertThat(sk.index()).isEqualTo(2);
              assertThat(sk.field()).isEqualTo("guid");
            });
  }

  @Test
  void aTitleOnlyItemHasItsTitleAsBody() throws Exception {
    FeedParser.Feed feed =
        parse(
            "<rss version=\"2.0\"><channel><title>t</title><item><title>Flash: quake</title>"
                + "<guid>flash-1</guid></item></channel></rss>");
    assertThat(feed.items().get(0).submission().body()).isEqualTo("Flash: quake");
    assertThat(feed.items().get(0).submission().language()).isNull();
  }

  @Test
  void charsetFromTheProlog() throws Exception {
    String latin =
        RSS.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
            .replace("ASEAN ministers adopt roadmap", "Café à Hanoï");
    FeedParser.Feed feed = parser.parse(latin.getBytes(StandardCharsets.ISO_8859_1), null);
    assertThat(feed.items().get(0).submission().headline()).isEqualTo("Café à Hanoï");

    Charset cp1252 = Charset.forName("windows-1252");
    String win =
        RSS.replace("encoding=\"UTF-8\"", "encoding=\"windows-1252\"")
            .replace(
                "ASEAN ministers adopt roadmap", "\u201cAI\u201d costs 5\u20ac \u2014 ministers");
    byte[] bytes = win.getBytes(cp1252);
    assertThat(bytes).contains((byte) 0x93, (byte) 0x80);
    assertThat(parser.parse(bytes, null).items().get(0).submission().headline())
        .isEqualTo("\u201cAI\u201d costs 5\u20ac \u2014 ministers");

    // the HTTP Content-Type charset wins over the prolog (RFC 7303), as for pushed XML
    assertThat(
            parser
                .parse(latin.getBytes(StandardCharsets.ISO_8859_1), "latin1")
                .items()
                .get(0)
                .submission()
                .headline())
        .isEqualTo("Café à Hanoï");
  }

  @Test
  void bytesInvalidForTheCharsetAndOtherCharsetsAreRefused() {
    String latin = RSS.replace("ASEAN ministers adopt roadmap", "Café");
    assertThatThrownBy(() -> parser.parse(latin.getBytes(StandardCharsets.ISO_8859_1), null))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class, e -> assertThat(e.field()).isEqualTo("body"));
    assertThatThrownBy(() -> parser.parse(utf8(RSS.replace("UTF-8", "UTF-16")), null))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class,
            e ->
                assertThat(e.kind())
                    .isEqualTo(InvalidSubmissionException.Kind.UNSUPPORTED_CHARSET));
  }

  @Test
  void externalEntitiesAreRefusedAndNeverRead(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    String xxe =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]>\n"
            + "<rss version=\"2.0\"><channel><title>t</title><item><guid>x1</guid><title>&xxe;</title>"
            + "<description>&xxe;</description></item></channel></rss>";
    assertThatThrownBy(() -> parse(xxe))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class,
            e -> {
              assertThat(e.field()).isEqualTo("DOCTYPE");
              assertThat(e.getMessage()).doesNotContain("TOP-SECRET");
            });
  }

  @Test
  void everyDoctypeIsRefusedIncludingEntityBombsAndExternalDtds() {
    String laughs =
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;"
            + "&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><rss version=\"2.0\"><channel>"
            + "<title>&c;</title></channel></rss>";
    String externalDtd =
        "<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"http://127.0.0.1:9/rss.dtd\">"
            + "<rss version=\"2.0\"><channel><title>t</title></channel></rss>";
    for (String doc : List.of(laughs, externalDtd)) {
      assertThatThrownBy(() -> parse(doc))
          .isInstanceOfSatisfying(
              InvalidSubmissionException.class, e -> assertThat(e.field()).isEqualTo("DOCTYPE"));
    }
  }

  @Test
  void notAFeedIsTheDocumentedRefusal() {
    for (String doc :
        List.of(
            "",
            "not xml",
            "<html><body>hi</body></html>",
            "<rss version=\"2.0\"><channel>",
            "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\"/>")) {
      assertThatThrownBy(() -> parse(doc)).as(doc).isInstanceOf(InvalidSubmissionException.class);
    }
  }

  @Test
  void seenItemsAreNotWrittenAgainAndEditedItemsBecomeNewVersions() throws Exception {
    ReceiptBook book = new ReceiptBook();
    StorySubmission item = parse(RSS).items().get(0).submission();
    String urn = "urn:newswire:vna:" + item.agencyStoryId();
    StorySubmission v1 = SeenItems.toWrite(book, urn, item).orElseThrow();
    assertThat(v1.version()).isEqualTo(1);
    book.record(new ReceiptBook.Receipt(urn, 1, "i1", v1.content().hash(), 0));

    assertThat(SeenItems.toWrite(book, urn, parse(RSS).items().get(0).submission())).isEmpty();

    StorySubmission edited =
        parse(RSS.replace("The plan covers AI.", "The plan covers AI and data."))
            .items()
            .get(0)
            .submission();
    StorySubmission v2 = SeenItems.toWrite(book, urn, edited).orElseThrow();
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.body()).endsWith("AI and data.");
    book.record(new ReceiptBook.Receipt(urn, 2, "i2", v2.content().hash(), 0));
    assertThat(SeenItems.toWrite(book, urn, edited)).isEmpty();
  }
}
