package io.newswire.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.platform.AccessSettings;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.DeadLetterHandler;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Topics;
import io.newswire.platform.core.access.AdminKeys;
import io.newswire.platform.core.access.KeyRing;
import io.newswire.schema.v1.DeadLetter;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RawStory;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * enrich-service on the real broker and registry, with poison written straight into news.raw.v1
 * between good stories: every good story comes out on news.enriched.v1 exactly once, every poison
 * record is on news.dlq.v1 exactly once with its original bytes and the reason, and the app keeps
 * running. A schema id the registry does not know is retried for {@code
 * NEWSWIRE_UNKNOWN_SCHEMA_GRACE_SECONDS} first: the poison test runs with no grace, and {@link
 * #anUnknownSchemaIdIsRetriedForTheGrace_thenDeadLettered_andTheStoriesBehindItComeOut} with one.
 * Each test runs its own app, so that only one app writes the stories of a test.
 */
@WithPipelineInfra
@TestMethodOrder(
    MethodOrderer.OrderAnnotation
        .class) // the grace test first: its app then reads no one else's poison
class EnrichReliabilityIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String APP_ID = "enrich-reliability-" + RUN;

  /** The grace test's stories: not of {@link #RUN}, whose test counts what it finds of its own. */
  static final String GRACE_RUN = UUID.randomUUID().toString().substring(0, 8);

  static final HttpClient HTTP = HttpClient.newHttpClient();

  static PipelineInfra infra;

  @BeforeAll
  static void start(PipelineInfra shared) {
    infra = shared;
  }

  /** An operator's key: {@code /metrics} requires it. */
  static final String OPS_KEY = "ops-" + java.util.UUID.randomUUID();

  /** enrich-service with the given grace for unknown schema ids. */
  static EnrichService enrich(String appId, Path state, Duration unknownSchemaGrace) {
    KafkaSettings kafka =
        new KafkaSettings(
            infra.bootstrapServers(),
            infra.registryUrl(),
            Map.of(
                DeadLetterHandler.UNKNOWN_SCHEMA_GRACE_CONFIG,
                Long.toString(unknownSchemaGrace.toMillis())));
    return EnrichService.start(
        new EnrichService.Config("127.0.0.1", 0, appId, state.toString(), kafka)
            .withAccess(
                AccessSettings.defaults()
                    .withAdminKeys(AdminKeys.parse("ops:" + KeyRing.sha256Hex(OPS_KEY)))));
  }

  static String id(String name) {
    return "rel-" + RUN + "-" + name;
  }

  static String urn(String name) {
    return "urn:newswire:vna:" + id(name);
  }

  static RawStory story(String name, String body) {
    return storyWithId(id(name), body);
  }

  static RawStory storyWithId(String id, String body) {
    return RawStory.newBuilder()
        .setUrn("urn:newswire:vna:" + id)
        .setAgency("vna")
        .setAgencyStoryId(id)
        .setVersion(1)
        .setReceivedAt(java.time.Instant.parse("2026-11-27T02:00:00Z"))
        .setIngestId("ingest-" + id)
        .setFormat(io.newswire.schema.v1.StoryFormat.PLAIN_TEXT)
        .setContentType("text/plain")
        .setPayload(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
        .setPubStatus(PubStatus.usable)
        .setParsed(
            ParsedFields.newBuilder().setBody(body).setFirstCreated("2026-11-27T09:30:00").build())
        .build();
  }

  /** A poison record: what is written, and what the dead letter must say. */
  record Poison(String key, byte[] value, String phase, String reasonContains) {}

  @Test
  @Order(2)
  void poisonIsDeadLetteredOnceWithItsBytesAndEveryGoodStoryComesOutExactlyOnce(@TempDir Path state)
      throws Exception {
    try (EnrichService enrich = enrich(APP_ID, state, Duration.ZERO)) {
      poisonIsDeadLetteredOnce(enrich);
    }
  }

  void poisonIsDeadLetteredOnce(EnrichService enrich) throws Exception {
    Serializer<RawStory> avro = AvroSerdes.serializer(infra.kafka(), false);
    Map<String, byte[]> good = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      RawStory s =
          story(
              "good-" + i,
              "HANOI, Nov. 27 (VNA) - ASEAN digital ministers met for the "
                  + i
                  + "th time and adopted an AI roadmap.");
      good.put(s.getUrn(), avro.serialize(Topics.RAW, s));
    }
    byte[] wellFormed = good.values().iterator().next();
    byte[] unknownId = Arrays.copyOf(wellFormed, wellFormed.length);
    unknownId[1] = 0x7f; // schema id 0x7f..: no such content id in the registry
    unknownId[2] = (byte) 0xff;
    byte[] truncated = Arrays.copyOf(wellFormed, 12); // a known schema id, then Avro cut short

    List<Poison> poison =
        List.of(
            new Poison(
                urn("poison-text"),
                "this is not Avro".getBytes(StandardCharsets.UTF_8),
                "DESERIALIZATION",
                "not in the Confluent wire format"),
            new Poison(
                urn("poison-empty"),
                new byte[0],
                "DESERIALIZATION",
                "fewer than the 5-byte header"),
            new Poison(
                urn("poison-unknown-schema"), unknownId, "DESERIALIZATION", "No content with id"),
            new Poison(
                urn("poison-truncated"), truncated, "DESERIALIZATION", "bytes are available"),
            new Poison(
                urn("poison-blank-body"),
                avro.serialize(Topics.RAW, story("poison-blank-body", " \n ")),
                "PROCESSING",
                "blank body"),
            new Poison(
                urn("poison-key-mismatch"),
                avro.serialize(Topics.RAW, story("poison-key-mismatch-x", "ASEAN.")),
                "PROCESSING",
                "is not the story's urn"),
            new Poison(urn("poison-tombstone"), null, "PROCESSING", "tombstone"));

    // good, poison, good, poison...; a duplicate transmission of a good story; more good stories
    // after the last poison
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    List<String> goodKeys = new ArrayList<>(good.keySet());
    for (int i = 0; i < goodKeys.size(); i++) {
      records.add(record(goodKeys.get(i), good.get(goodKeys.get(i))));
      if (i < poison.size()) {
        records.add(record(poison.get(i).key(), poison.get(i).value()));
      }
    }
    records.add(record(goodKeys.get(0), good.get(goodKeys.get(0))));
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                infra.bootstrapServers(),
                "acks",
                "all",
                "enable.idempotence",
                true),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (var r : records) {
        producer.send(r);
      }
      producer.flush();
    }

    Progress.awaitCaughtUp(infra.bootstrapServers(), APP_ID, Topics.RAW, Duration.ofSeconds(120));

    Map<String, List<EnrichedStory>> out =
        TopicReader.<String, EnrichedStory>readToEnd(
                infra.bootstrapServers(),
                Topics.ENRICHED,
                new StringDeserializer(),
                AvroSerdes.deserializer(infra.kafka(), false),
                Duration.ofSeconds(60))
            .stream()
            .filter(r -> r.key() != null && r.key().contains(RUN))
            .collect(
                Collectors.groupingBy(
                    ConsumerRecord::key,
                    LinkedHashMap::new,
                    Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
    assertThat(out.keySet()).containsExactlyInAnyOrderElementsOf(good.keySet());
    out.forEach((key, values) -> assertThat(values).as(key).hasSize(1));
    EnrichedStory one = out.get(goodKeys.get(0)).get(0);
    assertThat(one.getDateline().getCredit()).isEqualTo("VNA");
    assertThat(one.getFirstCreatedUtc()).isEqualTo(java.time.Instant.parse("2026-11-27T02:30:00Z"));

    Map<String, List<DeadLetter>> letters =
        TopicReader.<String, DeadLetter>readToEnd(
                infra.bootstrapServers(),
                Topics.DLQ,
                new StringDeserializer(),
                AvroSerdes.deserializer(infra.kafka(), false),
                Duration.ofSeconds(60))
            .stream()
            .filter(r -> r.key() != null && r.key().contains(RUN))
            .collect(
                Collectors.groupingBy(
                    ConsumerRecord::key,
                    HashMap::new,
                    Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
    assertThat(letters.keySet())
        .containsExactlyInAnyOrderElementsOf(poison.stream().map(Poison::key).toList());
    Map<String, Poison> byKey =
        poison.stream().collect(Collectors.toMap(Poison::key, Function.identity()));
    letters.forEach(
        (key, list) -> {
          assertThat(list).as(key).hasSize(1);
          DeadLetter letter = list.get(0);
          Poison p = byKey.get(key);
          assertThat(letter.getStage()).as(key).isEqualTo(APP_ID);
          assertThat(letter.getPhase()).as(key).isEqualTo(p.phase());
          assertThat(letter.getSourceTopic()).as(key).isEqualTo(Topics.RAW);
          assertThat(letter.getReason()).as(key).isNotBlank().contains(p.reasonContains());
          assertThat(letter.getExceptionClass()).as(key).isNotBlank();
          assertThat(bytes(letter.getKey()))
              .as(key)
              .isEqualTo(key.getBytes(StandardCharsets.UTF_8));
          if (p.value() == null) {
            assertThat(letter.getValue()).as(key).isNull();
          } else {
            assertThat(bytes(letter.getValue())).as(key).isEqualTo(p.value());
          }
        });

    assertThat(enrich.app().streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    var ready =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + enrich.port() + "/health/ready"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
  }

  /**
   * With a grace, a record whose schema id the registry does not know holds its partition: it is
   * retried — the stream thread fails and is replaced, readiness is down naming the record — until
   * the grace has passed since its first failure, then dead-lettered with that reason, and the
   * story behind it comes out.
   */
  @Test
  @Order(1)
  void anUnknownSchemaIdIsRetriedForTheGrace_thenDeadLettered_andTheStoriesBehindItComeOut(
      @TempDir Path state) throws Exception {
    Duration grace = Duration.ofSeconds(10);
    String appId = "enrich-grace-" + GRACE_RUN;
    Serializer<RawStory> avro = AvroSerdes.serializer(infra.kafka(), false);
    String before = "grace-" + GRACE_RUN + "-before";
    String poison = "grace-" + GRACE_RUN + "-unknown-schema";
    String after = "grace-" + GRACE_RUN + "-after";
    byte[] unknownId = avro.serialize(Topics.RAW, storyWithId(poison, "ASEAN."));
    ByteBuffer.wrap(unknownId).putInt(1, 0x7fff_0001); // no such content id in the registry

    try (EnrichService graced = enrich(appId, state, grace);
        var producer =
            new KafkaProducer<>(
                Map.<String, Object>of(
                    "bootstrap.servers",
                    infra.bootstrapServers(),
                    "acks",
                    "all",
                    "enable.idempotence",
                    true),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
      // one partition, in this order: the story after the poison waits behind it
      long poisonOffset = -1;
      for (String id : List.of(before, poison, after)) {
        byte[] value =
            id.equals(poison)
                ? unknownId
                : avro.serialize(
                    Topics.RAW,
                    storyWithId(id, "HANOI (VNA) - ASEAN ministers adopted an AI roadmap."));
        var sent =
            producer
                .send(
                    new ProducerRecord<>(
                        Topics.RAW,
                        0,
                        ("urn:newswire:vna:" + id).getBytes(StandardCharsets.UTF_8),
                        value))
                .get();
        if (id.equals(poison)) {
          poisonOffset = sent.offset();
        }
      }
      String where = Topics.RAW + "-0@" + poisonOffset;

      String detail =
          await(Duration.ofSeconds(60))
              .until(() -> graced.app().readiness(), r -> !r.ready() && r.detail().contains(where))
              .detail();
      assertThat(detail)
          .contains("does not know the schema id of " + where)
          .contains("No content with id");
      Instant deadLetterAt =
          Instant.parse(detail.replaceAll(".*dead-lettered at (\\S+) unless.*", "$1"));
      assertThat(letters(appId, "urn:newswire:vna:" + poison))
          .as("not dead-lettered within the grace")
          .isEmpty();

      await(Duration.ofSeconds(90))
          .until(() -> !letters(appId, "urn:newswire:vna:" + poison).isEmpty());
      List<DeadLetter> letters = letters(appId, "urn:newswire:vna:" + poison);
      assertThat(letters).hasSize(1);
      DeadLetter letter = letters.get(0);
      assertThat(letter.getPhase()).isEqualTo("DESERIALIZATION");
      assertThat(letter.getReason()).contains("No content with id").contains("grace");
      assertThat(letter.getFailedAt()).isAfterOrEqualTo(deadLetterAt);
      assertThat(bytes(letter.getValue())).isEqualTo(unknownId);

      Progress.awaitCaughtUp(infra.bootstrapServers(), appId, Topics.RAW, Duration.ofSeconds(60));
      Map<String, Long> out =
          TopicReader.<String, EnrichedStory>readToEnd(
                  infra.bootstrapServers(),
                  Topics.ENRICHED,
                  new StringDeserializer(),
                  AvroSerdes.deserializer(infra.kafka(), false),
                  Duration.ofSeconds(60))
              .stream()
              .filter(r -> r.key() != null && r.key().contains(GRACE_RUN))
              .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
      assertThat(out)
          .isEqualTo(Map.of("urn:newswire:vna:" + before, 1L, "urn:newswire:vna:" + after, 1L));
      await(Duration.ofSeconds(30)).until(() -> graced.app().readiness().ready());
      URI metricsUri = URI.create("http://127.0.0.1:" + graced.port() + "/metrics");
      assertThat(
              HTTP.send(
                      HttpRequest.newBuilder(metricsUri).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .as("/metrics without an operator's key")
          .isEqualTo(401);
      String metrics =
          HTTP.send(
                  HttpRequest.newBuilder(metricsUri)
                      .header("Authorization", "Bearer " + OPS_KEY)
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .containsPattern(
              "newswire_registry_failures_total\\{[^}]*kind=\"unknown_schema\"[^}]*} "
                  + "([2-9]|\\d\\d+)\\.0"); // retried, not dead-lettered at the first failure
    }
  }

  /**
   * Awaitility, leaving the stream threads' exceptions to Kafka Streams (which replaces the
   * thread).
   */
  static ConditionFactory await(Duration atMost) {
    return Awaitility.await()
        .dontCatchUncaughtExceptions()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200));
  }

  /** The dead letters on news.dlq.v1 from {@code stage} for {@code key}. */
  static List<DeadLetter> letters(String stage, String key) {
    return TopicReader.<String, DeadLetter>readToEnd(
            infra.bootstrapServers(),
            Topics.DLQ,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            Duration.ofSeconds(30))
        .stream()
        .filter(r -> key.equals(r.key()) && stage.equals(r.value().getStage()))
        .map(ConsumerRecord::value)
        .toList();
  }

  static ProducerRecord<byte[], byte[]> record(String key, byte[] value) {
    return new ProducerRecord<>(Topics.RAW, key.getBytes(StandardCharsets.UTF_8), value);
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
