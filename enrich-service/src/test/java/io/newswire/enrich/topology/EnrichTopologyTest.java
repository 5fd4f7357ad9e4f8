package io.newswire.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.core.Enricher;
import io.newswire.enrich.core.time.AgencyZones;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.StreamsApp;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.ChangeType;
import io.newswire.schema.v1.DeadLetter;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.StoryFormat;
import io.newswire.schema.v1.Tag;
import io.newswire.testkit.AvroTestSerdes;
import io.newswire.testkit.RegistryStandIn;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enrich topology's wiring, on TopologyTestDriver: versions, enrichment, output, dead letters.
 * The driver runs on the service's own Streams properties ({@link StreamsApp#properties}):
 * exactly_once_v2, and the platform's dead-letter handler for records that cannot be read,
 * processed or written. Its dead letters need a schema registry to be written: {@link
 * RegistryStandIn} answers for one. The topology's own serdes are plain Avro, no registry ({@link
 * AvroTestSerdes}): the wiring is under test here, the real serdes in EnrichReliabilityIT.
 */
class EnrichTopologyTest {
  static Enricher enricher;
  static String reference;
  static RegistryStandIn registry;

  final Serde<RawStory> rawSerde = AvroTestSerdes.of(RawStory.class);
  final Serde<EnrichedStory> enrichedSerde = AvroTestSerdes.of(EnrichedStory.class);
  @TempDir Path state;
  TopologyTestDriver driver;
  TestInputTopic<String, RawStory> raw;
  TestOutputTopic<String, EnrichedStory> enriched;
  TestOutputTopic<String, byte[]> dlq;

