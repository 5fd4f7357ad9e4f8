package io.newswire.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.enrich.core.Enricher;
import io.newswire.enrich.core.time.AgencyZones;
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
  void aDeclaredLanguageComesOutWithItsRegion_aForeignTextIsNoDisagreement() {
    String en = "The government said on Tuesday that it would raise the minimum wage by five percent next year.";
    String nb = "Regjeringen vil bruke to milliarder kroner på å styrke den digitale beredskapen i kommunene, "
        + "opplyser digitaliseringsministeren. Ifølge departementet skal alle kommuner ha en egen beredskapsplan.";
    send(withParsed(story("gb", 1, en, PubStatus.usable), ParsedFields.newBuilder().setBody(en).setLanguage("en_GB")
        .build()));
    send(withParsed(story("no", 1, nb, PubStatus.usable), ParsedFields.newBuilder().setBody(nb).setLanguage("nb-no")
        .build()));
    send(story("und", 1, nb, PubStatus.usable));

    var out = enriched.readValuesToList();
    assertThat(out).extracting(EnrichedStory::getLanguage, EnrichedStory::getDeclaredLanguage,
            EnrichedStory::getLanguageDisagreement)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("en-GB", "en_GB", false),
            org.assertj.core.groups.Tuple.tuple("nb-NO", "nb-no", false),
            org.assertj.core.groups.Tuple.tuple("und", null, false));
    assertThat(out.get(0).getLanguageConfidence()).isGreaterThan(0.9);
    assertThat(out.get(1).getLanguageConfidence()).isGreaterThan(0.9);
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

  static RawStory withParsed(RawStory s, ParsedFields parsed) {
    return RawStory.newBuilder(s).setParsed(parsed).build();
  }

  @Test
  void timesComeOutInUtcWithTheirOffset_zonelessOnesReadInTheAgencyZone() {
    RawStory s = withParsed(story("t", 1, "ASEAN ministers meet.", PubStatus.usable), ParsedFields.newBuilder()
        .setBody("ASEAN ministers meet.").setFirstCreated("2026-11-27T09:30:00").setVersionCreated(
            "2026-11-27T03:45:00Z").build());
    send(s);

    EnrichedStory out = enriched.readValue();
    assertThat(out.getFirstCreated()).isEqualTo("2026-11-27T09:30:00");
    assertThat(out.getFirstCreatedUtc()).isEqualTo(Instant.parse("2026-11-27T02:30:00Z"));
    assertThat(out.getFirstCreatedOffset()).isEqualTo("+07:00"); // vov: Asia/Ho_Chi_Minh
    assertThat(out.getFirstCreatedZoneAssumed()).isTrue();
    assertThat(out.getVersionCreated()).isEqualTo("2026-11-27T03:45:00Z");
    assertThat(out.getVersionCreatedUtc()).isEqualTo(Instant.parse("2026-11-27T03:45:00Z"));
    assertThat(out.getVersionCreatedOffset()).isEqualTo("Z");
    assertThat(out.getVersionCreatedZoneAssumed()).isFalse();
  }

  @Test
  void anInvalidTimeDoesNotStopTheStory_itsTextIsKeptAndItHasNoUtcTime() {
    send(withParsed(story("bad-time", 1, "ASEAN.", PubStatus.usable), ParsedFields.newBuilder().setBody("ASEAN.")
        .setFirstCreated("27/11/2026 09:30").build()));

    EnrichedStory out = enriched.readValue();
    assertThat(out.getFirstCreated()).isEqualTo("27/11/2026 09:30");
    assertThat(out.getFirstCreatedUtc()).isNull();
    assertThat(out.getFirstCreatedOffset()).isNull();
    assertThat(out.getFirstCreatedZoneAssumed()).isNull();
    assertThat(out.getVersionCreated()).isNull();
    assertThat(out.getVersionCreatedUtc()).isNull();
  }

  /** A story whose enrichment failed (and was dead-lettered) is enriched when the same version comes again. */
  @Test
  void aVersionIsRememberedOnlyOnceTheStoryWasEnriched() {
    driver.close();
    var rawSerde = AvroTestSerdes.of(RawStory.class);
    var enrichedSerde = AvroTestSerdes.of(EnrichedStory.class);
    java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
    var zones = AgencyZones.load();
    VersionGate.Enrichment enrichment = (story, change) -> {
      if (broken.get()) {
        throw new IllegalStateException("the tagger is broken");
      }
      return EnrichedStories.from(story, change, enricher, zones, io.newswire.enrich.core.budget.WorkBudget.UNLIMITED);
    };
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-test");
    driver = new TopologyTestDriver(EnrichTopology.build(rawSerde, enrichedSerde, enrichment, Topics.ENRICHED), props);
    raw = driver.createInputTopic(Topics.RAW, new StringSerializer(), rawSerde.serializer());
    enriched = driver.createOutputTopic(Topics.ENRICHED, new StringDeserializer(), enrichedSerde.deserializer());

    RawStory story = story("redrive", 1, "ASEAN ministers met.", PubStatus.usable);
    assertThatThrownBy(() -> send(story))
        .hasRootCauseMessage("the tagger is broken");
    assertThat(enriched.isEmpty()).isTrue();

    broken.set(false); // the cause is fixed; the operator redrives the dead letter
    send(story);
    EnrichedStory out = enriched.readValue();
    assertThat(out.getVersion()).isEqualTo(1);
    assertThat(out.getChange()).isEqualTo(ChangeType.NEW);
    send(story); // and from now on it is known: a second copy is a duplicate
    assertThat(enriched.isEmpty()).isTrue();
  }

  @Test
  void theAgencyZonesCanBeOverridden() {
    driver.close();
    var rawSerde = AvroTestSerdes.of(RawStory.class);
    var enrichedSerde = AvroTestSerdes.of(EnrichedStory.class);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-test");
    driver = new TopologyTestDriver(EnrichTopology.build(rawSerde, enrichedSerde, enricher,
        AgencyZones.load().withOverrides("vov=Europe/Paris")), props);
    raw = driver.createInputTopic(Topics.RAW, new StringSerializer(), rawSerde.serializer());
    enriched = driver.createOutputTopic(Topics.ENRICHED, new StringDeserializer(), enrichedSerde.deserializer());

    send(withParsed(story("paris", 1, "ASEAN.", PubStatus.usable), ParsedFields.newBuilder().setBody("ASEAN.")
        .setFirstCreated("2026-11-27T09:30").build()));
    assertThat(enriched.readValue().getFirstCreatedUtc()).isEqualTo(Instant.parse("2026-11-27T08:30:00Z"));
  }

  @Test
  void theAgencySluglineAndBylineAndTheDatelineFlowToTheEnrichedStory() {
    String body = "HANOI, Nov. 27 (VNA) - Digital ministers of ASEAN adopted a roadmap on Thursday.";
    send(withParsed(story("meta", 1, body, PubStatus.usable), ParsedFields.newBuilder().setBody(body)
        .setHeadline("ASEAN adopts roadmap").setSlugline("  ASEAN-DIGITAL/\u00A0ROADMAP ").setByline("Nguyen  Van An")
        .build()));

    EnrichedStory out = enriched.readValue();
    assertThat(out.getSlugline()).isEqualTo("ASEAN-DIGITAL/ ROADMAP");
    assertThat(out.getByline()).isEqualTo("Nguyen Van An");
    assertThat(out.getDateline()).isNotNull();
    assertThat(out.getDateline().getPlace()).isEqualTo("HANOI");
    assertThat(out.getDateline().getDate()).isEqualTo("Nov. 27");
    assertThat(out.getDateline().getCredit()).isEqualTo("VNA");
    assertThat(out.getBody()).startsWith("Digital ministers of ASEAN");
  }

  @Test
  void aBylineInTheBodyIsUsedWhenTheAgencyGaveNone_andNoSluglineMeansNull() {
    String body = "By Jane Doe\n\nASEAN ministers meet in Hanoi.";
    send(story("byline", 1, body, PubStatus.usable));

    EnrichedStory out = enriched.readValue();
    assertThat(out.getByline()).isEqualTo("Jane Doe");
    assertThat(out.getSlugline()).isNull();
    assertThat(out.getBody()).isEqualTo("ASEAN ministers meet in Hanoi.");
  }

  @Test
  void anInvalidRawStoryFailsProcessingBeforeTheVersionStore_soAGoodVersionAfterItIsStillNew() {
    // without the service's dead-letter handler, TopologyTestDriver surfaces the processing failure to the test
    assertThatThrownBy(() -> send(story("blank", 1, "   ", PubStatus.usable)))
        .hasRootCauseInstanceOf(RawStoryCheck.InvalidRawStoryException.class)
        .rootCause().hasMessageContaining("blank body");
    assertThat(enriched.isEmpty()).isTrue();

    send(story("blank", 1, "ASEAN ministers meet.", PubStatus.usable));
    assertThat(enriched.readValue().getChange()).isEqualTo(ChangeType.NEW);
  }

  @Test
  void aReplayedStoryIsEnrichedAgainAsItsCurrentVersionAndASupersededOneIsNot() {
    RawStory v1 = story("r", 1, "ASEAN ministers meet.", PubStatus.usable);
    RawStory v2 = story("r", 2, "ASEAN ministers met.", PubStatus.usable);
    send(v1);
    send(v2);
    enriched.readValuesToList();

    var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
    headers.add(io.newswire.platform.PipelineHeaders.REPLAY, "replay-1".getBytes(StandardCharsets.UTF_8));
    raw.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(v1.getUrn(), v1, headers));
    raw.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(v2.getUrn(), v2, headers));

    assertThat(enriched.readValuesToList())
        .extracting(EnrichedStory::getVersion, EnrichedStory::getChange)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2, ChangeType.UPDATE));
  }

  @Test
  void storiesAreVersionedIndependently() {
    send(story("a", 2, "ASEAN.", PubStatus.usable));
    send(story("b", 1, "ASEAN.", PubStatus.usable));
    assertThat(enriched.readKeyValuesToList()).extracting(kv -> kv.key)
        .containsExactly("urn:newswire:vov:a", "urn:newswire:vov:b");
  }
}
