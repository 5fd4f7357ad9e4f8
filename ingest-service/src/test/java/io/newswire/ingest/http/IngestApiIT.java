package io.newswire.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newswire.infra.EmbeddedKafka;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.AccessSettings;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Topics;
import io.newswire.platform.core.access.AdminKeys;
import io.newswire.platform.core.access.KeyRing;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.StoryFormat;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ingest-service against the real broker and registry. */
@WithPipelineInfra
class IngestApiIT {
  static final String VOV_KEY = "vov-test-key";
  static final String VNA_KEY = "vna-test-key";

  /** An operator's key: {@code /metrics} requires it. */
  static final String OPS_KEY = "ops-test-key";

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static PipelineInfra infra;
  static IngestService ingest;

  @BeforeAll
  static void start(PipelineInfra shared) {
    infra = shared;
    ingest = IngestService.start(config(infra.kafka()));
  }

  @AfterAll
  static void stop() {
    ingest.close();
  }

  static IngestConfig config(KafkaSettings kafka) {
    return new IngestConfig(
            "127.0.0.1",
            0,
            ApiKeys.parse(
                "vov:" + ApiKeys.sha256Hex(VOV_KEY) + ",vna:" + ApiKeys.sha256Hex(VNA_KEY)),
            64 * 1024,
            kafka)
        .withAccess(ops());
  }

  /** The operators' key ({@link #OPS_KEY}) and the default throttle. */
  static AccessSettings ops() {
    return AccessSettings.defaults()
        .withAdminKeys(AdminKeys.parse("ops:" + KeyRing.sha256Hex(OPS_KEY)));
  }

