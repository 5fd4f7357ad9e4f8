package io.newswire.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.platform.AvroSerdes;
import io.newswire.platform.Topics;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * enrich-service on the real broker and registry, with poison written straight into news.raw.v1 between good stories:
 * every good story comes out on news.enriched.v1 exactly once, every poison record is on news.dlq.v1 exactly once
 * with its original bytes and the reason, and the app keeps running.
 */
@WithPipelineInfra
class EnrichReliabilityIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String APP_ID = "enrich-reliability-" + RUN;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static PipelineInfra infra;
  static EnrichService enrich;

  @BeforeAll
  static void start(PipelineInfra shared, @TempDir Path state) {
    infra = shared;
    enrich = EnrichService.start(new EnrichService.Config("127.0.0.1", 0, APP_ID, state.toString(), infra.kafka()));
  }

  @AfterAll
  static void stop() {
    if (enrich != null) {
      enrich.close();
    }
  }

  static String id(String name) {
    return "rel-" + RUN + "-" + name;
  }

  static String urn(String name) {
    return "urn:newswire:vna:" + id(name);
  }

  static RawStory story(String name, String body) {
    return RawStory.newBuilder()
        .setUrn(urn(name)).setAgency("vna").setAgencyStoryId(id(name)).setVersion(1)
        .setReceivedAt(java.time.Instant.parse("2026-11-27T02:00:00Z")).setIngestId("ingest-" + name)
        .setFormat(io.newswire.schema.v1.StoryFormat.PLAIN_TEXT).setContentType("text/plain")
        .setPayload(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8))).setPubStatus(PubStatus.usable)
        .setParsed(ParsedFields.newBuilder().setBody(body).setFirstCreated("2026-11-27T09:30:00").build())
        .build();
  }

  /** A poison record: what is written, and what the dead letter must say. */
  record Poison(String key, byte[] value, String phase, String reasonContains) {}

  @Test
  void poisonIsDeadLetteredOnceWithItsBytesAndEveryGoodStoryComesOutExactlyOnce() throws Exception {
    Serializer<RawStory> avro = AvroSerdes.serializer(infra.kafka(), false);
    Map<String, byte[]> good = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      RawStory s = story("good-" + i, "HANOI, Nov. 27 (VNA) - ASEAN digital ministers met for the " + i
          + "th time and adopted an AI roadmap.");
      good.put(s.getUrn(), avro.serialize(Topics.RAW, s));
    }
    byte[] wellFormed = good.values().iterator().next();
    byte[] unknownId = Arrays.copyOf(wellFormed, wellFormed.length);
    unknownId[1] = 0x7f; // schema id 0x7f..: no such content id in the registry
    unknownId[2] = (byte) 0xff;
    byte[] truncated = Arrays.copyOf(wellFormed, 12); // a known schema id, then Avro cut short

    List<Poison> poison = List.of(
        new Poison(urn("poison-text"), "this is not Avro".getBytes(StandardCharsets.UTF_8), "DESERIALIZATION",
            "not in the Confluent wire format"),
        new Poison(urn("poison-empty"), new byte[0], "DESERIALIZATION", "fewer than the 5-byte header"),
        new Poison(urn("poison-unknown-schema"), unknownId, "DESERIALIZATION", "No content with id"),
        new Poison(urn("poison-truncated"), truncated, "DESERIALIZATION", "bytes are available"),
        new Poison(urn("poison-blank-body"), avro.serialize(Topics.RAW, story("poison-blank-body", " \n ")),
            "PROCESSING", "blank body"),
        new Poison(urn("poison-key-mismatch"), avro.serialize(Topics.RAW, story("poison-key-mismatch-x", "ASEAN.")),
            "PROCESSING", "is not the story's urn"),
        new Poison(urn("poison-tombstone"), null, "PROCESSING", "tombstone"));

    // good, poison, good, poison...; a duplicate transmission of a good story; more good stories after the last poison
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    List<String> goodKeys = new ArrayList<>(good.keySet());
    for (int i = 0; i < goodKeys.size(); i++) {
      records.add(record(goodKeys.get(i), good.get(goodKeys.get(i))));
      if (i < poison.size()) {
        records.add(record(poison.get(i).key(), poison.get(i).value()));
      }
    }
    records.add(record(goodKeys.get(0), good.get(goodKeys.get(0))));
    try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", infra.bootstrapServers(),
        "acks", "all", "enable.idempotence", true), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (var r : records) {
        producer.send(r);
      }
      producer.flush();
    }

    Progress.awaitCaughtUp(infra.bootstrapServers(), APP_ID, Topics.RAW, Duration.ofSeconds(120));

    Map<String, List<EnrichedStory>> out = TopicReader.<String, EnrichedStory>readToEnd(infra.bootstrapServers(),
            Topics.ENRICHED, new StringDeserializer(), AvroSerdes.deserializer(infra.kafka(), false),
            Duration.ofSeconds(60)).stream()
        .filter(r -> r.key() != null && r.key().contains(RUN))
        .collect(Collectors.groupingBy(ConsumerRecord::key, LinkedHashMap::new,
            Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
    assertThat(out.keySet()).containsExactlyInAnyOrderElementsOf(good.keySet());
    out.forEach((key, values) -> assertThat(values).as(key).hasSize(1));
    EnrichedStory one = out.get(goodKeys.get(0)).get(0);
    assertThat(one.getDateline().getCredit()).isEqualTo("VNA");
    assertThat(one.getFirstCreatedUtc()).isEqualTo(java.time.Instant.parse("2026-11-27T02:30:00Z"));

    Map<String, List<DeadLetter>> letters = TopicReader.<String, DeadLetter>readToEnd(infra.bootstrapServers(),
            Topics.DLQ, new StringDeserializer(), AvroSerdes.deserializer(infra.kafka(), false),
            Duration.ofSeconds(60)).stream()
        .filter(r -> r.key() != null && r.key().contains(RUN))
        .collect(Collectors.groupingBy(ConsumerRecord::key, HashMap::new,
            Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
    assertThat(letters.keySet()).containsExactlyInAnyOrderElementsOf(poison.stream().map(Poison::key).toList());
    Map<String, Poison> byKey = poison.stream().collect(Collectors.toMap(Poison::key, Function.identity()));
    letters.forEach((key, list) -> {
      assertThat(list).as(key).hasSize(1);
      DeadLetter letter = list.get(0);
      Poison p = byKey.get(key);
      assertThat(letter.getStage()).as(key).isEqualTo(APP_ID);
      assertThat(letter.getPhase()).as(key).isEqualTo(p.phase());
      assertThat(letter.getSourceTopic()).as(key).isEqualTo(Topics.RAW);
      assertThat(letter.getReason()).as(key).isNotBlank().contains(p.reasonContains());
      assertThat(letter.getExceptionClass()).as(key).isNotBlank();
      assertThat(bytes(letter.getKey())).as(key).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
      if (p.value() == null) {
        assertThat(letter.getValue()).as(key).isNull();
      } else {
        assertThat(bytes(letter.getValue())).as(key).isEqualTo(p.value());
      }
    });

    assertThat(enrich.app().streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    var ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + enrich.port() + "/health/ready"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
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
