package io.newswire.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.StoryFormat;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pushed format against the real broker and registry, and the corpus of bad inputs. */
@WithPipelineInfra
class IngestFormatsIT {
  static PipelineInfra infra;
  static IngestService ingest;

  @BeforeAll
  static void start(PipelineInfra shared) {
    infra = shared;
    ingest =
        IngestService.start(
            new IngestConfig(
                    "127.0.0.1",
                    0,
                    ApiKeys.parse(
                        "vov:"
                            + ApiKeys.sha256Hex(IngestApiIT.VOV_KEY)
                            + ",vna:"
                            + ApiKeys.sha256Hex(IngestApiIT.VNA_KEY)),
                    64 * 1024,
                    infra.kafka())
                .withAccess(IngestApiIT.ops()));
  }

  @AfterAll
  static void stop() {
    ingest.close();
  }

  static byte[] resource(String path) {
    try (InputStream in = IngestFormatsIT.class.getResourceAsStream(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RawStory rawFor(String urn) {
    return IngestApiIT.rawRecordsFor(urn, 1).get(0).value();
  }

  HttpResponse<String> post(String key, String contentType, byte[] body) throws Exception {
    return IngestApiIT.post(ingest.port(), key, contentType, body, Map.of());
  }

  @Test
  void ninjs2IsAcceptedWithItsFieldsAndOriginalBytes() throws Exception {
    byte[] doc = resource("/formats/ninjs2.json");
    var res = post(IngestApiIT.VNA_KEY, "application/ninjs+json", doc);
    assertThat(res.statusCode()).isEqualTo(202);
    String urn = "urn:newswire:vna:vna.example:2026:11:27:asean-digital-001";
    assertThat(IngestApiIT.JSON.readTree(res.body()).get("urn").asText()).isEqualTo(urn);
    RawStory raw = rawFor(urn);
    assertThat(raw.getFormat()).isEqualTo(StoryFormat.NINJS);
    assertThat(raw.getVersion()).isEqualTo(2);
    assertThat(raw.getContentType()).isEqualTo("application/ninjs+json");
    assertThat(raw.getParsed().getHeadline())
        .isEqualTo("ASEAN ministers adopt roadmap on digital economy");
    assertThat(raw.getParsed().getBody())
        .startsWith("HANOI, Nov. 27 (VNA)")
        .contains("\nThe plan covers AI");
    byte[] payload = new byte[raw.getPayload().remaining()];
    raw.getPayload().duplicate().get(payload);
    assertThat(payload).isEqualTo(doc);
  }

  @Test
  void aNinjs3CancelIsAKillThatFlowsDownstreamOnlyForAStoryNewswireAccepted() throws Exception {
    byte[] cancel = resource("/formats/ninjs3.json");
    var unknown = post(IngestApiIT.VNA_KEY, "application/vnd.iptc.ninjs+json", cancel);
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    assertThat(IngestApiIT.JSON.readTree(unknown.body()).get("type").asText())
        .isEqualTo("https://newswire.dev/problems/unknown-story");
    String original =
        new String(cancel, StandardCharsets.UTF_8)
            .replace("\"canceled\"", "\"usable\"")
            .replace("\"version\": 3", "\"version\": 2");
    assertThat(
            post(
                    IngestApiIT.VNA_KEY,
                    "application/vnd.iptc.ninjs+json",
                    original.getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(202);
    var res = post(IngestApiIT.VNA_KEY, "application/vnd.iptc.ninjs+json", cancel);
    assertThat(res.statusCode()).isEqualTo(202);
    RawStory raw =
        IngestApiIT.rawRecordsFor("urn:newswire:vna:urn:vna:2026:asean-digital-002", 2).stream()
            .map(r -> r.value())
            .filter(r -> r.getVersion() == 3)
            .findFirst()
            .orElseThrow();
    assertThat(raw.getPubStatus()).isEqualTo(PubStatus.canceled);
    assertThat(raw.getParsed().getLanguage()).isEqualTo("vi");
  }

  @Test
  void anUnreadableOptionalFieldIsAWarningOnTheAnswerTheRawStoryAndTheMetric() throws Exception {
    String doc =
        new String(resource("/formats/newsml-g2.xml"), StandardCharsets.UTF_8)
            .replace("asean-003", "asean-warn")
            .replace("stat:usable", "stat:embargoed");
    var res = post(IngestApiIT.VNA_KEY, "application/xml", doc.getBytes(StandardCharsets.UTF_8));
    assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
    assertThat(IngestApiIT.JSON.readTree(res.body()).get("warnings").get(0).asText())
        .startsWith("pubStatus: ");
    RawStory raw = rawFor("urn:newswire:vna:urn:newsml:vna.vn:20261127:asean-warn");
    assertThat(raw.getPubStatus()).isEqualTo(PubStatus.usable);
    assertThat(raw.getParsed().getWarnings())
        .singleElement()
        .satisfies(w -> assertThat(w.getField()).isEqualTo("pubStatus"));
    var again = post(IngestApiIT.VNA_KEY, "application/xml", doc.getBytes(StandardCharsets.UTF_8));
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(IngestApiIT.JSON.readTree(again.body()).get("warnings")).hasSize(1);
    var metrics =
        IngestApiIT.HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/metrics"))
                .header("Authorization", "Bearer " + IngestApiIT.OPS_KEY)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains("newswire_ingest_field_warnings_total{field=\"pubStatus\",format=\"NEWSML_G2\"");
  }

  @Test
  void newsMlG2AndNitfAreAcceptedByTheirMediaTypesOrByRootElement() throws Exception {
    assertThat(
            post(
                    IngestApiIT.VNA_KEY,
                    "application/vnd.iptc.g2.newsitem+xml",
                    resource("/formats/newsml-g2.xml"))
                .statusCode())
        .isEqualTo(202);
    RawStory g2 = rawFor("urn:newswire:vna:urn:newsml:vna.vn:20261127:asean-003");
    assertThat(g2.getFormat()).isEqualTo(StoryFormat.NEWSML_G2);
    assertThat(g2.getParsed().getSlugline()).isEqualTo("ASEAN-DIGITAL");
    assertThat(g2.getParsed().getDateline()).isEqualTo("HANOI, Nov. 27");
    assertThat(g2.getParsed().getSubjects()).containsExactly("medtop:20000763", "iso3166-1a2:VN");
    assertThat(g2.getParsed().getBody())
        .isEqualTo(
            "HANOI, Nov. 27 (VNA) - Digital ministers of ASEAN adopted a "
                + "roadmap.\nThe plan covers AI & data.");

    assertThat(
            post(IngestApiIT.VOV_KEY, "application/xml", resource("/formats/nitf.xml"))
                .statusCode())
        .isEqualTo(202);
    RawStory nitf = rawFor("urn:newswire:vov:VOV-2026-1127-004");
    assertThat(nitf.getFormat()).isEqualTo(StoryFormat.NITF);
    assertThat(nitf.getVersion()).isEqualTo(3);
    assertThat(nitf.getParsed().getByline()).isEqualTo("Par Minh Chau");

    assertThat(
            post(IngestApiIT.VOV_KEY, "text/xml", resource("/formats/newsml-latin1.xml"))
                .statusCode())
        .isEqualTo(202);
    assertThat(rawFor("urn:newswire:vov:vov-latin1-005").getParsed().getBody())
        .isEqualTo("Le numérique à Hanoï.");
    assertThat(
            post(IngestApiIT.VOV_KEY, "application/nitf+xml", resource("/formats/nitf-cp1252.xml"))
                .statusCode())
        .isEqualTo(202);
    assertThat(rawFor("urn:newswire:vov:vov-cp1252-006").getParsed().getBody())
        .isEqualTo("\u201cIA\u201d \u2013 données");
  }

  static Stream<Arguments> badInputs() {
    List<Arguments> out = new ArrayList<>();
    for (String line :
        new String(resource("/bad-inputs/manifest.tsv"), StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      out.add(Arguments.of(f[0], f[1], Integer.parseInt(f[2]), f[3], f[4]));
    }
    assertThat(out).hasSizeGreaterThanOrEqualTo(30);
    return out.stream();
  }

  @ParameterizedTest(name = "{0} → {2} {3}")
  @MethodSource("badInputs")
  void everyBadInputGetsAClearProblemAndNothingReachesKafka(
      String file, String contentType, int status, String type, String field) throws Exception {
    long raw = TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW);
    long receipts = TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.INGEST_RECEIPTS);

    var res = post(IngestApiIT.VOV_KEY, contentType, resource("/bad-inputs/" + file));

    assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
    assertThat(res.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode p = IngestApiIT.JSON.readTree(res.body());
    assertThat(p.get("type").asText()).isEqualTo("https://newswire.dev/problems/" + type);
    assertThat(p.get("title").asText()).isNotBlank();
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("detail").asText()).isNotBlank().doesNotContain("root:x:0:0");
    if (!field.equals("-")) {
      assertThat(p.get("field")).as("field").isNotNull();
      assertThat(p.get("field").asText()).isEqualTo(field);
    }
    assertThat(TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW))
        .as("raw")
        .isEqualTo(raw);
    assertThat(TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.INGEST_RECEIPTS))
        .as("receipts")
        .isEqualTo(receipts);
  }

  @Test
  void theOpenApiDocumentParsesAndListsThePaths() throws Exception {
    URI openApi = URI.create("http://127.0.0.1:" + ingest.port() + "/openapi.json");
    assertThat(
            IngestApiIT.HTTP
                .send(HttpRequest.newBuilder(openApi).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .as("an agency's key is needed")
        .isEqualTo(401);
    var res =
        IngestApiIT.HTTP.send(
            HttpRequest.newBuilder(openApi)
                .header("Authorization", "Bearer " + IngestApiIT.VOV_KEY)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    JsonNode doc = IngestApiIT.JSON.readTree(res.body());
    assertThat(doc.get("openapi").asText()).startsWith("3.1");
    List<String> paths = new ArrayList<>();
    doc.get("paths").fieldNames().forEachRemaining(paths::add);
    assertThat(paths)
        .contains(
            "/v1/stories",
            "/v1/stories/{agencyStoryId}/withdraw",
            "/openapi.json",
            "/health/ready",
            "/metrics");
    List<String> mediaTypes = new ArrayList<>();
    doc.at("/paths/~1v1~1stories/post/requestBody/content")
        .fieldNames()
        .forEachRemaining(mediaTypes::add);
    assertThat(mediaTypes)
        .contains(
            "application/json",
            "text/plain",
            "application/ninjs+json",
            "application/vnd.iptc.g2.newsitem+xml",
            "application/nitf+xml",
            "application/xml");
    assertThat(doc.at("/paths/~1v1~1stories/post/responses").has("429")).isTrue();
    assertThat(doc.at("/paths/~1v1~1stories~1{agencyStoryId}~1withdraw/post/responses").has("415"))
        .isTrue();
    assertThat(doc.at("/paths/~1metrics/get/responses").has("403")).isTrue();
  }
}