  static HttpResponse<String> post(
      int port, String key, String contentType, byte[] body, Map<String, String> headers)
      throws Exception {
    var req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/stories"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      req.header("Content-Type", contentType);
    }
    if (key != null) {
      req.header("Authorization", "Bearer " + key);
    }
    headers.forEach(req::header);
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> postJson(String key, String json) throws Exception {
    return post(
        ingest.port(), key, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /**
   * Raw records of a story; usable from any test class (it reads the shared infrastructure, not
   * this class's).
   */
  static List<ConsumerRecord<String, RawStory>> rawRecordsFor(String urn, int atLeast) {
    PipelineInfra infra = PipelineInfra.shared();
    return TopicReader.<String, RawStory>readUntil(
            infra.bootstrapServers(),
            Topics.RAW,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            recs -> recs.stream().filter(r -> urn.equals(r.key())).count() >= atLeast,
            Duration.ofSeconds(20))
        .stream()
        .filter(r -> urn.equals(r.key()))
        .toList();
  }

  @Test
  void aJsonStoryIsAcceptedOnlyAfterItIsOnTheRawTopic() throws Exception {
    var res =
        postJson(
            VOV_KEY,
            """
        {"agencyStoryId": "json-1", "version": 2, "headline": "ASEAN digital ministers meet",
         "body": "HANOI (VOV) - Ministers met.", "language": "en", "firstCreated": "2026-11-27T09:00:00+07:00"}
        """);

    assertThat(res.statusCode()).isEqualTo(202);
    JsonNode body = JSON.readTree(res.body());
    assertThat(body.get("urn").asText()).isEqualTo("urn:newswire:vov:json-1");
    var records = rawRecordsFor("urn:newswire:vov:json-1", 1);
    assertThat(records).hasSize(1);
    RawStory raw = records.get(0).value();
    assertThat(raw.getAgency()).isEqualTo("vov");
    assertThat(raw.getVersion()).isEqualTo(2);
    assertThat(raw.getFormat()).isEqualTo(StoryFormat.NEWSWIRE_JSON);
    assertThat(raw.getParsed().getHeadline()).isEqualTo("ASEAN digital ministers meet");
    assertThat(raw.getParsed().getFirstCreated()).isEqualTo("2026-11-27T09:00:00+07:00");
    assertThat(raw.getIngestId()).isEqualTo(body.get("ingestId").asText());
  }

  @Test
  void aPlainTextStoryTakesItsMetadataFromHeadersAndKeepsItsBytes() throws Exception {
    byte[] text = "Hà Nội (TTXVN) - Chuyển đổi số.\nẢnh: VOV |".getBytes(StandardCharsets.UTF_8);
    var res =
        post(
            ingest.port(),
            VNA_KEY,
            "text/plain; charset=utf-8",
            text,
            Map.of("X-Story-Id", "txt-1", "X-Story-Version", "1", "Content-Language", "vi"));

    assertThat(res.statusCode()).isEqualTo(202);
    RawStory raw = rawRecordsFor("urn:newswire:vna:txt-1", 1).get(0).value();
    assertThat(raw.getFormat()).isEqualTo(StoryFormat.PLAIN_TEXT);
    assertThat(raw.getParsed().getLanguage()).isEqualTo("vi");
    assertThat(raw.getPubStatus()).isEqualTo(PubStatus.usable);
    byte[] payload = new byte[raw.getPayload().remaining()];
    raw.getPayload().duplicate().get(payload);
    assertThat(payload).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      no key            | <none>    | application/json          | {"agencyStoryId":"x","version":1,"body":"b"}          | 401 | unauthenticated       | Authorization
      wrong key         | nope      | application/json          | {"agencyStoryId":"x","version":1,"body":"b"}          | 401 | unauthenticated       | Authorization
      malformed JSON    | VOV       | application/json          | {"agencyStoryId": "x", "version": 1,                  | 400 | invalid-story         |
      missing version   | VOV       | application/json          | {"agencyStoryId":"x","body":"b"}                      | 400 | invalid-story         | version
      version as text   | VOV       | application/json          | {"agencyStoryId":"x","version":"one","body":"b"}      | 400 | invalid-story         | version
      empty body        | VOV       | application/json          | {"agencyStoryId":"x","version":1,"body":"  "}         | 400 | invalid-story         | body
      other agency      | VOV       | application/json          | {"agencyStoryId":"x","version":1,"body":"b","agency":"afp"} | 403 | agency-mismatch | agency
      no story id       | VOV       | text/plain                | some text                                             | 400 | invalid-story         | storyId
      xml               | VOV       | application/xml           | <story/>                                              | 415 | unsupported-media-type | Content-Type
      odd charset       | VOV       | text/plain; charset=koi8-r | text                                                 | 415 | unsupported-charset   | Content-Type
      """)
  void badInputGetsAProblemAndWritesNothing(
      String name,
      String key,
      String contentType,
      String body,
      int status,
      String problem,
      String field)
      throws Exception {
    long before = TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW);
    String k =
        switch (key) {
          case "<none>" -> null;
          case "VOV" -> VOV_KEY;
          default -> key;
        };

    var res = post(ingest.port(), k, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());

    assertThat(res.statusCode()).isEqualTo(status);
    assertThat(res.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode p = JSON.readTree(res.body());
    assertThat(p.get("type").asText()).endsWith("/" + problem);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("title").asText()).isNotBlank();
    assertThat(p.get("detail").asText()).isNotBlank();
    if (field != null) {
      assertThat(p.get("field").asText()).isEqualTo(field);
    }
    if (status == 401) {
      assertThat(res.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"newswire\"");
    }
    assertThat(TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW))
        .as("nothing written")
        .isEqualTo(before);
  }

  @Test
  void invalidUtf8IsRefusedNotMangled() throws Exception {
    long before = TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW);
    byte[] latin1 = "Hanoï, numérique".getBytes(StandardCharsets.ISO_8859_1);
    var res =
        post(
            ingest.port(),
            VOV_KEY,
            "text/plain; charset=utf-8",
            latin1,
            Map.of("X-Story-Id", "bad-utf8", "X-Story-Version", "1"));
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(res.body()).get("detail").asText()).contains("not valid UTF-8");
    assertThat(TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW)).isEqualTo(before);

    var declared =
        post(
            ingest.port(),
            VOV_KEY,
            "text/plain; charset=ISO-8859-1",
            latin1,
            Map.of("X-Story-Id", "latin1", "X-Story-Version", "1"));
    assertThat(declared.statusCode()).isEqualTo(202);
    assertThat(rawRecordsFor("urn:newswire:vov:latin1", 1).get(0).value().getParsed().getBody())
        .isEqualTo("Hanoï, numérique");
  }

  @Test
  void anOversizedBodyGets413AndWritesNothing() throws Exception {
    long before = TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW);
    String big =
        "{\"agencyStoryId\":\"big\",\"version\":1,\"body\":\"" + "x".repeat(70 * 1024) + "\"}";
    var res = postJson(VOV_KEY, big);
    assertThat(res.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(res.body()).get("type").asText()).endsWith("/payload-too-large");
    assertThat(TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW)).isEqualTo(before);
  }

  @Test
  void healthAndMetricsAreServed() throws Exception {
    var ready =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ingest.port() + "/health/ready"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode loops = JSON.readTree(ready.body()).get("loops");
    List<String> names = new ArrayList<>();
    loops.forEach(
        l -> {
          assertThat(l.get("status").asText()).as(l.toString()).isEqualTo("RUNNING");
          names.add(l.get("name").asText());
        });
    assertThat(names)
        .containsExactly(
            "ingest-api-keys",
            "ingest-broker-check",
            "ingest-receipts",
            "ingest-refusals",
            "ingest-writer-0",
            "ingest-writer-1");
    postJson(VOV_KEY, "{\"agencyStoryId\":\"metrics-1\",\"version\":1,\"body\":\"b\"}");
    var metrics =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/metrics"))
                .header("Authorization", "Bearer " + OPS_KEY)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains("newswire_ingest_accepted_total{agency=\"vov\"")
        .contains("kafka_producer_record_send_total")
        .contains("jvm_memory_used_bytes")
        .contains("newswire_loops_failing{service=\"ingest\"} 0");
  }

  /** While the broker is down, an agency gets 503 with Retry-After, and readiness says so. */
  @Test
  void aBrokerOutageMeans503NeverAFalseAccept() throws Exception {
    EmbeddedKafka own = EmbeddedKafka.start(EmbeddedKafka.Options.defaults());
    KafkaSettings kafka = new KafkaSettings(own.bootstrapServers(), infra.registryUrl());
    try (Admin admin =
        Admin.create(Map.<String, Object>of("bootstrap.servers", own.bootstrapServers()))) {
      new io.newswire.platform.TopicProvisioner(admin, (short) 1).createMissing(Topics.all(1));
    }
    try (IngestService isolated = IngestService.start(config(kafka))) {
      var ok =
          post(
              isolated.port(),
              VOV_KEY,
              "application/json",
              "{\"agencyStoryId\":\"outage-1\",\"version\":1,\"body\":\"b\"}"
                  .getBytes(StandardCharsets.UTF_8),
              Map.of());
      assertThat(ok.statusCode()).isEqualTo(202);

      own.close();

      var res =
          post(
              isolated.port(),
              VOV_KEY,
              "application/json",
              "{\"agencyStoryId\":\"outage-2\",\"version\":1,\"body\":\"b\"}"
                  .getBytes(StandardCharsets.UTF_8),
              Map.of());
      assertThat(res.statusCode()).isEqualTo(503);
      assertThat(res.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(JSON.readTree(res.body()).get("type").asText()).endsWith("/kafka-unavailable");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(
                          HTTP.send(
                                  HttpRequest.newBuilder(
                                          URI.create(
                                              "http://127.0.0.1:"
                                                  + isolated.port()
                                                  + "/health/ready"))
                                      .build(),
                                  HttpResponse.BodyHandlers.ofString())
                              .statusCode())
                      .isEqualTo(503));
    } finally {
      own.close();
    }
  }
}
