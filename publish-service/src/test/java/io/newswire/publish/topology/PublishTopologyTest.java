package io.newswire.publish.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.platform.KafkaSettings;
import io.newswire.platform.StreamsApp;
import io.newswire.platform.Topics;
import io.newswire.publish.core.CloudEvents;
import io.newswire.schema.v1.Caption;
import io.newswire.schema.v1.ChangeType;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.Mention;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.Tag;
import io.newswire.testkit.AvroTestSerdes;
import io.newswire.testkit.RegistryStandIn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishTopologyTest {
  TopologyTestDriver driver;
  TestInputTopic<String, EnrichedStory> enriched;
  TestOutputTopic<String, NewsEvent> published;

  static RegistryStandIn registry;
  @TempDir Path state;

  @BeforeAll
  static void startRegistry() {
    registry = RegistryStandIn.start();
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  /**
   * Runs the topology on a driver with the Streams properties publish-service runs with (exactly
   * once, dead letters).
   */
  @BeforeEach
  void start() {
    var in = AvroTestSerdes.of(EnrichedStory.class);
    var out = AvroTestSerdes.of(NewsEvent.class);
    Properties props =
        StreamsApp.properties(
            new KafkaSettings("127.0.0.1:9", registry.url()), "publish-test", state.toString());
    assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    driver = new TopologyTestDriver(PublishTopology.build(AvroTestSerdes.topics()), props);
    enriched = driver.createInputTopic(Topics.ENRICHED, new StringSerializer(), in.serializer());
    published =
        driver.createOutputTopic(Topics.PUBLISHED, new StringDeserializer(), out.deserializer());
  }

  TestOutputTopic<String, NewsEvent> output(String topic) {
    return driver.createOutputTopic(
        topic, new StringDeserializer(), AvroTestSerdes.of(NewsEvent.class).deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  static EnrichedStory story(int version, ChangeType change) {
    return EnrichedStory.newBuilder()
        .setUrn("urn:newswire:vov:s1")
        .setAgency("vov")
        .setAgencyStoryId("s1")
        .setVersion(version)
        .setReceivedAt(Instant.parse("2026-11-27T02:00:00Z"))
        .setIngestId("i")
        .setChange(change)
        .setPubStatus(change == ChangeType.KILL ? PubStatus.canceled : PubStatus.usable)
        .setFirstCreated("2026-11-27T09:00:00+07:00")
        .setHeadline("Tel est le message")
        .setHeadlineDerived(true)
        .setBody("Tel est le message.")
        .setCaptions(List.of(new Caption("Le Premier ministre.", "Lai Hoa/VOV")))
        .setWordCount(4)
        .setCharCount(19)
        .setLanguage("fr")
        .setLanguageConfidence(0.98)
        .setTags(
            List.of(
                new Tag(
                    "AI",
                    "Artificial intelligence",
                    "http://cv.iptc.org/newscodes/mediatopic/20001298",
                    "Q11660",
                    70,
                    95,
                    List.of(new Mention("body", 0, 3, "Tel")))))
        .setTaggerVersion("lexicon-test")
        .build();
  }

  @Test
  void anEnrichedStoryBecomesANinjsShapedEventKeyedByItsUri() {
    enriched.pipeInput("urn:newswire:vov:s1", story(1, ChangeType.NEW));

    var kv = published.readKeyValue();
    assertThat(kv.key).isEqualTo("urn:newswire:vov:s1");
    NewsEvent e = kv.value;
    assertThat(e.getUri()).isEqualTo("urn:newswire:vov:s1");
    assertThat(e.getVersion()).isEqualTo("1");
    assertThat(e.getEventType()).isEqualTo(EventType.PUBLISHED);
    assertThat(e.getHeadlines().get(0).getRole()).isEqualTo("derived");
    assertThat(e.getBodies().get(0).getWordCount()).isEqualTo(4);
    assertThat(e.getSubjects().get(0).getUri())
        .isEqualTo("http://cv.iptc.org/newscodes/mediatopic/20001298");
    assertThat(e.getAltIds().get(0).getRole()).isEqualTo("vov");
    assertThat(e.getCaptions().get(0).getCredit()).isEqualTo("Lai Hoa/VOV");
  }

  @Test
  void theUrgencyIsCarriedIntoTheEventAndItsJsonAsNinjsUrgency() {
    enriched.pipeInput(
        "urn:newswire:vov:s1",
        EnrichedStory.newBuilder(story(1, ChangeType.NEW)).setUrgency(2).build());
    enriched.pipeInput("urn:newswire:vov:s1", story(2, ChangeType.UPDATE));

    List<NewsEvent> events = published.readValuesToList();
    assertThat(events).extracting(NewsEvent::getUrgency).containsExactly(2, null);
    assertThat(io.newswire.publish.http.NewsEventJson.of(events.get(0)).get("urgency").asInt())
        .isEqualTo(2);
    assertThat(io.newswire.publish.http.NewsEventJson.of(events.get(1)).get("urgency").isNull())
        .isTrue();
  }

  @Test
  void theClusterAndItsRelatedStoriesAreCarriedIntoTheEventAndItsJson() {
    enriched.pipeInput(
        "urn:newswire:vov:s1",
        EnrichedStory.newBuilder(story(1, ChangeType.NEW))
            .setClusterId("urn:newswire:cluster:afp:q1")
            .setRelated(
                List.of(new io.newswire.schema.v1.RelatedStory("urn:newswire:afp:q1", "afp")))
            .build());
    enriched.pipeInput("urn:newswire:vov:s1", story(2, ChangeType.KILL));

    List<NewsEvent> events = published.readValuesToList();
    assertThat(events.get(0).getClusterId()).isEqualTo("urn:newswire:cluster:afp:q1");
    var json = io.newswire.publish.http.NewsEventJson.of(events.get(0));
    assertThat(json.get("clusterId").asText()).isEqualTo("urn:newswire:cluster:afp:q1");
    assertThat(json.get("related").get(0).get("uri").asText()).isEqualTo("urn:newswire:afp:q1");
    assertThat(json.get("related").get(0).get("agency").asText()).isEqualTo("afp");
    // a withdrawal carries no cluster
    assertThat(events.get(1).getClusterId()).isNull();
    assertThat(events.get(1).getRelated()).isEmpty();
    assertThat(io.newswire.publish.http.NewsEventJson.of(events.get(1)).get("related").size())
        .isZero();
  }

  @Test
  void theStoreHoldsTheLatestEventOfEachStory() {
    enriched.pipeInput("urn:newswire:vov:s1", story(1, ChangeType.NEW));
    enriched.pipeInput("urn:newswire:vov:s1", story(2, ChangeType.UPDATE));
    enriched.pipeInput("urn:newswire:vov:s1", story(3, ChangeType.KILL));

    assertThat(published.readValuesToList())
        .extracting(NewsEvent::getEventType)
        .containsExactly(EventType.PUBLISHED, EventType.UPDATED, EventType.WITHDRAWN);
    KeyValueStore<String, NewsEvent> store = driver.getKeyValueStore(PublishTopology.LATEST_STORE);
    assertThat(store.get("urn:newswire:vov:s1").getVersion()).isEqualTo("3");
    assertThat(store.get("urn:newswire:vov:s1").getPubStatus()).isEqualTo(PubStatus.canceled);
  }

  static String header(Headers h, String name) {
    return new String(h.lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  static EnrichedStory withTags(EnrichedStory s, String... ids) {
    List<Tag> tags = new java.util.ArrayList<>();
    for (String id : ids) {
      tags.add(new Tag(id, id, null, null, 50, 90, List.of()));
    }
    return EnrichedStory.newBuilder(s).setTags(tags).build();
  }

  @Test
  void everyEventCarriesCloudEventsHeaders_andAReplayGetsTheSameId() {
    enriched.pipeInput("urn:newswire:vov:s1", story(1, ChangeType.NEW));
    enriched.pipeInput(
        "urn:newswire:vov:s1", story(1, ChangeType.NEW)); // a replay of the same input

    TestRecord<String, NewsEvent> first = published.readRecord();
    TestRecord<String, NewsEvent> replay = published.readRecord();
    Headers h = first.headers();
    assertThat(header(h, "ce_id"))
        .isEqualTo(CloudEvents.id(first.value()))
        .isEqualTo(header(replay.headers(), "ce_id"));
    assertThat(header(h, "ce_source")).isEqualTo("/newswire/publish");
    assertThat(header(h, "ce_type")).isEqualTo("io.newswire.news.published.v1");
    assertThat(header(h, "ce_specversion")).isEqualTo("1.0");
    assertThat(header(h, "ce_time"))
        .isEqualTo("2026-11-27T02:00:00Z"); // no versionCreated: received at
    assertThat(header(h, "ce_subject")).isEqualTo("urn:newswire:vov:s1");
    assertThat(header(h, "content-type")).isEqualTo("application/avro");
    assertThat(first.value().getReceivedAt()).isEqualTo(Instant.parse("2026-11-27T02:00:00Z"));
  }

  @Test
  void aStoryGoesToTheTopicOfEachOfItsTags() {
    var ai = output(Topics.tagTopic("AI"));
    var asean = output(Topics.tagTopic("ASEAN"));
    var dx = output(Topics.tagTopic("DIGITAL_TRANSFORMATION"));
    enriched.pipeInput("urn:newswire:vov:s1", withTags(story(1, ChangeType.NEW), "AI", "ASEAN"));
    enriched.pipeInput("urn:newswire:vov:s2", withTags(story(1, ChangeType.NEW), "ASEAN", "SPORT"));

    assertThat(ai.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("urn:newswire:vov:s1");
    List<TestRecord<String, NewsEvent>> onAsean = asean.readRecordsToList();
    assertThat(onAsean)
        .extracting(TestRecord::key)
        .containsExactly("urn:newswire:vov:s1", "urn:newswire:vov:s2");
    assertThat(dx.isEmpty()).isTrue();
    assertThat(header(onAsean.get(0).headers(), "ce_id")).isNotBlank();
  }

  @Test
  void
      theLatestTopicGetsEachEventAndATombstoneOnWithdrawal_andTheWithdrawalReachesTheStorysTagTopics() {
    var latest = output(Topics.STORIES_LATEST);
    var ai = output(Topics.tagTopic("AI"));
    enriched.pipeInput("urn:newswire:vov:s1", withTags(story(1, ChangeType.NEW), "AI"));
    enriched.pipeInput("urn:newswire:vov:s1", withTags(story(2, ChangeType.UPDATE), "AI"));
    enriched.pipeInput(
        "urn:newswire:vov:s1", withTags(story(2, ChangeType.KILL))); // a kill notice has no tags

    List<TestRecord<String, NewsEvent>> onLatest = latest.readRecordsToList();
    assertThat(onLatest).hasSize(3);
    assertThat(onLatest.get(1).value().getVersion()).isEqualTo("2");
    assertThat(onLatest.get(2).key()).isEqualTo("urn:newswire:vov:s1");
    assertThat(onLatest.get(2).value()).isNull();
    assertThat(onLatest.get(2).headers().lastHeader("ce_id")).isNotNull();

    assertThat(ai.readValuesToList())
        .extracting(NewsEvent::getEventType)
        .containsExactly(EventType.PUBLISHED, EventType.UPDATED, EventType.WITHDRAWN);
    KeyValueStore<String, String> byTime = driver.getKeyValueStore(PublishTopology.BY_TIME_STORE);
    int entries = 0;
    try (var it = byTime.all()) {
      while (it.hasNext()) {
        assertThat(it.next().value).isEqualTo("urn:newswire:vov:s1");
        entries++;
      }
    }
    assertThat(entries).isEqualTo(1);
  }

  @Test
  void aCorrectionOfTheSameVersionIsADistinctEvent() {
    enriched.pipeInput("urn:newswire:vov:s1", story(1, ChangeType.NEW));
    enriched.pipeInput(
        "urn:newswire:vov:s1",
        EnrichedStory.newBuilder(story(1, ChangeType.CORRECTION))
            .setBody("Tel est le message corrigé.")
            .build());
    List<TestRecord<String, NewsEvent>> events = published.readRecordsToList();
    assertThat(header(events.get(0).headers(), "ce_id"))
        .isNotEqualTo(header(events.get(1).headers(), "ce_id"));
    assertThat(events.get(1).value().getEventType()).isEqualTo(EventType.CORRECTED);
  }

  /**
   * An unreadable record does not stop the stream: the platform's deserialization handler
   * (installed by the production properties) dead-letters it and goes on; with Streams' default
   * handler the driver would throw. Its dead letter is checked on a real broker by the integration
   * tests: under exactly_once_v2 the driver never hands it out.
   */
  @Test
  void aRecordThatIsNotAnEnrichedStoryDoesNotStopTheStream() {
    driver
        .createInputTopic(
            Topics.ENRICHED,
            new StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())
        .pipeInput("urn:newswire:vov:garbage", new byte[] {1, 2, 3});
    enriched.pipeInput("urn:newswire:vov:s1", story(1, ChangeType.NEW));

    assertThat(published.readValue().getUri()).isEqualTo("urn:newswire:vov:s1");
  }
}
