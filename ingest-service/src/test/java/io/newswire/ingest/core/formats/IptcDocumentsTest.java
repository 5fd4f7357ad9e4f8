package io.newswire.ingest.core.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.StorySubmission.AltId;
import io.newswire.ingest.core.StorySubmission.Caption;
import io.newswire.ingest.core.StorySubmission.Place;
import io.newswire.ingest.core.StorySubmission.Subject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The defects IPTC's own examples showed (issue #11), each on a small document of our own:
 * comments, content by type, guids and versions, language with its region, NITF captions and
 * bylines, agency subjects and places, lenient optional fields, newsMessage envelopes, items
 * without text.
 */
class IptcDocumentsTest {
  private final StoryParsers parsers = new StoryParsers();

  private StoryParsers.Parsed parse(String contentType, String doc)
      throws InvalidSubmissionException {
    return parsers.parse(contentType, doc.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private StorySubmission story(String contentType, String doc) throws InvalidSubmissionException {
    return parse(contentType, doc).submission();
  }

  private static String g2(String guid, String itemClass, String contentMeta, String contentSet) {
    return "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\""
        + guid
        + "\" version=\"2\""
        + " xml:lang=\"en\"><itemMeta><itemClass qcode=\"ninat:"
        + itemClass
        + "\"/>"
        + "<versionCreated>2026-11-27T10:00:00+07:00</versionCreated><pubStatus qcode=\"stat:usable\"/></itemMeta>"
        + "<contentMeta>"
        + contentMeta
        + "</contentMeta>"
        + contentSet
        + "</newsItem>";
  }

  private static final String NITF_BODY =
      "<nitf xmlns=\"http://iptc.org/std/NITF/2006-10-18/\"><body><body.head>"
          + "<hedline><hl1>Embedded headline</hl1></hedline><byline>By Jane Doe<byttl>Correspondent</byttl></byline>"
          + "<abstract><p>The abstract is not body.</p></abstract></body.head><body.content>"
          + "<p>First paragraph<br/>still the first.</p><!-- an editor's note --><?pi not text?>"
          + "<media media-type=\"image\"><media-reference source=\"x.jpg\"/><media-caption>Ministers in Hanoi."
          + "</media-caption><media-producer>Lai Hoa/VOV</media-producer></media>"
          + "<pre>line one\nline two</pre></body.content></body></nitf>";

  private void assertRefused(
      String contentType,
      String doc,
      InvalidSubmissionException.Kind kind,
      String field,
      String detail) {
    assertThatThrownBy(() -> parse(contentType, doc))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.getMessage()).contains(detail);
            });
  }

  @Test
  void commentsAndProcessingInstructionsAreNeverText() {
    assertRefused(
        "application/xml",
        g2(
            "urn:x:1",
            "text",
            "",
            "<contentSet><inlineXML contenttype=\"application/"
                + "nitf+xml\"><!-- Inline XML must contain well-formed XML --></inlineXML></contentSet>"),
        InvalidSubmissionException.Kind.NO_TEXT,
        "contentSet",
        "no text content: the NITF content holds no text");
    assertRefused(
        "application/xml",
        g2(
            "urn:x:1",
            "text",
            "",
            "<contentSet><inlineXML contenttype=\"application/"
                + "xhtml+xml\"><!-- Story text --><?pi x?></inlineXML></contentSet>"),
        InvalidSubmissionException.Kind.NO_TEXT,
        "contentSet",
        "holds no text");
  }

  @Test
  void anNitfBodyInsideNewsMlG2IsReadByNitfRules() throws Exception {
    StorySubmission s =
        story(
            "application/xml",
            g2(
                "urn:x:2",
                "text",
                "",
                "<contentSet><inlineXML contenttype="
                    + "\"application/nitf+xml\">"
                    + NITF_BODY
                    + "</inlineXML></contentSet>"));
    assertThat(s.body()).isEqualTo("First paragraph still the first.\nline one\nline two");
    assertThat(s.headline()).isEqualTo("Embedded headline");
    assertThat(s.byline()).isEqualTo("Jane Doe");
    assertThat(s.metadata().captions())
        .containsExactly(new Caption("Ministers in Hanoi.", "Lai Hoa/VOV"));
  }

  @Test
  void structuredContentWithoutTextIsRefusedAndATextRenditionIsTaken() throws Exception {
    String sports =
        "<inlineXML contenttype=\"application/sportsml+xml\"><sports-content><team>Rockies</team>"
            + "</sports-content></inlineXML>";
    assertRefused(
        "application/xml",
        g2("urn:x:3", "text", "", "<contentSet>" + sports + "</contentSet>"),
        InvalidSubmissionException.Kind.NO_TEXT,
        "contentSet",
        "SportsML data (application/sportsml+xml) is not text");
    StorySubmission s =
        story(
            "application/xml",
            g2(
                "urn:x:3",
                "text",
                "",
                "<contentSet>"
                    + sports
                    + "<inlineData contenttype=\"text/plain\">The Rockies won.</inlineData></contentSet>"));
    assertThat(s.body()).isEqualTo("The Rockies won.");
  }

  @Test
  void picturesVideosAndPackagesAreRefusedSayingWhatTheyAre() {
    assertRefused(
        "application/xml",
        g2(
            "urn:x:4",
            "picture",
            "",
            "<contentSet><remoteContent href=\"a.jpg\" "
                + "contenttype=\"image/jpeg\"/></contentSet>"),
        InvalidSubmissionException.Kind.NO_TEXT,
        "itemClass",
        "no text content: a picture item");
    assertRefused(
        "application/xml",
        g2("urn:x:4", "video", "", ""),
        InvalidSubmissionException.Kind.NO_TEXT,
        "itemClass",
        "a video item");
    assertRefused(
        "application/ninjs+json",
        "{\"uri\":\"p-1\",\"type\":\"picture\",\"descriptions\":[{\"value\":" + "\"A caption\"}]}",
        InvalidSubmissionException.Kind.NO_TEXT,
        "type",
        "no text content: a picture item");
  }

  @Test
  void anyIriGuidIsAcceptedAsADeterministicIdAndKeptAsAnAltId() throws Exception {
    String guid = "tag:xmlteam.com,2016:xt.5932656-preview";
    StorySubmission s =
        story(
            "application/xml",
            g2(guid, "text", "", "<contentSet><inlineData>Text.</inlineData>" + "</contentSet>"));
    assertThat(s.agencyStoryId())
        .isEqualTo(Formats.hashedId("guid-", guid))
        .matches("guid-[0-9a-f]{40}");
    assertThat(s.metadata().altIds()).containsExactly(new AltId("guid", guid));
    assertThat(
            story(
                    "application/xml",
                    g2(
                        guid,
                        "text",
                        "",
                        "<contentSet><inlineData>Other.</inlineData>" + "</contentSet>"))
                .agencyStoryId())
        .isEqualTo(s.agencyStoryId());
    StorySubmission plain =
        story(
            "application/xml",
            g2("vna-1", "text", "", "<contentSet><inlineData>T" + "</inlineData></contentSet>"));
    assertThat(plain.metadata().altIds()).isEmpty();
    assertRefused(
        "application/xml",
        g2("has space", "text", "", "<contentSet><inlineData>T</inlineData>" + "</contentSet>"),
        InvalidSubmissionException.Kind.INVALID,
        "guid",
        "without spaces");
  }

  @Test
  void ninjsWithoutVersionIsVersion1AndVersion0IsVersion1() throws Exception {
    assertThat(
            story("application/ninjs+json", "{\"uri\":\"a-1\",\"bodies\":[{\"value\":\"b\"}]}")
                .version())
        .isEqualTo(1);
    assertThat(
            story(
                    "application/ninjs+json",
                    "{\"uri\":\"a-1\",\"version\":\"0\",\"body_text\":\"b\"}")
                .version())
        .isEqualTo(1);
    assertThat(
            story("application/ninjs+json", "{\"uri\":\"a-1\",\"version\":0,\"body_text\":\"b\"}")
                .version())
        .isEqualTo(1);
    assertRefused(
        "application/ninjs+json",
        "{\"uri\":\"a-1\",\"version\":\"-1\",\"body_text\":\"b\"}",
        InvalidSubmissionException.Kind.INVALID,
        "version",
        "1 or more");
  }

  @Test
  void ninjsBodiesAreChosenByContentType() throws Exception {
    StorySubmission s =
        story(
            "application/ninjs+json",
            "{\"uri\":\"a-2\",\"bodies\":["
                + "{\"role\":\"nitf\",\"contentType\":\"text/vnd.IPTC.NITF\",\"value\":\"<nitf><body><body.content><p>N</p>"
                + "</body.content></body></nitf>\"},"
                + "{\"role\":\"text\",\"contentType\":\"text/plain\",\"value\":\"Plain text body.\"}]}");
    assertThat(s.body()).isEqualTo("Plain text body.");
    StorySubmission nitfOnly =
        story(
            "application/ninjs+json",
            "{\"uri\":\"a-2\",\"bodies\":[{\"contentType\":"
                + "\"application/nitf+xml\",\"value\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(NITF_BODY)
                + "}]}");
    assertThat(nitfOnly.body())
        .startsWith("First paragraph still the first.")
        .doesNotContain("abstract");
    assertThat(nitfOnly.metadata().captions()).hasSize(1);
    assertRefused(
        "application/ninjs+json",
        "{\"uri\":\"a-2\",\"bodies\":[{\"contentType\":\"application/json\","
            + "\"value\":\"{}\"}]}",
        InvalidSubmissionException.Kind.NO_TEXT,
        "bodies",
        "application/json");
  }

  @Test
  void languagesKeepTheirRegionInEveryFormat() throws Exception {
    String nitf =
        "<nitf baselang=\"nb-NO\"><head><docdata><doc-id id-string=\"ntb-1\"/></docdata></head><body>"
            + "<body.content><p>Tekst.</p></body.content></body></nitf>";
    assertThat(story("application/nitf+xml", nitf).language()).isEqualTo("nb-NO");
    assertThat(
            story(
                    "application/xml",
                    g2(
                        "g-1",
                        "text",
                        "<language tag=\"en-GB\"/>",
                        "<contentSet><inlineData>" + "T</inlineData></contentSet>"))
                .language())
        .isEqualTo("en-GB");
    assertThat(
            story(
                    "application/ninjs+json",
                    "{\"uri\":\"n-1\",\"language\":\"nb-NO\",\"body_text\":\"b\"}")
                .language())
        .isEqualTo("nb-NO");
  }

  @Test
  void nitfMediaAreCaptionsWithCreditsAndBylinesAreNames() throws Exception {
    String nitf =
        "<nitf><head><docdata><doc-id id-string=\"n-2\"/><evloc city=\"Oslo\" iso-cc=\"NOR\"/></docdata>"
            + "<tobject><tobject.subject tobject.subject.refnum=\"07001000\" tobject.subject.matter=\"Sykdom\"/>"
            + "</tobject></head>"
            + NITF_BODY.substring(NITF_BODY.indexOf("<body>"));
    StorySubmission s = story("application/nitf+xml", nitf);
    assertThat(s.body()).doesNotContain("Ministers in Hanoi").doesNotContain("Jane Doe");
    assertThat(s.byline()).isEqualTo("Jane Doe");
    assertThat(s.metadata().captions())
        .containsExactly(new Caption("Ministers in Hanoi.", "Lai Hoa/VOV"));
    assertThat(s.subjects()).containsExactly("07001000");
    assertThat(s.metadata().agencySubjects())
        .containsExactly(new Subject("iptc-subjectcode", "07001000", "Sykdom", null, null));
    assertThat(s.metadata().places()).containsExactly(new Place("Oslo", "NOR", null));
    assertThat(Bylines.clean("sp/lrc")).isNull();
    assertThat(Bylines.clean("editor42")).isNull();
    assertThat(Bylines.clean("BY Jane Doe,")).isEqualTo("Jane Doe");
    assertThat(Bylines.clean("Par Minh Chau")).isEqualTo("Par Minh Chau");
  }

  @Test
  void agencySubjectsAndPlacesKeepSchemeCodeNameAndCreator() throws Exception {
    StorySubmission g =
        story(
            "application/xml",
            g2(
                "g-2",
                "text",
                "<located qcode=\"geo:345678\"><name>Berlin"
                    + "</name></located><subject type=\"cpnat:abstract\" qcode=\"medtop:20000523\" creator=\"nprov:AP\"><name>"
                    + "labour market</name></subject><subject type=\"cpnat:geoArea\" qcode=\"city:Tblisi\"><name>Tbilisi</name>"
                    + "</subject>",
                "<contentSet><inlineData>T</inlineData></contentSet>"));
    assertThat(g.subjects()).containsExactly("medtop:20000523", "city:Tblisi");
    assertThat(g.metadata().agencySubjects())
        .containsExactly(new Subject("medtop", "20000523", "labour market", null, "nprov:AP"));
    assertThat(g.metadata().places())
        .containsExactly(
            new Place("Berlin", "geo:345678", null), new Place("Tbilisi", "city:Tblisi", null));
    assertThat(g.dateline()).isEqualTo("Berlin");
    StorySubmission n =
        story(
            "application/ninjs+json",
            "{\"uri\":\"n-2\",\"body_text\":\"b\",\"subjects\":["
                + "{\"uri\":\"http://cv.iptc.org/newscodes/mediatopic/15000000\",\"name\":\"Sport\"},"
                + "{\"name\":\"Teknologi\",\"literal\":\"13010000\"}],\"places\":[{\"name\":\"Italy\",\"uri\":"
                + "\"http://cvx.iptc.org/iso3166-1a2/it\"}]}");
    assertThat(n.subjects())
        .containsExactly("http://cv.iptc.org/newscodes/mediatopic/15000000", "Teknologi");
    assertThat(n.metadata().agencySubjects())
        .containsExactly(
            new Subject(
                "http://cv.iptc.org/newscodes/mediatopic/",
                "15000000",
                "Sport",
                "http://cv.iptc.org/newscodes/mediatopic/15000000",
                null),
            new Subject(null, "13010000", "Teknologi", null, null));
    assertThat(n.metadata().places())
        .containsExactly(new Place("Italy", null, "http://cvx.iptc.org/iso3166-1a2/it"));
  }

  @Test
  void anUnreadableOptionalFieldIsLeftOutWithAWarning() throws Exception {
    String doc =
        g2(
                "g-3",
                "text",
                "",
                "<contentSet><inlineData>Text goes through.</inlineData></contentSet>")
            .replace("2026-11-27T10:00:00+07:00", "27/11/2026")
            .replace("stat:usable", "stat:embargoed");
    StorySubmission s = story("application/xml", doc);
    assertThat(s.body()).isEqualTo("Text goes through.");
    assertThat(s.versionCreated()).isNull();
    assertThat(s.canceled()).isFalse();
    assertThat(s.warnings())
        .extracting(StorySubmission.Warning::field)
        .containsExactly("versionCreated", "pubStatus");
    assertThat(
            story(
                    "application/ninjs+json",
                    "{\"uri\":\"n-3\",\"body_text\":\"b\",\"language\":\"english!\"}")
                .warnings())
        .extracting(StorySubmission.Warning::field)
        .containsExactly("language");
    // Newswire's own JSON stays strict
    assertThatThrownBy(
            () ->
                parse(
                    "application/json",
                    "{\"agencyStoryId\":\"j\",\"version\":1,\"body\":\"b\","
                        + "\"firstCreated\":\"27/11/2026\"}"))
        .isInstanceOf(InvalidSubmissionException.class);
  }

  @Test
  void aNewsMessageIsReadItemByItem() throws Exception {
    String text =
        g2("m-1", "text", "", "<contentSet><inlineData>Item text.</inlineData></contentSet>")
            .replace(" xmlns=\"http://iptc.org/std/nar/2006-10-01/\"", "");
    String picture =
        g2("m-2", "picture", "", "").replace(" xmlns=\"http://iptc.org/std/nar/2006-10-01/\"", "");
    StoryParsers.Parsed p =
        parse(
            "application/xml",
            "<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\">"
                + "<header><sent>2026-11-27T10:00:00Z</sent></header><itemSet><packageItem guid=\"pkg\"/>"
                + text
                + picture
                + "</itemSet></newsMessage>");
    assertThat(p.submission()).isNull();
    assertThat(p.items()).hasSize(3);
    assertThat(p.items().get(0).refusal().getMessage())
        .contains("no text content: a packageItem (a package");
    assertThat(p.items().get(1).submission().body()).isEqualTo("Item text.");
    assertThat(new String(p.items().get(1).payload(), StandardCharsets.UTF_8))
        .contains("m-1")
        .contains("http://iptc.org/std/nar/2006-10-01/")
        .doesNotContain("m-2");
    assertThat(p.items().get(2).refusal().kind())
        .isEqualTo(InvalidSubmissionException.Kind.NO_TEXT);
    assertThat(p.items().get(2).guid()).isEqualTo("m-2");
  }
}
