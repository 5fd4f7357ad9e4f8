package io.newswire.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.newswire.enrich.EnrichService;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.Topics;
import io.newswire.publish.PublishService;
import io.newswire.publish.core.NewsEvents;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.testkit.IptcConformance;
import io.newswire.testkit.IptcConformance.Expectation;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IPTC's own examples through the whole pipeline: every example accepted at ingest ({@code
 * docs/conformance-iptc.tsv}, 202, or the accepted items of a 207 news message) is posted to the
 * running ingest, enrich and publish services and its event on news.published.v1 is checked against
 * the same expectations: urn, version, headline, body, byline, language (with its region), RFC 3339
 * times, the agency's subjects (creator: the agency) and places, captions and original ids.
 * Refusals are the ingest test's ({@code IptcConformanceIT}). Skipped, with the reason, where the
 * corpus is absent.
 */
@WithPipelineInfra
class IptcPipelineIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static PipelineInfra infra;
  static IngestService ingest;
  static EnrichService enrich;
  static PublishService publish;

  @BeforeAll
  static void start(PipelineInfra shared, @TempDir Path state) {
    infra = shared;
    String keys =
        IptcConformance.expectations().stream()
            .map(Expectation::agency)
            .distinct()
            .map(a -> a + ":" + ApiKeys.sha256Hex(key(a)))
            .collect(Collectors.joining(","));
    enrich =
        EnrichService.start(
            new EnrichService.Config(
                "127.0.0.1", 0, "iptc-enrich", state.resolve("enrich").toString(), infra.kafka()));
    publish =
        PublishService.start(
            new PublishService.Config(
                "127.0.0.1",
                0,
                "iptc-publish",
                state.resolve("publish").toString(),
                infra.kafka()));
    ingest =
        IngestService.start(
            new IngestConfig("127.0.0.1", 0, ApiKeys.parse(keys), 1 << 20, infra.kafka()));
  }

  @AfterAll
  static void stop() {
    ingest.close();
    publish.close();
    enrich.close();
  }

  static String key(String agency) {
    return "iptc-pipeline-" + agency + "-key";
  }

  static Stream<Expectation> accepted() {
    return IptcConformance.expectations().stream()
        .filter(e -> e.status() == 202 || e.status() == 207);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void eachAcceptedExampleIsPublishedAsExpected(Expectation e) throws Exception {
    Path file = IptcConformance.corpus().resolve(e.file());
    assumeTrue(Files.isRegularFile(file), IptcConformance.absentReason(file));
    HttpResponse<String> res =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/v1/stories"))
                .header("Authorization", "Bearer " + key(e.agency()))
                .header("Content-Type", e.contentType())
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(e.status());
    Map<String, String> c = e.checks();
    if (e.status() == 207) { // the accepted items of a news message: published, with a body
      for (String item : c.get("items").split(",")) {
        String[] p = item.split(":", 3);
        if (p[1].equals("202")) {
          NewsEvent event = published(p[2]);
          assertThat(event.getBodies().get(0).getValue()).isNotBlank();
        }
      }
      return;
    }
    NewsEvent event = published(c.get("urn"));
    for (Map.Entry<String, String> check : c.entrySet()) {
      String v = check.getValue();
      switch (check.getKey()) {
        case "urn" -> assertThat(event.getUri()).isEqualTo(v);
        case "version" -> assertThat(event.getVersion()).isEqualTo(v);
        case "altId" ->
            assertThat(event.getAltIds())
                .anySatisfy(a -> assertThat(a.getRole() + " " + a.getValue()).isEqualTo(v));
        case "headline" ->
            assertThat(words(event.getHeadlines().get(0).getValue())).isEqualTo(words(v));
        case "bodyStart" ->
            assertStartsWith(
                event.getBodies().get(0).getValue(), c.getOrDefault("publishedBodyStart", v));
        case "publishedBodyStart" -> {} // with bodyStart: the body once enrich took its dateline
        // off
        case "bodyExcludes" -> assertThat(event.getBodies().get(0).getValue()).doesNotContain(v);
        case "byline" -> assertThat(event.getBy()).isEqualTo(v);
        case "language" -> assertThat(event.getLanguage()).isEqualTo(v);
        case "dateline" -> assertThat(event.getLocated()).isNotBlank();
        case "firstCreated" -> assertSameTime(event.getFirstCreated(), v);
        case "versionCreated" -> assertSameTime(event.getVersionCreated(), v);
        case "subjects", "agencySubjects" ->
            assertThat(
                    event.getSubjects().stream().filter(s -> !NewsEvents.isNewswireTag(s)).toList())
                .as("the agency's subjects")
                .hasSizeGreaterThanOrEqualTo(
                    check.getKey().equals("agencySubjects") ? Integer.parseInt(v) : 1)
                .allSatisfy(
                    s -> assertThat(s.getCreator()).isNotBlank().isNotEqualTo(NewsEvents.NEWSWIRE));
        case "places" -> assertThat(event.getPlaces()).hasSize(Integer.parseInt(v));
        case "captions" ->
            assertThat(event.getCaptions()).hasSizeGreaterThanOrEqualTo(Integer.parseInt(v));
        default ->
            throw new AssertionError(
                "unknown check '" + check.getKey() + "' in " + IptcConformance.EXPECTATIONS);
      }
    }
  }

  /**
   * The body starts with the expected text (white space aside), or with its last words after a
   * dateline.
   */
  static void assertStartsWith(String body, String expected) {
    List<String> want = words(expected);
    List<String> got = words(body);
    if (String.join(" ", got).startsWith(String.join(" ", want))) {
      return;
    }
    for (int k = 0; k <= want.size() - Math.min(2, want.size()); k++) {
      List<String> tail = want.subList(k, want.size());
      if (got.size() >= tail.size() && got.subList(0, tail.size()).equals(tail)) {
        return;
      }
    }
    throw new AssertionError(
        "the published body starts «"
            + String.join(" ", got.subList(0, Math.min(12, got.size())))
            + "…», expected «"
            + expected
            + "» (or its end after a dateline)");
  }

  /** An RFC 3339 date-time with seconds, at the instant the agency wrote. */
  static void assertSameTime(String published, String written) {
    assertThat(published)
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)");
    try {
      assertThat(OffsetDateTime.parse(published).toInstant())
          .isEqualTo(OffsetDateTime.parse(written).toInstant());
    } catch (java.time.format.DateTimeParseException noOffset) {
      // written without an offset: read in the agency's zone, and published in that zone's offset
      assertThat(OffsetDateTime.parse(published).toLocalDateTime())
          .isEqualTo(java.time.LocalDateTime.parse(written));
    }
  }

  static List<String> words(String s) {
    return new ArrayList<>(Arrays.asList(s.strip().split("\\s+")));
  }

  static NewsEvent published(String urn) {
    return TopicReader.<String, NewsEvent>readUntil(
            infra.bootstrapServers(),
            Topics.PUBLISHED,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            recs -> recs.stream().anyMatch(r -> urn.equals(r.key())),
            Duration.ofSeconds(60))
        .stream()
        .filter(r -> urn.equals(r.key()))
        .reduce((a, b) -> b)
        .orElseThrow()
        .value();
  }
}
