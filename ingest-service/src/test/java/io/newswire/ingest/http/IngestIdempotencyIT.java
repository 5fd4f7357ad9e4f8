package io.newswire.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.IngestReceipt;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RawStory;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A story is (agency, agency story id, version): retries write nothing new, versions update, kills
 * flow.
 */
@WithPipelineInfra
class IngestIdempotencyIT {
  static PipelineInfra infra;
  static IngestService ingest;

  @BeforeAll
  static void start(PipelineInfra shared) {
    infra = shared;
    ingest = IngestService.start(config("idem-a"));
  }

  @AfterAll
  static void stop() {
    ingest.close();
  }

  static IngestConfig config(String instance) {
    return new IngestConfig(
            "127.0.0.1",
            0,
            ApiKeys.parse("vov:" + ApiKeys.sha256Hex(IngestApiIT.VOV_KEY)),
            64 * 1024,
            infra.kafka())
        .withInstanceId(instance + "-" + System.nanoTime());
  }

  static HttpResponse<String> json(int port, String body) throws Exception {
    return IngestApiIT.post(
        port,
        IngestApiIT.VOV_KEY,
        "application/json",
        body.getBytes(StandardCharsets.UTF_8),
        Map.of());
  }

  static HttpResponse<String> withdraw(int port, String id, String body) throws Exception {
    var req =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/stories/" + id + "/withdraw"))
            .header("Authorization", "Bearer " + IngestApiIT.VOV_KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return IngestApiIT.HTTP.send(req, HttpResponse.BodyHandlers.ofString());
  }

  static long rawCount(String urn) {
    return TopicReader.<String, RawStory>readToEnd(
            infra.bootstrapServers(),
            Topics.RAW,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            Duration.ofSeconds(20))
        .stream()
        .filter(r -> urn.equals(r.key()))
        .count();
  }

  static String story(String id, int version, String body) {
    return "{\"agencyStoryId\":\""
        + id
        + "\",\"version\":"
        + version
        + ",\"body\":\""
        + body
        + "\"}";
  }

  @Test
  void aRetryGetsTheSameAnswerAndWritesNothing() throws Exception {
    var first = json(ingest.port(), story("idem-1", 1, "Body one."));
    assertThat(first.statusCode()).isEqualTo(202);
    long raw = TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW);
    long receipts = TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.INGEST_RECEIPTS);

