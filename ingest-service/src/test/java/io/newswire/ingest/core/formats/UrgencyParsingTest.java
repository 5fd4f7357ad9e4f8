package io.newswire.ingest.core.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import io.newswire.testkit.IptcConformance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Urgency (issue 15) in every format: 1 to 9; left out with a warning in IPTC documents when it
 * cannot be read, refused naming the field in Newswire's own JSON and text.
 */
class UrgencyParsingTest {
  private final StoryParsers parsers = new StoryParsers();
  private final SubmissionParser parser = new SubmissionParser();

  private StorySubmission story(String contentType, String doc) throws InvalidSubmissionException {
    return parsers.parse(contentType, doc.getBytes(StandardCharsets.UTF_8), Map.of()).submission();
  }

  private static String ninjs(String urgency) {
    return "{\"uri\":\"urn:x:ninjs-1\",\"version\":\"1\",\"body_text\":\"Body\""
        + (urgency == null ? "" : ",\"urgency\":" + urgency)
        + "}";
  }

  private static String g2(String urgency) {
    return "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"g2-1\" version=\"1\">"
        + "<itemMeta><itemClass qcode=\"ninat:text\"/><pubStatus qcode=\"stat:usable\"/></itemMeta>"
        + "<contentMeta>"
        + (urgency == null ? "" : "<urgency>" + urgency + "</urgency>")
        + "</contentMeta><contentSet><inlineData contenttype=\"text/plain\">Body</inlineData>"
        + "</contentSet></newsItem>";
  }

  private static String nitf(String urgency) {
    return "<nitf><head><docdata><doc-id id-string=\"nitf-1\"/>"
        + (urgency == null ? "" : "<urgency ed-urg=\"" + urgency + "\"/>")
        + "</docdata></head><body><body.content><p>Body</p></body.content></body></nitf>";
  }

  @Test
  void ninjsUrgencyIsReadAsANumberOrItsText() throws Exception {
    assertThat(story("application/ninjs+json", ninjs("1")).urgency()).isEqualTo(1);
    assertThat(story("application/ninjs+json", ninjs("\"9\"")).urgency()).isEqualTo(9);
    StorySubmission none = story("application/ninjs+json", ninjs(null));
    assertThat(none.urgency()).isNull();
    assertThat(none.warnings()).isEmpty();
  }

  @Test
  void newsMlG2ReadsContentMetaUrgency() throws Exception {
    assertThat(story("application/xml", g2("2")).urgency()).isEqualTo(2);
    assertThat(story("application/xml", g2(null)).urgency()).isNull();
  }

  @Test
  void nitfReadsDocdataUrgencyEdUrg() throws Exception {
    assertThat(story("application/xml", nitf("7")).urgency()).isEqualTo(7);
    assertThat(story("application/xml", nitf(null)).urgency()).isNull();
  }

  @ParameterizedTest
  @CsvSource({"0", "10", "-1", "high", "2.5"})
  void anUnreadableIptcUrgencyIsLeftOutWithAWarning(String bad) throws Exception {
    for (StorySubmission s :
        new StorySubmission[] {
          story("application/ninjs+json", ninjs("\"" + bad + "\"")),
          story("application/xml", g2(bad)),
          story("application/xml", nitf(bad))
        }) {
      assertThat(s.urgency()).isNull();
      assertThat(s.warnings())
          .singleElement()
          .satisfies(
              w -> {
                assertThat(w.field()).isEqualTo("urgency");
                assertThat(w.detail()).contains("1 to 9").contains(bad);
              });
    }
    StorySubmission array = story("application/ninjs+json", ninjs("[1]"));
    assertThat(array.urgency()).isNull();
    assertThat(array.warnings())
        .extracting(StorySubmission.Warning::field)
        .containsExactly("urgency");
  }

  @Test
  void newswireJsonUrgencyIsStrict() throws Exception {
    String json = "{\"agencyStoryId\":\"s-1\",\"version\":1,\"body\":\"Body\",\"urgency\":%s}";
    assertThat(
            parser.parseJson(String.format(json, "3").getBytes(), StandardCharsets.UTF_8).urgency())
        .isEqualTo(3);
    assertThat(
            parser
                .parseJson(String.format(json, "null").getBytes(), StandardCharsets.UTF_8)
                .urgency())
        .isNull();
    for (String bad : new String[] {"0", "10", "\"x\"", "1.5", "true", "[1]"}) {
      assertThatThrownBy(
              () -> parser.parseJson(String.format(json, bad).getBytes(), StandardCharsets.UTF_8))
          .as(bad)
          .isInstanceOfSatisfying(
              InvalidSubmissionException.class,
              e -> {
                assertThat(e.field()).isEqualTo("urgency");
                assertThat(e.getMessage()).contains("1 to 9");
              });
    }
  }

  @Test
  void plainTextUrgencyComesFromItsMetadataAndIsStrict() throws Exception {
    Map<String, String> meta =
        Map.of(SubmissionParser.STORY_ID, "s-1", SubmissionParser.VERSION, "1");
    assertThat(parser.parsePlainText("Body".getBytes(), StandardCharsets.UTF_8, meta).urgency())
        .isNull();
    var withUrgency = new java.util.HashMap<>(meta);
    withUrgency.put(SubmissionParser.URGENCY, " 1 ");
    assertThat(
            parser.parsePlainText("Body".getBytes(), StandardCharsets.UTF_8, withUrgency).urgency())
        .isEqualTo(1);
    withUrgency.put(SubmissionParser.URGENCY, "11");
    assertThatThrownBy(
            () -> parser.parsePlainText("Body".getBytes(), StandardCharsets.UTF_8, withUrgency))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class, e -> assertThat(e.field()).isEqualTo("urgency"));
  }

  @ParameterizedTest
  @CsvSource({
    "ninjs/2.1_dpa_text.json, application/ninjs+json, 4",
    "newsml-g2/TT_newsmlg2_sample.xml, application/xml, 3",
    "nitf/NTB_nitf_sample.xml, application/xml, 5"
  })
  void iptcsOwnExamplesCarryTheirUrgency(String example, String contentType, int urgency)
      throws Exception {
    Path file = IptcConformance.corpus().resolve(example);
    Assumptions.assumeTrue(Files.isRegularFile(file), IptcConformance.absentReason(file));
    StoryParsers.Parsed parsed = parsers.parse(contentType, Files.readAllBytes(file), Map.of());
    // a newsMessage (TT's sample) carries its text story as one of its items
    StorySubmission s =
        parsed.items() == null
            ? parsed.submission()
            : parsed.items().stream()
                .map(StoryParsers.Item::submission)
                .filter(x -> x != null)
                .findFirst()
                .orElseThrow();
    assertThat(s.urgency()).isEqualTo(urgency);
    assertThat(s.warnings()).extracting(StorySubmission.Warning::field).doesNotContain("urgency");
  }
}
