package io.newswire.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.RawStory;
import io.newswire.testkit.IptcConformance;
import io.newswire.testkit.IptcConformance.Expectation;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.WithPipelineInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IPTC's own examples ({@code ../shared/conformance/iptc}, never copied into the repository) posted
 * to the real ingest service, each checked against its line of {@code docs/conformance-iptc.tsv}:
 * the answer, and for an accepted story the RawStory on news.raw.v1. Skipped, with the reason,
 * where the corpus is absent.
 */
@WithPipelineInfra
class IptcConformanceIT {
  static final String EXPECTATIONS = IptcConformance.EXPECTATIONS;
  static PipelineInfra infra;
  static IngestService ingest;

  static Path corpus() {
    return IptcConformance.corpus();
  }

  static List<Expectation> expectations() {
    return IptcConformance.expectations();
  }

  static String key(String agency) {
    return "conformance-" + agency + "-key";
  }

  @BeforeAll
  static void start(PipelineInfra shared) throws Exception {
    infra = shared;
    String keys =
        expectations().stream()
            .map(Expectation::agency)
            .distinct()
            .map(a -> a + ":" + ApiKeys.sha256Hex(key(a)))
            .collect(Collectors.joining(","));
    ingest =
        IngestService.start(
            new IngestConfig("127.0.0.1", 0, ApiKeys.parse(keys), 1024 * 1024, infra.kafka()));
  }

  @AfterAll
  static void stop() {
    if (ingest != null) {
      ingest.close();
    }
  }

  static Stream<Arguments> examples() throws Exception {
    return expectations().stream().map(Arguments::of);
  }

  @Test
  void theExpectationsListEveryExampleOfTheCorpus() throws Exception {
    assumeTrue(
        Files.isDirectory(corpus()),
        "the IPTC corpus is not at "
            + corpus()
            + " (../shared/conformance/iptc "
            + "relative to the repository root); it is never copied into the repository");
    TreeSet<String> files = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(corpus())) {
      walk.filter(p -> p.toString().endsWith(".xml") || p.toString().endsWith(".json"))
          .forEach(p -> files.add(corpus().relativize(p).toString().replace('\\', '/')));
    }
    assertThat(expectations().stream().map(Expectation::file).toList())
        .containsExactlyInAnyOrderElementsOf(files);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void eachExampleGetsItsExpectedOutcome(Expectation e) throws Exception {
    Path file = corpus().resolve(e.file());
    assumeTrue(Files.isRegularFile(file), IptcConformance.absentReason(file));
    var res =
        IngestApiIT.post(
            ingest.port(), key(e.agency()), e.contentType(), Files.readAllBytes(file), Map.of());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(e.status());
    JsonNode answer = IngestApiIT.JSON.readTree(res.body());
    Map<String, String> c = e.checks();
    if (e.status() == 207) {
      String[] items = c.get("items").split(",");
      assertThat(answer.get("items")).as(res.body()).hasSize(items.length);
      for (String item : items) {
        String[] p = item.split(":", 3);
        JsonNode r = answer.get("items").get(Integer.parseInt(p[0]) - 1);
        assertThat(r.get("index").asInt()).isEqualTo(Integer.parseInt(p[0]));
        assertThat(r.get("status").asInt()).as(r.toString()).isEqualTo(Integer.parseInt(p[1]));
        if (p[1].equals("202")) {
          assertThat(r.get("urn").asText()).isEqualTo(p[2]);
          assertThat(rawFor(p[2]).getParsed().getBody()).isNotBlank();
        } else {
          assertThat(r.at("/problem/type").asText())
              .isEqualTo("https://newswire.dev/problems/" + p[2]);
          assertThat(r.at("/problem/detail").asText()).isNotBlank();
        }
      }
      return;
    }
    if (e.status() != 202) {
      assertThat(answer.get("type").asText())
          .isEqualTo("https://newswire.dev/problems/" + c.get("type"));
      assertThat(answer.get("field").asText()).isEqualTo(c.get("field"));
      assertThat(answer.get("detail").asText()).contains(c.get("detail"));
      return;
    }
    assertThat(answer.get("urn").asText()).isEqualTo(c.get("urn"));
    RawStory raw = rawFor(c.get("urn"));
    ParsedFields f = raw.getParsed();
    assertThat(raw.getAgency()).isEqualTo(e.agency());
    for (Map.Entry<String, String> check : c.entrySet()) {
      String v = check.getValue();
      switch (check.getKey()) {
        case "urn" -> assertThat(raw.getUrn()).isEqualTo(v);
        case "version" -> assertThat(raw.getVersion()).isEqualTo(Integer.parseInt(v));
        case "altId" ->
            assertThat(f.getAltIds())
                .anySatisfy(a -> assertThat(a.getType() + " " + a.getValue()).isEqualTo(v));
        case "headline" -> assertThat(f.getHeadline()).isEqualTo(v);
        case "bodyStart" -> assertThat(f.getBody()).startsWith(v);
        case "bodyExcludes" -> assertThat(f.getBody()).doesNotContain(v);
        case "byline" -> assertThat(f.getByline()).isEqualTo(v);
        case "language" -> assertThat(f.getLanguage()).isEqualTo(v);
        case "dateline" -> assertThat(f.getDateline()).isEqualTo(v);
        case "firstCreated" -> assertThat(f.getFirstCreated()).isEqualTo(v);
        case "versionCreated" -> assertThat(f.getVersionCreated()).isEqualTo(v);
        case "subjects" -> assertThat(f.getSubjects()).hasSize(Integer.parseInt(v));
        case "agencySubjects" -> {
          assertThat(f.getAgencySubjects()).hasSize(Integer.parseInt(v));
          assertThat(f.getAgencySubjects())
              .allSatisfy(s -> assertThat(s.getCreator()).isNotBlank());
        }
        case "places" -> assertThat(f.getPlaces()).hasSize(Integer.parseInt(v));
        case "captions" -> assertThat(f.getCaptions()).hasSize(Integer.parseInt(v));
        case "publishedBodyStart" -> {} // checked on the published event (local IptcPipelineIT)
        default ->
            throw new AssertionError("unknown check '" + check.getKey() + "' in " + EXPECTATIONS);
      }
    }
  }

  static RawStory rawFor(String urn) {
    return IngestApiIT.rawRecordsFor(urn, 1).get(0).value();
  }
}
