package io.newswire.ingest.core.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SubmissionParserTest {
  final SubmissionParser parser = new SubmissionParser();

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parsesAFullJsonSubmission() throws Exception {
    var s =
        parser.parseJson(
            utf8(
                """
        {"agencyStoryId":"VNA-2026-11-27-001","version":3,"body":"Body","headline":" ASEAN ",
         "language":"vi-VN","firstCreated":"2026-11-27T09:00:00+07:00","versionCreated":"2026-11-27T10:00:00",
         "byline":"Lan Anh","slugline":"ASEAN-DIGITAL","agency":"VNA","pubStatus":"canceled"}"""),
            StandardCharsets.UTF_8);
    assertThat(s)
        .isEqualTo(
            new StorySubmission(
                "VNA-2026-11-27-001",
                3,
                "Body",
                "ASEAN",
                "vi-VN",
                "2026-11-27T09:00:00+07:00",
                "2026-11-27T10:00:00",
                "Lan Anh",
                "ASEAN-DIGITAL",
                "vna",
                true,
                false,
                null,
                List.of(),
                StorySubmission.Metadata.NONE,
                null,
                null));
  }

  @Test
  void namesTheFieldAtFault() {
    assertRefused("{\"version\":1,\"body\":\"b\"}", "agencyStoryId", "agencyStoryId is required");
    assertRefused("{\"agencyStoryId\":\"a\",\"version\":0,\"body\":\"b\"}", "version", "1 or more");
    assertRefused(
        "{\"agencyStoryId\":\"a\",\"version\":1.5,\"body\":\"b\"}", "version", "whole number");
    assertRefused(
        "{\"agencyStoryId\":\"a b\",\"version\":1,\"body\":\"b\"}",
        "agencyStoryId",
        "letters, digits");
    assertRefused("{\"agencyStoryId\":\"a\",\"version\":1,\"body\":[\"b\"]}", "body", "an array");
    assertRefused(
        "{\"agencyStoryId\":\"a\",\"version\":1,\"body\":\"b\",\"language\":\"french!\"}",
        "language",
        "BCP 47");
    assertRefused(
        "{\"agencyStoryId\":\"a\",\"version\":1,\"body\":\"b\",\"firstCreated\":\"yesterday\"}",
        "firstCreated",
        "ISO 8601");
    assertRefused(
        "{\"agencyStoryId\":\"a\",\"version\":1,\"body\":\"b\",\"pubStatus\":\"maybe\"}",
        "pubStatus",
        "usable, withheld or canceled");
  }

  @Test
  void malformedJsonSaysWhere() {
    assertThatThrownBy(
            () ->
                parser.parseJson(
                    utf8("{\n \"agencyStoryId\": \"a\",\n \"version\": }"), StandardCharsets.UTF_8))
        .isInstanceOf(InvalidSubmissionException.class)
        .hasMessageContaining("line 3");
    assertThatThrownBy(() -> parser.parseJson(utf8("[1,2]"), StandardCharsets.UTF_8))
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> parser.parseJson(utf8("{} {}"), StandardCharsets.UTF_8))
        .isInstanceOf(InvalidSubmissionException.class);
  }

  @Test
  void plainTextTakesItsMetadataFromTheMap() throws Exception {
    var s =
        parser.parsePlainText(
            utf8("Le texte."),
            StandardCharsets.UTF_8,
            Map.of("storyId", "vov-1", "version", "1", "language", "fr"));
    assertThat(s.agencyStoryId()).isEqualTo("vov-1");
    assertThat(s.body()).isEqualTo("Le texte.");
    assertThat(s.language()).isEqualTo("fr");
    assertThat(s.headline()).isNull();
  }

  @Test
  void invalidBytesAreRefusedInTheDeclaredCharset() {
    byte[] latin1 = "numérique".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(
            () ->
                parser.parsePlainText(
                    latin1, StandardCharsets.UTF_8, Map.of("storyId", "a", "version", "1")))
        .isInstanceOf(InvalidSubmissionException.class)
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void windows1252IsDecodedAsDeclared() throws Exception {
    byte[] cp1252 = {(byte) 0x93, 'I', 'A', (byte) 0x94};
    var s =
        parser.parsePlainText(
            cp1252, Charset.forName("windows-1252"), Map.of("storyId", "a", "version", "1"));
    assertThat(s.body()).isEqualTo("\u201cIA\u201d");
  }

  private void assertRefused(String json, String field, String detail) {
    assertThatThrownBy(() -> parser.parseJson(utf8(json), StandardCharsets.UTF_8))
        .isInstanceOfSatisfying(
            InvalidSubmissionException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.getMessage()).contains(detail);
            });
  }

  /**
   * Whatever bytes arrive, the parser answers with a submission or its documented refusal, nothing
   * else.
   */
  @Property(tries = 2000)
  void neverThrowsAnythingButTheDocumentedRefusal(@ForAll("payloads") byte[] payload) {
    try {
      parser.parseJson(payload, StandardCharsets.UTF_8);
    } catch (InvalidSubmissionException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
    try {
      Map<String, String> meta = new HashMap<>(Map.of("storyId", "s-1", "version", "1"));
      parser.parsePlainText(payload, StandardCharsets.UTF_8, meta);
    } catch (InvalidSubmissionException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<byte[]> payloads() {
    String valid =
        "{\"agencyStoryId\":\"a-1\",\"version\":2,\"body\":\"Ha Noi\",\"headline\":\"h\","
            + "\"language\":\"vi\",\"firstCreated\":\"2026-11-27T09:00:00Z\"}";
    Arbitrary<byte[]> mutated =
        Arbitraries.integers()
            .between(0, valid.length() - 1)
            .list()
            .ofMaxSize(6)
            .flatMap(
                positions ->
                    Arbitraries.bytes()
                        .list()
                        .ofSize(positions.size())
                        .map(
                            bytes -> {
                              byte[] b = utf8(valid);
                              for (int i = 0; i < positions.size(); i++) {
                                b[positions.get(i)] = bytes.get(i);
                              }
                              return b;
                            }));
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> jsonish =
        Arbitraries.strings()
            .withChars("{}[]\":,0123456789abcdefnulltrue \\")
            .ofMaxLength(200)
            .map(SubmissionParserTest::utf8);
    return Arbitraries.oneOf(mutated, random, jsonish);
  }
}