  @BeforeAll
  static void loadOnce() throws Exception {
    registry = RegistryStandIn.start();
    enricher = new Enricher();
    Path p = Path.of("").toAbsolutePath();
    while (!Files.exists(p.resolve("corpus/vov-asean-digital-ministers.fr.txt"))) {
      p = p.getParent();
    }
    reference = Files.readString(p.resolve("corpus/vov-asean-digital-ministers.fr.txt"));
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void start() {
    start(EnrichTopology.build(AvroTestSerdes.topics(), enricher));
  }

  /**
   * Runs {@code topology} on a new driver, with the Streams properties enrich-service runs with.
   */
  void start(Topology topology) {
    Properties props =
        StreamsApp.properties(
            new KafkaSettings("127.0.0.1:9", registry.url()), "enrich-test", state.toString());
    assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    driver = new TopologyTestDriver(topology, props);
    raw = driver.createInputTopic(Topics.RAW, new StringSerializer(), rawSerde.serializer());
    enriched =
        driver.createOutputTopic(
            Topics.ENRICHED, new StringDeserializer(), enrichedSerde.deserializer());
    dlq =
        driver.createOutputTopic(Topics.DLQ, new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  /**
   * The dead letters written so far, read past the 5-byte header of the wire format (magic byte 0,
   * then the schema's content id, the stand-in registry's).
   */
  List<DeadLetter> deadLetters() {
    Serde<DeadLetter> serde = AvroTestSerdes.of(DeadLetter.class);
    return dlq.readValuesToList().stream()
        .map(
            bytes -> {
              assertThat(Arrays.copyOfRange(bytes, 0, 5))
                  .containsExactly(0, 0, 0, 0, RegistryStandIn.CONTENT_ID);
              return serde
                  .deserializer()
                  .deserialize(Topics.DLQ, Arrays.copyOfRange(bytes, 5, bytes.length));
            })
        .toList();
  }

  /** The bytes a raw story is written as on news.raw.v1 (in this test, plain Avro). */
  byte[] bytes(RawStory s) {
    return rawSerde.serializer().serialize(Topics.RAW, s);
  }

  static RawStory story(String id, int version, String body, PubStatus status) {
    return RawStory.newBuilder()
        .setUrn("urn:newswire:vov:" + id)
        .setAgency("vov")
        .setAgencyStoryId(id)
        .setVersion(version)
        .setReceivedAt(Instant.parse("2026-11-27T02:00:00Z"))
        .setIngestId("i-" + id + "-" + version)
        .setFormat(StoryFormat.PLAIN_TEXT)
        .setContentType("text/plain")
        .setPayload(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
        .setPubStatus(status)
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
    assertThat(s.getTags())
        .extracting(Tag::getId)
        .containsExactlyInAnyOrder("ASEAN", "DIGITAL_TRANSFORMATION", "AI");
    assertThat(s.getCaptions()).hasSize(3);
    assertThat(s.getBody()).doesNotContain("Photo:");
    assertThat(s.getHeadlineDerived()).isTrue();
    assertThat(s.getChange()).isEqualTo(ChangeType.NEW);
    assertThat(s.getTaggerVersion()).isEqualTo(Enricher.taggerVersion());
    assertThat(enriched.isEmpty()).isTrue();
  }

  @Test
  void aDeclaredLanguageComesOutWithItsRegion_aForeignTextIsNoDisagreement() {
    String en =
        "The government said on Tuesday that it would raise the minimum wage by five percent next year.";
    String nb =
        "Regjeringen vil bruke to milliarder kroner på å styrke den digitale beredskapen i kommunene, "
            + "opplyser digitaliseringsministeren. Ifølge departementet skal alle kommuner ha en egen beredskapsplan.";
    send(
        withParsed(
            story("gb", 1, en, PubStatus.usable),
            ParsedFields.newBuilder().setBody(en).setLanguage("en_GB").build()));
    send(
        withParsed(
            story("no", 1, nb, PubStatus.usable),
            ParsedFields.newBuilder().setBody(nb).setLanguage("nb-no").build()));
    send(story("und", 1, nb, PubStatus.usable));

    var out = enriched.readValuesToList();
    assertThat(out)
        .extracting(
            EnrichedStory::getLanguage,
            EnrichedStory::getDeclaredLanguage,
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
    send(story("s", 1, "ASEAN ministers meet.", PubStatus.usable)); // duplicate transmission
    send(story("s", 3, "ASEAN ministers met on Thursday.", PubStatus.usable)); // update
    send(story("s", 2, "ASEAN ministers met.", PubStatus.usable)); // stale: arrives after v3
    send(story("s", 3, "ASEAN ministers met on Friday.", PubStatus.usable)); // correction of v3
    send(story("s", 4, "Withdrawn.", PubStatus.canceled)); // kill
    send(story("s", 5, "ASEAN ministers meet again.", PubStatus.usable)); // after the kill: dropped

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
    RawStory s =
        withParsed(
            story("t", 1, "ASEAN ministers meet.", PubStatus.usable),
            ParsedFields.newBuilder()
                .setBody("ASEAN ministers meet.")
                .setFirstCreated("2026-11-27T09:30:00")
                .setVersionCreated("2026-11-27T03:45:00Z")
                .build());
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
    send(
        withParsed(
            story("bad-time", 1, "ASEAN.", PubStatus.usable),
            ParsedFields.newBuilder()
                .setBody("ASEAN.")
                .setFirstCreated("27/11/2026 09:30")
                .build()));

    EnrichedStory out = enriched.readValue();
    assertThat(out.getFirstCreated()).isEqualTo("27/11/2026 09:30");
    assertThat(out.getFirstCreatedUtc()).isNull();
    assertThat(out.getFirstCreatedOffset()).isNull();
    assertThat(out.getFirstCreatedZoneAssumed()).isNull();
    assertThat(out.getVersionCreated()).isNull();
    assertThat(out.getVersionCreatedUtc()).isNull();
  }

  /**
   * A story whose enrichment failed (and was dead-lettered) is enriched when the same version comes
   * again.
   */
  @Test
  void aVersionIsRememberedOnlyOnceTheStoryWasEnriched() {
    driver.close();
    java.util.concurrent.atomic.AtomicBoolean broken =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    var zones = AgencyZones.load();
    VersionGate.Enrichment enrichment =
        (story, change) -> {
          if (broken.get()) {
            throw new IllegalStateException("the tagger is broken");
          }
          return EnrichedStories.from(
              story, change, enricher, zones, io.newswire.enrich.core.budget.WorkBudget.UNLIMITED);
        };
    start(
        EnrichTopology.build(
            AvroTestSerdes.topics(),
            enrichment,
            Topics.ENRICHED_STORIES,
            io.newswire.enrich.core.clusters.ClusterSettings.defaults()));

    RawStory story = story("redrive", 1, "ASEAN ministers met.", PubStatus.usable);
    send(story); // dead-lettered by the platform's handler, and the stream goes on
    assertThat(enriched.isEmpty()).isTrue();
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getPhase()).isEqualTo("PROCESSING");
              assertThat(d.getReason()).endsWith("the tagger is broken");
              assertThat(d.getStage()).isEqualTo("enrich-test");
              assertThat(d.getExceptionClass()).isEqualTo(IllegalStateException.class.getName());
              assertThat(d.getSourceTopic()).isEqualTo(Topics.RAW);
              assertThat(d.getKey())
                  .isEqualTo(ByteBuffer.wrap(story.getUrn().getBytes(StandardCharsets.UTF_8)));
              assertThat(d.getValue()).isEqualTo(ByteBuffer.wrap(bytes(story)));
            });

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
    start(
        EnrichTopology.build(
            AvroTestSerdes.topics(),
            enricher,
            AgencyZones.load().withOverrides("vov=Europe/Paris"),
            Topics.ENRICHED_STORIES,
            EnrichTopology.DEFAULT_TIME_BUDGET,
            io.newswire.enrich.core.clusters.ClusterSettings.defaults()));

    send(
        withParsed(
            story("paris", 1, "ASEAN.", PubStatus.usable),
            ParsedFields.newBuilder()
                .setBody("ASEAN.")
                .setFirstCreated("2026-11-27T09:30")
                .build()));
    assertThat(enriched.readValue().getFirstCreatedUtc())
        .isEqualTo(Instant.parse("2026-11-27T08:30:00Z"));
  }

  static RawStory withEmbargo(RawStory s, String embargoed) {
    return withParsed(s, ParsedFields.newBuilder(s.getParsed()).setEmbargoed(embargoed).build());
  }

  @Test
  void theEmbargoIsCarriedAsWrittenAndInUtc_zonelessReadInTheAgencyZone_andMovingItIsACorrection() {
    String body = "The central bank decides at noon.";
    send(withEmbargo(story("e", 1, body, PubStatus.usable), "2026-12-01T12:00:00")); // vov: +07
    send(withEmbargo(story("e", 1, body, PubStatus.usable), "2026-12-01T12:00:00")); // duplicate
    send(withEmbargo(story("e", 1, body, PubStatus.usable), "2026-12-01T14:00:00Z")); // moved
    send(withEmbargo(story("e", 2, body + " Updated.", PubStatus.usable), "noon")); // unreadable
    send(story("e", 3, body + " Lifted.", PubStatus.usable)); // no embargo

    assertThat(enriched.readValuesToList())
        .extracting(
            EnrichedStory::getChange, EnrichedStory::getEmbargoed, EnrichedStory::getEmbargoedUtc)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ChangeType.NEW, "2026-12-01T12:00:00", Instant.parse("2026-12-01T05:00:00Z")),
            org.assertj.core.groups.Tuple.tuple(
                ChangeType.CORRECTION,
                "2026-12-01T14:00:00Z",
                Instant.parse("2026-12-01T14:00:00Z")),
            org.assertj.core.groups.Tuple.tuple(ChangeType.UPDATE, "noon", null),
            org.assertj.core.groups.Tuple.tuple(ChangeType.UPDATE, null, null));
  }

