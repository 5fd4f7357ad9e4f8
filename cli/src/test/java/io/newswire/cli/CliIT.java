package io.newswire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newswire.enrich.EnrichService;
import io.newswire.infra.EmbeddedKafka;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.DeadLetter;
import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.StoryFormat;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every `newswire` command against the real broker and registry. */
@WithPipelineInfra
class CliIT {
  static final ObjectMapper JSON = new ObjectMapper();

  static RawStory raw(String agency, String id, String body) {
    return RawStory.newBuilder()
        .setUrn("urn:newswire:" + agency + ":" + id)
        .setAgency(agency)
        .setAgencyStoryId(id)
        .setVersion(1)
        .setReceivedAt(Instant.now())
        .setIngestId("cli-" + id)
        .setFormat(StoryFormat.PLAIN_TEXT)
        .setContentType("text/plain")
        .setPayload(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
        .setPubStatus(PubStatus.usable)
        .setParsed(ParsedFields.newBuilder().setBody(body).build())
        .build();
  }

  static void write(PipelineInfra infra, RawStory... stories) throws Exception {
    try (var p =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", infra.bootstrapServers()),
            new StringSerializer(),
            AvroSerdes.<RawStory>serializer(infra.kafka(), false))) {
      for (RawStory s : stories) {
        p.send(new ProducerRecord<>(Topics.RAW, s.getUrn(), s)).get();
      }
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] args :
        List.of(
            new String[] {"--help"},
            new String[] {"topics", "--help"},
            new String[] {"replay", "--help"},
            new String[] {"dlq", "redrive", "--help"},
            new String[] {"consumers", "reset", "--help"},
            new String[] {"tail", "--help"})) {
      Cli r = Cli.run("unused:1", "http://unused", args);
      assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
      assertThat(r.out()).contains("Usage:");
    }
    assertThat(Cli.run("unused:1", "http://unused", "--help").out())
        .contains("topics", "replay", "dlq", "consumers", "tail");
  }

  @Test
  void topicsCreatesWhatIsMissingAndReportsDrift(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka own =
        EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withDataDir(dir))) {
      String b = own.bootstrapServers();
      Cli verify = Cli.run(b, "http://unused", "topics", "--partitions", "2");
      assertThat(verify.exitCode()).isEqualTo(3);
      assertThat(verify.out()).contains("news.raw.v1: missing");

      Cli dry = Cli.run(b, "http://unused", "topics", "--create", "--dry-run", "--partitions", "2");
      assertThat(dry.out())
          .contains("would create news.raw.v1", "would create news.stories.latest.v1");
      try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", b))) {
        assertThat(admin.listTopics().names().get()).doesNotContain(Topics.RAW);
      }

      Cli create = Cli.run(b, "http://unused", "topics", "--create", "--partitions", "2");
      assertThat(create.exitCode()).as(create.out() + create.err()).isZero();
      assertThat(create.out()).contains("created news.raw.v1");

      // the story limit is part of the contract: topics made for 1 MiB stories drift from a 2 MiB
      // limit
      Cli larger =
          Cli.run(
              b, "http://unused", "topics", "--partitions", "2", "--max-story-bytes", "2097152");
      assertThat(larger.exitCode()).isEqualTo(3);
      assertThat(larger.out())
          .contains(
              "news.raw.v1: max.message.bytes=5242880, expected 9437184",
              "news.dlq.v1: max.message.bytes=5242880, expected 9437184");

      // so is the replication factor, and the min.insync.replicas that goes with it
      Cli replicated =
          Cli.run(b, "http://unused", "topics", "--partitions", "2", "--replication-factor", "3");
      assertThat(replicated.exitCode()).isEqualTo(3);
      assertThat(replicated.out())
          .contains(
              "news.raw.v1: replication factor 1, expected 3",
              "news.raw.v1: min.insync.replicas=1, expected 2",
              "news.webhooks.parked.v1: replication factor 1, expected 3");

      try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", b))) {
        var res = new ConfigResource(ConfigResource.Type.TOPIC, Topics.STORIES_LATEST);
        admin
            .incrementalAlterConfigs(
                Map.of(
                    res,
                    List.of(
                        new AlterConfigOp(
                            new ConfigEntry("cleanup.policy", "delete"),
                            AlterConfigOp.OpType.SET))))
            .all()
            .get();
      }
      // the broker applies a config change through its metadata log: it shows a moment after the
      // call returns
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Cli drift = Cli.run(b, "http://unused", "topics", "--partitions", "2");
                assertThat(drift.exitCode()).isEqualTo(3);
                assertThat(drift.out())
                    .contains("news.stories.latest.v1: cleanup.policy=delete, expected compact");
              });
    }
  }

  @Test
  void tailDecodesThroughTheRegistryAndFilters(PipelineInfra infra) throws Exception {
    write(infra, raw("tailone", "t-1", "first"), raw("tailtwo", "t-2", "second"));

    Cli r =
        Cli.run(infra, "tail", Topics.RAW, "--from-beginning", "--agency", "tailtwo", "--max", "5");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> lines = r.out().lines().map(CliIT::json).toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("key").asText()).isEqualTo("urn:newswire:tailtwo:t-2");
    assertThat(lines.get(0).get("value").get("parsed").get("body").asText()).isEqualTo("second");
  }

  @Test
  void aDeadLetterIsListedShownAndRedrivenAndComesBackWithItsNewReason(
      PipelineInfra infra, @TempDir Path state) throws Exception {
    try (EnrichService enrich =
        EnrichService.start(
            new EnrichService.Config(
                "127.0.0.1", 0, "cli-dlq-enrich", state.toString(), infra.kafka()))) {
      byte[] poison = "not avro at all".getBytes(StandardCharsets.UTF_8);
      try (var p =
          new KafkaProducer<>(
              Map.<String, Object>of("bootstrap.servers", infra.bootstrapServers()),
              new ByteArraySerializer(),
              new ByteArraySerializer())) {
        p.send(
                new ProducerRecord<>(
                    Topics.RAW, "urn:newswire:cli:poison".getBytes(StandardCharsets.UTF_8), poison))
            .get();
      }
      // other tests of this JVM may have dead-lettered records too: this test works on its own
      // letter
      String key = "urn:newswire:cli:poison";
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> lettersOf(infra, key).size() >= 1);
      String id =
          lettersOf(infra, key).get(0).partition() + ":" + lettersOf(infra, key).get(0).offset();

      Cli list = Cli.run(infra, "dlq", "list");
      assertThat(list.out())
          .contains(
              id + " ", "cli-dlq-enrich", "DESERIALIZATION", "not in the Confluent wire format")
          .containsPattern("\\d+ dead letter\\(s\\)");
      Cli show = Cli.run(infra, "dlq", "show", id);
      assertThat(json(show.out()).get("value").asText()).isEqualTo("not avro at all");
      assertThat(json(show.out()).get("attempt").asInt()).isEqualTo(1);

      long before = TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW);
      Cli dry = Cli.run(infra, "dlq", "redrive", id, "--dry-run");
      assertThat(dry.out()).contains("would redrive " + id + " to news.raw.v1");
      assertThat(TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW))
          .isEqualTo(before);

      Cli redrive = Cli.run(infra, "dlq", "redrive", id, "--no-progress");
      assertThat(redrive.exitCode()).as(redrive.err()).isZero();
      assertThat(redrive.out()).contains("redrove 1 dead letter(s)");

      // it is still poison: it comes back, as a second failure, with its reason
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> lettersOf(infra, key).size() >= 2);
      DeadLetter again = lettersOf(infra, key).get(1).value();
      assertThat(again.getAttempt()).isEqualTo(2);
      assertThat(again.getReason()).contains("not in the Confluent wire format");
      assertThat(enrich.app().readiness().ready()).isTrue();
    }
  }

  @Test
  void consumersShowsLagAndResetIsRefusedWhileTheGroupIsActive(
      PipelineInfra infra, @TempDir Path state) throws Exception {
    write(infra, raw("lag", "l-1", "ASEAN"));
    EnrichService enrich =
        EnrichService.start(
            new EnrichService.Config(
                "127.0.0.1", 0, "cli-lag-enrich", state.toString(), infra.kafka()));
    try {
      // processed and committed: the story is enriched and the group has no lag left
      TopicReader.readUntil(
          infra.bootstrapServers(),
          Topics.ENRICHED,
          new StringDeserializer(),
          new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
          recs -> recs.stream().anyMatch(r -> "urn:newswire:lag:l-1".equals(r.key())),
          Duration.ofSeconds(60));
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(Cli.run(infra, "consumers", "lag", "--group", "cli-lag-enrich").out())
                      .containsPattern("cli-lag-enrich +Stable +news.raw.v1 ")
                      .contains("cli-lag-enrich total lag 0"));
      Cli refused =
          Cli.run(
              infra,
              "consumers",
              "reset",
              "--group",
              "cli-lag-enrich",
              "--to-datetime",
              "2020-01-01T00:00:00Z");
      assertThat(refused.exitCode()).isEqualTo(4);
      assertThat(refused.err()).contains("refusing");
    } finally {
      enrich.close();
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Cli dry =
                  Cli.run(
                      infra,
                      "consumers",
                      "reset",
                      "--group",
                      "cli-lag-enrich",
                      "--to-datetime",
                      "2020-01-01T00:00:00Z",
                      "--topic",
                      Topics.RAW,
                      "--dry-run");
              assertThat(dry.exitCode()).as(dry.err()).isZero();
              assertThat(dry.out()).contains("would move news.raw.v1-");
            });
    Cli reset =
        Cli.run(
            infra,
            "consumers",
            "reset",
            "--group",
            "cli-lag-enrich",
            "--to-datetime",
            "2020-01-01T00:00:00Z",
            "--topic",
            Topics.RAW);
    assertThat(reset.exitCode()).isZero();
    assertThat(Cli.run(infra, "consumers", "lag", "--group", "cli-lag-enrich").out())
        .doesNotContain("cli-lag-enrich total lag 0");
  }

  /** The dead letters of one original key, in order. */
  static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, DeadLetter>> lettersOf(
      PipelineInfra infra, String key) {
    return TopicReader.<String, DeadLetter>readToEnd(
            infra.bootstrapServers(),
            Topics.DLQ,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            Duration.ofSeconds(20))
        .stream()
        .filter(r -> key.equals(r.key()))
        .toList();
  }

  static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }
}
