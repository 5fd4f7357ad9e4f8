package io.newswire.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.core.Enricher;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.ChangeType;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.StoryFormat;
import io.newswire.schema.v1.Tag;
import io.newswire.testkit.AvroTestSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The enrich topology's wiring, on TopologyTestDriver: versions, enrichment, output. */
class EnrichTopologyTest {
  static Enricher enricher;
  static String reference;

  TopologyTestDriver driver;
  TestInputTopic<String, RawStory> raw;
  TestOutputTopic<String, EnrichedStory> enriched;

  @BeforeAll
  static void loadOnce() throws Exception {
    enricher = new Enricher();
    Path p = Path.of("").toAbsolutePath();
    while (!Files.exists(p.resolve("corpus/vov-asean-digital-ministers.fr.txt"))) {
      p = p.getParent();
    }
    reference = Files.readString(p.resolve("corpus/vov-asean-digital-ministers.fr.txt"));
  }

  @BeforeEach
  void start() {
    var rawSerde = AvroTestSerdes.of(RawStory.class);
    var enrichedSerde = AvroTestSerdes.of(EnrichedStory.class);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-test");
    driver = new TopologyTestDriver(EnrichTopology.build(rawSerde, enrichedSerde, enricher), props);
    raw = driver.createInputTopic(Topics.RAW, new StringSerializer(), rawSerde.serializer());
    enriched = driver.createOutputTopic(Topics.ENRICHED, new StringDeserializer(), enrichedSerde.deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  static RawStory story(String id, int version, String body, PubStatus status) {
    return RawStory.newBuilder()
        .setUrn("urn:newswire:vov:" + id).setAgency("vov").setAgencyStoryId(id).setVersion(version)
        .setReceivedAt(Instant.parse("2026-11-27T02:00:00Z")).setIngestId("i-" + id + "-" + version)
        .setFormat(StoryFormat.PLAIN_TEXT).setContentType("text/plain")
        .setPayload(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8))).setPubStatus(status)
        .setParsed(ParsedFields.newBuilder().setBody(body).build())
        .build();
  }

  void send(RawStory s) {
    raw.pipeInput(s.getUrn(), s);
  }

  @Test
  void theReferenceStoryIsEnrichedAndKeyedByItsUrn() {
    send(story("ref", 1, reference, PubStatus.usable));

    var out = enriched.readKeyValue();
    assertThat(out.key).isEqualTo("urn:newswire:vov:ref");
    EnrichedStory s = out.value;
    assertThat(s.getLanguage()).isEqualTo("fr");
    assertThat(s.getTags()).extracting(Tag::getId).containsExactlyInAnyOrder("ASEAN", "DIGITAL_TRANSFORMATION", "AI");
    assertThat(s.getCaptions()).hasSize(3);
    assertThat(s.getBody()).doesNotContain("Photo:");
    assertThat(s.getHeadlineDerived()).isTrue();
    assertThat(s.getChange()).isEqualTo(ChangeType.NEW);
    assertThat(s.getTaggerVersion()).isEqualTo(Enricher.taggerVersion());
    assertThat(enriched.isEmpty()).isTrue();
  }

  @Test
  void duplicatesAndStaleVersionsAreDroppedUpdatesCorrectionsAndKillsPassWithTheirChangeType() {
    send(story("s", 1, "ASEAN ministers meet.", PubStatus.usable));
    send(story("s", 1, "ASEAN ministers meet.", PubStatus.usable));          // duplicate transmission
    send(story("s", 3, "ASEAN ministers met on Thursday.", PubStatus.usable)); // update
    send(story("s", 2, "ASEAN ministers met.", PubStatus.usable));             // stale: arrives after v3
    send(story("s", 3, "ASEAN ministers met on Friday.", PubStatus.usable));   // correction of v3
    send(story("s", 4, "Withdrawn.", PubStatus.canceled));                     // kill
    send(story("s", 5, "ASEAN ministers meet again.", PubStatus.usable));      // after the kill: dropped

    assertThat(enriched.readValuesToList())
        .extracting(EnrichedStory::getVersion, EnrichedStory::getChange)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, ChangeType.NEW),
            org.assertj.core.groups.Tuple.tuple(3, ChangeType.UPDATE),
            org.assertj.core.groups.Tuple.tuple(3, ChangeType.CORRECTION),
            org.assertj.core.groups.Tuple.tuple(4, ChangeType.KILL));
  }

  @Test
  void storiesAreVersionedIndependently() {
    send(story("a", 2, "ASEAN.", PubStatus.usable));
    send(story("b", 1, "ASEAN.", PubStatus.usable));
    assertThat(enriched.readKeyValuesToList()).extracting(kv -> kv.key)
        .containsExactly("urn:newswire:vov:a", "urn:newswire:vov:b");
  }
}
