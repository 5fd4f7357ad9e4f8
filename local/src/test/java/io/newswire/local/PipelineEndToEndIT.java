package io.newswire.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.EnrichService;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.StoryLimits;
import io.newswire.platform.Topics;
import io.newswire.publish.PublishService;
import io.newswire.schema.v1.Caption;
import io.newswire.schema.v1.DeadLetter;
import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.Subject;
import io.newswire.testkit.CorpusText;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.Progress;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One story through ingest → enrich → publish, on the real broker and the real registry. */
@WithPipelineInfra
class PipelineEndToEndIT {
  static final String VOV_KEY = "e2e-vov-key";
  static final String URN = "urn:newswire:vov:vov-asean-digital-ministers";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static PipelineInfra infra;
  static IngestService ingest;
  static EnrichService enrich;
  static PublishService publish;
  static String reference;

  @BeforeAll
  static void start(PipelineInfra shared, @TempDir Path state) throws Exception {
    infra = shared;
    reference =
        Files.readString(
            CorpusText.repoRoot().resolve("corpus/vov-asean-digital-ministers.fr.txt"));
    enrich =
        EnrichService.start(
            new EnrichService.Config(
                "127.0.0.1", 0, "e2e-enrich", state.resolve("enrich").toString(), infra.kafka()));
    publish =
        PublishService.start(
            TestKeys.publish(
                new PublishService.Config(
                    "127.0.0.1",
                    0,
                    "e2e-publish",
                    state.resolve("publish").toString(),
                    infra.kafka())));
    ingest =
        IngestService.start(
            new IngestConfig(
                "127.0.0.1",
                0,
                ApiKeys.parse("vov:" + ApiKeys.sha256Hex(VOV_KEY)),
                1 << 20,
                infra.kafka()));
  }

  @AfterAll
  static void stop() {
    ingest.close();
    publish.close();
    enrich.close();
  }