  static RawStory withUrgency(RawStory s, Integer urgency) {
    return withParsed(s, ParsedFields.newBuilder(s.getParsed()).setUrgency(urgency).build());
  }

  @Test
  void urgencyIsCarried_aChangeOfUrgencyAloneIsACorrection_andAnUpdateTakesItsOwn() {
    String body = "ASEAN ministers meet.";
    send(withUrgency(story("u", 1, body, PubStatus.usable), 3));
    send(withUrgency(story("u", 1, body, PubStatus.usable), 3)); // duplicate: dropped
    send(withUrgency(story("u", 1, body, PubStatus.usable), 1)); // upgraded to a flash
    send(story("u", 2, "ASEAN ministers met.", PubStatus.usable)); // an update without urgency
    send(withUrgency(story("u", 3, "ASEAN ministers left.", PubStatus.usable), 42)); // not 1..9

    assertThat(enriched.readValuesToList())
        .extracting(EnrichedStory::getVersion, EnrichedStory::getChange, EnrichedStory::getUrgency)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, ChangeType.NEW, 3),
            org.assertj.core.groups.Tuple.tuple(1, ChangeType.CORRECTION, 1),
            org.assertj.core.groups.Tuple.tuple(2, ChangeType.UPDATE, null),
            org.assertj.core.groups.Tuple.tuple(3, ChangeType.UPDATE, null));
  }

  @Test
  void theAgencySluglineAndBylineAndTheDatelineFlowToTheEnrichedStory() {
    String body =
        "HANOI, Nov. 27 (VNA) - Digital ministers of ASEAN adopted a roadmap on Thursday.";
    send(
        withParsed(
            story("meta", 1, body, PubStatus.usable),
            ParsedFields.newBuilder()
                .setBody(body)
                .setHeadline("ASEAN adopts roadmap")
                .setSlugline("  ASEAN-DIGITAL/\u00A0ROADMAP ")
                .setByline("Nguyen  Van An")
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
    RawStory blank = story("blank", 1, "   ", PubStatus.usable);
    send(blank);
    assertThat(enriched.isEmpty()).isTrue();
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getPhase()).isEqualTo("PROCESSING");
              assertThat(d.getExceptionClass())
                  .isEqualTo(RawStoryCheck.InvalidRawStoryException.class.getName());
              assertThat(d.getReason()).contains("blank body");
              assertThat(d.getValue()).isEqualTo(ByteBuffer.wrap(bytes(blank)));
            });

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
    headers.add(
        io.newswire.platform.PipelineHeaders.REPLAY, "replay-1".getBytes(StandardCharsets.UTF_8));
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
    assertThat(enriched.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("urn:newswire:vov:a", "urn:newswire:vov:b");
  }

  /**
   * An unreadable record does not stop the stream: the platform's deserialization handler
   * dead-letters it and goes on (with Streams' default handler the driver would throw). Its dead
   * letter is not checked here: under exactly_once_v2 the driver commits no transaction for a
   * record that never reaches processing, so it never hands that dead letter out (under
   * at_least_once it does). EnrichReliabilityIT checks such dead letters on a real broker.
   */
  @Test
  void aRecordThatIsNotARawStoryDoesNotStopTheStream() {
    driver
        .createInputTopic(Topics.RAW, new StringSerializer(), new ByteArraySerializer())
        .pipeInput("urn:newswire:vov:garbage", new byte[0]);
    send(story("after", 1, "ASEAN ministers meet.", PubStatus.usable));

    assertThat(enriched.readValue().getUrn()).isEqualTo("urn:newswire:vov:after");
  }

  // --- clusters -----------------------------------------------------------------------------

  static final String QUAKE =
      "A magnitude 6.4 earthquake struck off the southern coast of Mindanao early on Tuesday, the"
          + " Philippine seismology institute said, shaking buildings in General Santos and sending"
          + " residents into the streets.\n\nThe quake hit at a depth of 23 kilometres. At least 7"
          + " people were injured by falling debris and two bridges were closed for inspection.";
  static final String QUAKE_REWRITE =
      "A strong magnitude 6.4 earthquake shook the southern Philippine island of Mindanao early on"
          + " Tuesday, sending residents of General Santos into the streets, the seismology"
          + " institute said.\n\nThe quake struck at a depth of 23 kilometres. At least 7 people"
          + " were injured by falling debris, officials said, and two bridges were closed.";
  static final String OTHER_QUAKE =
      "A magnitude 5.7 earthquake struck off the eastern coast of Samar early on Friday, the"
          + " Philippine seismology institute said, shaking buildings in Borongan and sending"
          + " residents into the streets.\n\nThe quake hit at a depth of 15 kilometres. At least 3"
          + " people were injured by falling debris and one bridge was closed for inspection.";

  static RawStory agencyStory(String agency, String id, int version, String body, Instant at) {
    RawStory s = story(id, version, body, PubStatus.usable);
    return RawStory.newBuilder(s)
        .setUrn("urn:newswire:" + agency + ":" + id)
        .setAgency(agency)
        .setReceivedAt(at)
        .setParsed(ParsedFields.newBuilder().setBody(body).setLanguage("en").build())
        .build();
  }

  static List<String> related(EnrichedStory s) {
    return s.getRelated().stream().map(r -> r.getAgency() + " " + r.getUri()).toList();
  }

  @Test
  void twoAgenciesReportingTheSameEventShareAClusterAndTheSecondListsTheFirst() {
    Instant t = Instant.parse("2026-11-27T02:00:00Z");
    send(agencyStory("afp", "q1", 1, QUAKE, t));
    send(agencyStory("reuters", "r7", 1, QUAKE_REWRITE, t.plusSeconds(600)));

    List<EnrichedStory> out = enriched.readValuesToList();
    assertThat(out).hasSize(2);
    assertThat(out.get(0).getClusterId()).isEqualTo("urn:newswire:cluster:afp:q1");
    assertThat(out.get(0).getRelated()).isEmpty();
    assertThat(out.get(1).getClusterId()).isEqualTo(out.get(0).getClusterId());
    assertThat(related(out.get(1))).containsExactly("afp urn:newswire:afp:q1");
  }

  @Test
  void anotherEventInTheSameTemplateGetsItsOwnCluster() {
    Instant t = Instant.parse("2026-11-27T02:00:00Z");
    send(agencyStory("afp", "q1", 1, QUAKE, t));
    send(agencyStory("afp", "q2", 1, OTHER_QUAKE, t.plusSeconds(600)));

    List<EnrichedStory> out = enriched.readValuesToList();
    assertThat(out.get(1).getClusterId()).isEqualTo("urn:newswire:cluster:afp:q2");
    assertThat(out.get(1).getRelated()).isEmpty();
  }

  @Test
  void anUpdateKeepsItsCluster_aKillLeavesIt() {
    Instant t = Instant.parse("2026-11-27T02:00:00Z");
    send(agencyStory("afp", "q1", 1, QUAKE, t));
    send(agencyStory("reuters", "r7", 1, QUAKE_REWRITE, t.plusSeconds(600)));
    // reuters' update rewrites the story entirely: it stays where it was
    send(agencyStory("reuters", "r7", 2, OTHER_QUAKE, t.plusSeconds(1200)));
    send(
        RawStory.newBuilder(agencyStory("afp", "q1", 2, QUAKE, t.plusSeconds(1800)))
            .setPubStatus(PubStatus.canceled)
            .build());
    send(agencyStory("vna", "v3", 1, QUAKE_REWRITE, t.plusSeconds(2400)));

    List<EnrichedStory> out = enriched.readValuesToList();
    assertThat(out)
        .extracting(EnrichedStory::getChange)
        .containsExactly(
            ChangeType.NEW, ChangeType.NEW, ChangeType.UPDATE, ChangeType.KILL, ChangeType.NEW);
    String cluster = out.get(0).getClusterId();
    assertThat(out.get(2).getClusterId()).isEqualTo(cluster);
    assertThat(related(out.get(2))).containsExactly("afp urn:newswire:afp:q1");
    EnrichedStory kill = out.get(3);
    assertThat(kill.getClusterId()).isNull();
    assertThat(kill.getRelated()).isEmpty();
    // the newcomer matches the update's old text no more (it left those buckets) nor the killed
    // story: it starts its own cluster, listing no one
    assertThat(out.get(4).getClusterId()).isEqualTo("urn:newswire:cluster:vna:v3");
    assertThat(out.get(4).getRelated()).isEmpty();
    assertThat(
            driver
                .<String, byte[]>getKeyValueStore(ClusterStores.MEMBERS)
                .get(ClusterStores.memberKey("urn:newswire:afp:q1")))
        .isNull();
  }

  @Test
  void membersNotSeenWithinTheWindowArePurgedOnTheWallClock() {
    driver.close();
    start(
        EnrichTopology.build(
            AvroTestSerdes.topics(),
            enricher,
            AgencyZones.load(),
            Topics.ENRICHED_STORIES,
            EnrichTopology.DEFAULT_TIME_BUDGET,
            io.newswire.enrich.core.clusters.ClusterSettings.defaults()
                .withWindow(java.time.Duration.ofHours(1))));
    Instant now = Instant.now();
    send(agencyStory("afp", "q1", 1, QUAKE, now));
    var members = driver.<String, byte[]>getKeyValueStore(ClusterStores.MEMBERS);
    assertThat(members.get(ClusterStores.memberKey("urn:newswire:afp:q1"))).isNotNull();

    driver.advanceWallClockTime(java.time.Duration.ofMinutes(30));
    assertThat(members.get(ClusterStores.memberKey("urn:newswire:afp:q1"))).isNotNull();
    driver.advanceWallClockTime(java.time.Duration.ofMinutes(32));
    assertThat(members.get(ClusterStores.memberKey("urn:newswire:afp:q1"))).isNull();
    assertThat(
            driver.<String, byte[]>getKeyValueStore(ClusterStores.EXPIRY).approximateNumEntries())
        .isZero();

    // a rewrite received later starts a cluster of its own: the first story is gone
    send(agencyStory("reuters", "r7", 1, QUAKE_REWRITE, now.plusSeconds(62 * 60)));
    List<EnrichedStory> out = enriched.readValuesToList();
    assertThat(out.get(1).getClusterId()).isEqualTo("urn:newswire:cluster:reuters:r7");
  }
}