    // the same story again, even with other JSON whitespace: a retry after a timeout
    var again =
        json(
            ingest.port(),
            "{ \"version\": 1, \"agencyStoryId\": \"idem-1\", \"body\": \"Body one.\" }");

    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW)).isEqualTo(raw);
    assertThat(TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.INGEST_RECEIPTS))
        .isEqualTo(receipts);
    assertThat(rawCount("urn:newswire:vov:idem-1")).isEqualTo(1);
  }

  @Test
  void differentContentUnderTheSameVersionIsAConflictAndANewVersionAnUpdate() throws Exception {
    assertThat(json(ingest.port(), story("idem-2", 1, "Original.")).statusCode()).isEqualTo(202);
    long raw = TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW);

    var conflict = json(ingest.port(), story("idem-2", 1, "Changed without a new version."));
    assertThat(conflict.statusCode()).isEqualTo(409);
    JsonNode p = IngestApiIT.JSON.readTree(conflict.body());
    assertThat(p.get("type").asText()).endsWith("/version-conflict");
    assertThat(p.get("field").asText()).isEqualTo("version");
    assertThat(TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW)).isEqualTo(raw);

    var update = json(ingest.port(), story("idem-2", 2, "Updated."));
    assertThat(update.statusCode()).isEqualTo(202);
    assertThat(IngestApiIT.JSON.readTree(update.body()).get("version").asInt()).isEqualTo(2);
    assertThat(rawCount("urn:newswire:vov:idem-2")).isEqualTo(2);
  }

  @Test
  void concurrentDuplicateTransmissionsAreWrittenOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<HttpResponse<String>>> calls =
          java.util.Collections.nCopies(
              8, () -> json(ingest.port(), story("idem-3", 1, "Sent eight times at once.")));
      List<Future<HttpResponse<String>>> answers = pool.invokeAll(calls);
      String ingestId = null;
      for (Future<HttpResponse<String>> f : answers) {
        assertThat(f.get().statusCode()).isEqualTo(202);
        String id = IngestApiIT.JSON.readTree(f.get().body()).get("ingestId").asText();
        ingestId = ingestId == null ? id : ingestId;
        assertThat(id).isEqualTo(ingestId);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(rawCount("urn:newswire:vov:idem-3")).isEqualTo(1);
  }

  @Test
  void theWithdrawApiWritesAKillAsTheNextVersionAndARetryOfItWritesNothing() throws Exception {
    assertThat(json(ingest.port(), story("idem-4", 3, "To be killed.")).statusCode())
        .isEqualTo(202);

    var kill = withdraw(ingest.port(), "idem-4", "{\"reason\": \"Legal: withdrawn\"}");
    assertThat(kill.statusCode()).isEqualTo(202);
    assertThat(IngestApiIT.JSON.readTree(kill.body()).get("version").asInt()).isEqualTo(4);
    long raw = TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW);
    var retry = withdraw(ingest.port(), "idem-4", "{\"reason\": \"Legal: withdrawn\"}");
    assertThat(retry.statusCode()).isEqualTo(202);
    assertThat(retry.body()).isEqualTo(kill.body());
    assertThat(TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW)).isEqualTo(raw);

    List<ConsumerRecord<String, RawStory>> records =
        IngestApiIT.rawRecordsFor("urn:newswire:vov:idem-4", 2);
    RawStory last = records.get(records.size() - 1).value();
    assertThat(last.getVersion()).isEqualTo(4);
    assertThat(last.getPubStatus()).isEqualTo(PubStatus.canceled);
    assertThat(last.getParsed().getBody()).isEqualTo("Legal: withdrawn");

    var unknown = withdraw(ingest.port(), "never-sent", "");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(IngestApiIT.JSON.readTree(unknown.body()).get("type").asText())
        .endsWith("/unknown-story");
  }

  /**
   * Each refusal of the withdraw endpoint as a problem: status, type, field and detail; nothing
   * written.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      bad id    | a!b  | {}             | 400 | invalid-story | agencyStoryId | agencyStoryId must be 1-200 letters
      malformed | w-6  | {"version":    | 400 | invalid-story |               | the body must be a JSON object:
      array     | w-6  | [1]            | 400 | invalid-story |               | the body must be a JSON object
      version 0 | w-6  | {"version": 0} | 400 | invalid-story | version       | version must be a whole number
      reason 7  | w-6  | {"reason": 7}  | 400 | invalid-story | reason        | reason must be a string
      unknown   | nv-6 |                | 404 | unknown-story | agencyStoryId | No version of urn:newswire:vov:nv-6 was
      """)
  void aRefusedWithdrawalIsAProblemAndWritesNothing(
      String name, String id, String body, int status, String type, String field, String detail)
      throws Exception {
    long before = TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW);
    var res = withdraw(ingest.port(), id, body == null ? "" : body);
    assertThat(res.statusCode()).isEqualTo(status);
    JsonNode p = IngestApiIT.JSON.readTree(res.body());
    assertThat(p.get("type").asText()).endsWith("/" + type);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("detail").asText()).startsWith(detail);
    if (field == null) {
      assertThat(p.has("field")).as("no field").isFalse();
    } else {
      assertThat(p.get("field").asText()).isEqualTo(field);
    }
    assertThat(TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW))
        .as("nothing written")
        .isEqualTo(before);
  }

  @Test
  void theMemorySurvivesARestartAndIsOnTheReceiptsTopic() throws Exception {
    var first = json(ingest.port(), story("idem-5", 1, "Before the restart."));
    assertThat(first.statusCode()).isEqualTo(202);
    String ingestId = IngestApiIT.JSON.readTree(first.body()).get("ingestId").asText();
    var receipts =
        TopicReader.<String, IngestReceipt>readUntil(
            infra.bootstrapServers(),
            Topics.INGEST_RECEIPTS,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            recs -> recs.stream().anyMatch(r -> r.key().equals("urn:newswire:vov:idem-5#1")),
            Duration.ofSeconds(20));
    IngestReceipt receipt =
        receipts.stream()
            .filter(r -> r.key().equals("urn:newswire:vov:idem-5#1"))
            .findFirst()
            .orElseThrow()
            .value();
    assertThat(receipt.getIngestId()).isEqualTo(ingestId);

    try (IngestService restarted = IngestService.start(config("idem-b"))) {
      var again = json(restarted.port(), story("idem-5", 1, "Before the restart."));
      assertThat(again.statusCode()).isEqualTo(202);
      assertThat(IngestApiIT.JSON.readTree(again.body()).get("ingestId").asText())
          .isEqualTo(ingestId);
      assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }
    assertThat(rawCount("urn:newswire:vov:idem-5")).isEqualTo(1);
  }
}