  static HttpResponse<String> postReference(String key) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/v1/stories"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "text/plain; charset=utf-8")
            .header("X-Story-Id", "vov-asean-digital-ministers")
            .header("X-Story-Version", "1")
            .POST(HttpRequest.BodyPublishers.ofString(reference, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static List<ConsumerRecord<String, NewsEvent>> published(String urn, int atLeast) {
    return TopicReader.<String, NewsEvent>readUntil(
            infra.bootstrapServers(),
            Topics.PUBLISHED,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            recs -> recs.stream().filter(r -> urn.equals(r.key())).count() >= atLeast,
            Duration.ofSeconds(60))
        .stream()
        .filter(r -> urn.equals(r.key()))
        .toList();
  }

  @Test
  void theReferenceStoryComesOutTaggedInFrenchWithItsCaptionsOutOfTheBody_andOnlyOnce()
      throws Exception {
    assertThat(postReference(VOV_KEY).statusCode()).isEqualTo(202);

    NewsEvent event = published(URN, 1).get(0).value();
    assertThat(event.getLanguage()).isEqualTo("fr");
    assertThat(event.getSubjects())
        .extracting(Subject::getCode)
        .containsExactlyInAnyOrder("ASEAN", "DIGITAL_TRANSFORMATION", "AI");
    assertThat(event.getCaptions())
        .hasSize(3)
        .extracting(Caption::getCredit)
        .containsOnly("Lai Hoa/VOV");
    String body = event.getBodies().get(0).getValue();
    assertThat(body)
        .doesNotContain("Photo:")
        .doesNotContain("(gauche) lors de la conférence")
        .contains("Tel est le message délivré par le Premier ministre Pham Minh Chinh");
    assertThat(event.getEventType()).isEqualTo(EventType.PUBLISHED);
    assertThat(event.getSource()).isEqualTo("vov");
    assertThat(event.getHeadlines().get(0).getRole()).isEqualTo("derived");

    // The same transmission again (an agency retrying after a timeout): accepted, and still one
    // event.
    var again = postReference(VOV_KEY);
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.body()).contains(URN);
    Progress.awaitCaughtUp(
        infra.bootstrapServers(), "e2e-enrich", Topics.RAW, Duration.ofSeconds(60));
    Progress.awaitCaughtUp(
        infra.bootstrapServers(), "e2e-publish", Topics.ENRICHED, Duration.ofSeconds(60));
    var all =
        TopicReader.<String, NewsEvent>readToEnd(
            infra.bootstrapServers(),
            Topics.PUBLISHED,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            Duration.ofSeconds(30));
    assertThat(all.stream().filter(r -> URN.equals(r.key()))).hasSize(1);

    // ... and publish-service serves it over HTTP.
    var get =
        HTTP.send(
            TestKeys.asReader(
                    URI.create("http://127.0.0.1:" + publish.port() + "/v1/stories/" + URN))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).contains("\"uri\":\"" + URN + "\"").contains("\"language\":\"fr\"");
  }

  /**
   * A story of exactly the maximum (1 MiB of corpus text) goes all the way: its raw record (payload
   * and text, over 2 MiB), its enriched record and its events are within every producer's and
   * topic's limits, publish's latest-events store (whose changelog Streams creates) included.
   */
  @Test
  void aStoryOfExactlyTheMaximumIsPublishedAndIsTheLatestEventOfItsStory() throws Exception {
    String urn = "urn:newswire:vov:e2e-at-max";
    byte[] body =
        CorpusText.ofUtf8Bytes(StoryLimits.DEFAULT_MAX_STORY_BYTES)
            .getBytes(StandardCharsets.UTF_8);
    var res =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/v1/stories"))
                .header("Authorization", "Bearer " + VOV_KEY)
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("X-Story-Id", "e2e-at-max")
                .header("X-Story-Version", "1")
                .header("Content-Language", "fr")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(202);

    for (String topic : List.of(Topics.PUBLISHED, Topics.STORIES_LATEST)) {
      var records =
          TopicReader.<String, NewsEvent>readUntil(
                  infra.bootstrapServers(),
                  topic,
                  new StringDeserializer(),
                  AvroSerdes.deserializer(infra.kafka(), false),
                  recs -> recs.stream().anyMatch(r -> urn.equals(r.key())),
                  Duration.ofMinutes(3))
              .stream()
              .filter(r -> urn.equals(r.key()))
              .toList();
      assertThat(records).as(topic).hasSize(1);
      NewsEvent event = records.get(0).value();
      assertThat(event.getUri()).isEqualTo(urn);
      assertThat(event.getEventType()).isEqualTo(EventType.PUBLISHED);
      String text = event.getBodies().get(0).getValue();
      assertThat(text)
          .contains("Tel est le message délivré par le Premier ministre Pham Minh Chinh");
      assertThat(text.getBytes(StandardCharsets.UTF_8).length)
          .as("most of the megabyte, normalized")
          .isGreaterThan(StoryLimits.DEFAULT_MAX_STORY_BYTES * 8 / 10);
    }
  }

  static HttpResponse<String> postText(String storyId, String urgency) throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/v1/stories"))
            .header("Authorization", "Bearer " + VOV_KEY)
            .header("Content-Type", "text/plain; charset=utf-8")
            .header("X-Story-Id", storyId)
            .header("X-Story-Version", "1")
            .header("Content-Language", "fr");
    if (urgency != null) {
      req.header("X-Urgency", urgency);
    }
    return HTTP.send(
        req.POST(HttpRequest.BodyPublishers.ofString(reference, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> getPublish(String pathAndQuery) throws Exception {
    return HTTP.send(
        TestKeys.asReader(URI.create("http://127.0.0.1:" + publish.port() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The URNs of {@code GET /v1/stories} with this query, every page. */
  static List<String> listed(String query) throws Exception {
    List<String> urns = new java.util.ArrayList<>();
    String cursor = null;
    do {
      var res =
          getPublish(
              "/v1/stories?limit=500&"
                  + query
                  + (cursor == null
                      ? ""
                      : "&cursor=" + java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
      assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
      var page = new com.fasterxml.jackson.databind.ObjectMapper().readTree(res.body());
      page.get("items").forEach(i -> urns.add(i.get("uri").asText()));
      cursor = page.get("next").isNull() ? null : page.get("next").asText();
    } while (cursor != null);
    return urns;
  }

  /**
   * Issue 15: a flash (X-Urgency: 1) keeps its urgency through every stage, and {@code
   * maxUrgency=2} lists it but neither a story of urgency 5 nor one without urgency.
   */
  @Test
  void aFlashKeepsItsUrgencyToTheEventAndMaxUrgencyListsOnlyKnownUrgenciesAtMostIt()
      throws Exception {
    String flash = "urn:newswire:vov:e2e-urgency-flash";
    String routine = "urn:newswire:vov:e2e-urgency-5";
    String none = "urn:newswire:vov:e2e-urgency-none";
    assertThat(postText("e2e-urgency-flash", "1").statusCode()).isEqualTo(202);
    assertThat(postText("e2e-urgency-5", "5").statusCode()).isEqualTo(202);
    assertThat(postText("e2e-urgency-none", null).statusCode()).isEqualTo(202);
    var refused = postText("e2e-urgency-bad", "10");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("invalid-story").contains("\"field\":\"urgency\"");

    assertThat(published(flash, 1).get(0).value().getUrgency()).isEqualTo(1);
    assertThat(published(routine, 1).get(0).value().getUrgency()).isEqualTo(5);
    assertThat(published(none, 1).get(0).value().getUrgency()).isNull();
    Progress.awaitCaughtUp(
        infra.bootstrapServers(), "e2e-publish", Topics.ENRICHED, Duration.ofSeconds(60));

    var get = getPublish("/v1/stories/" + flash);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).contains("\"urgency\":1");

    List<String> flashes = listed("maxUrgency=2");
    assertThat(flashes).contains(flash).doesNotContain(routine, none);
    assertThat(listed("maxUrgency=5")).contains(flash, routine).doesNotContain(none);
    assertThat(listed("tag=ASEAN")).contains(flash, routine, none);

    var invalid = getPublish("/v1/stories?maxUrgency=0");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(invalid.body()).contains("\"field\":\"maxUrgency\"");
    var stream =
        HTTP.send(
            TestKeys.asReader(
                    URI.create("http://127.0.0.1:" + publish.port() + "/v1/stream?maxUrgency=high"))
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(stream.statusCode()).isEqualTo(400);
    assertThat(stream.body()).contains("\"field\":\"maxUrgency\"");
  }

  @Test
  void aWrongApiKeyGets401AndNothingReachesTheRawTopic() throws Exception {
    long before = TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW);
    var res = postReference("not-the-vov-key");
    assertThat(res.statusCode()).isEqualTo(401);
    assertThat(res.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW)).isEqualTo(before);
  }

  @Test
  void aPoisonRecordIsDeadLetteredWithItsBytesAndTheStreamKeepsRunning() throws Exception {
    byte[] poison = "this is not Avro".getBytes(StandardCharsets.UTF_8);
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", infra.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.RAW, "urn:newswire:vov:poison".getBytes(StandardCharsets.UTF_8), poison))
          .get();
    }
    var letters =
        TopicReader.<String, DeadLetter>readUntil(
                infra.bootstrapServers(),
                Topics.DLQ,
                new StringDeserializer(),
                AvroSerdes.deserializer(infra.kafka(), false),
                recs -> recs.stream().anyMatch(r -> "urn:newswire:vov:poison".equals(r.key())),
                Duration.ofSeconds(60))
            .stream()
            .filter(r -> "urn:newswire:vov:poison".equals(r.key()))
            .toList();
    assertThat(letters).hasSize(1);
    DeadLetter letter = letters.get(0).value();
    assertThat(letter.getStage()).isEqualTo("e2e-enrich");
    assertThat(letter.getPhase()).isEqualTo("DESERIALIZATION");
    assertThat(letter.getSourceTopic()).isEqualTo(Topics.RAW);
    assertThat(letter.getReason()).contains("not in the Confluent wire format");
    assertThat(bytes(letter.getValue())).isEqualTo(poison);

    // still running: a good story after the poison one comes out
    var res =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/v1/stories"))
                .header("Authorization", "Bearer " + VOV_KEY)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"agencyStoryId\":\"after-poison\",\"version\":1,\"body\":\"ASEAN leaders meet in Hanoi.\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(202);
    assertThat(published("urn:newswire:vov:after-poison", 1)).hasSize(1);
    assertThat(enrich.app().readiness().ready()).isTrue();
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
