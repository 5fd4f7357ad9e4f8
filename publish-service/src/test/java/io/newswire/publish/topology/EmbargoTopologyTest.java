package io.newswire.publish.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.platform.KafkaSettings;
import io.newswire.platform.StreamsApp;
import io.newswire.platform.Topics;
import io.newswire.publish.http.NewsEventJson;
import io.newswire.schema.v1.ChangeType;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.testkit.AvroTestSerdes;
import io.newswire.testkit.RegistryStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embargoes in the publish topology, on TopologyTestDriver's wall clock: a version under embargo
 * reaches no public topic (nor the store the HTTP API reads) before its embargo, and is released
 * within a second of it by wall-clock punctuation, without any further record; early access gets it
 * at once.
 */
class EmbargoTopologyTest {
  static final Instant T0 = Instant.parse("2026-12-01T04:00:00Z");
  static final Instant LIFT = T0.plus(Duration.ofMinutes(10));
  static final String URN = "urn:newswire:vov:s1";

  static RegistryStandIn registry;
  @TempDir Path state;

  TopologyTestDriver driver;
  TestInputTopic<String, EnrichedStory> enriched;
  TestOutputTopic<String, NewsEvent> published;
  TestOutputTopic<String, NewsEvent> latest;
  TestOutputTopic<String, NewsEvent> tagged;
  TestOutputTopic<String, NewsEvent> early;

  @BeforeAll
  static void startRegistry() {
    registry = RegistryStandIn.start();
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void start() {
    Properties props =
        StreamsApp.properties(
            new KafkaSettings("127.0.0.1:9", registry.url()), "embargo-test", state.toString());
    driver = new TopologyTestDriver(PublishTopology.build(AvroTestSerdes.topics()), props, T0);
    enriched =
        driver.createInputTopic(
            Topics.ENRICHED,
            new StringSerializer(),
            AvroTestSerdes.of(EnrichedStory.class).serializer());
    published = output(Topics.PUBLISHED);
    latest = output(Topics.STORIES_LATEST);
    tagged = output(Topics.tagTopic("AI"));
    early = output(Topics.EMBARGOED);
  }

  TestOutputTopic<String, NewsEvent> output(String topic) {
    return driver.createOutputTopic(
        topic, new StringDeserializer(), AvroTestSerdes.of(NewsEvent.class).deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  static EnrichedStory story(int version, ChangeType change, Instant embargo) {
    return EnrichedStory.newBuilder(PublishTopologyTest.story(version, change))
        .setEmbargoed(embargo == null ? null : embargo.toString())
        .setEmbargoedUtc(embargo)
        .build();
  }

  KeyValueStore<String, NewsEvent> latestStore() {
    return driver.getKeyValueStore(PublishTopology.LATEST_STORE);
  }

  KeyValueStore<String, NewsEvent> heldStore() {
    return driver.getKeyValueStore(PublishTopology.EMBARGO_HELD_STORE);
  }

  /** Where the driver's wall clock is: it starts at {@link #T0}. */
  Instant clock = T0;

  /** Moves the wall clock to {@code t} in steps of 100 ms, as time passes, not in one jump. */
  void clockTo(Instant t) {
    while (clock.isBefore(t)) {
      Duration step = Duration.ofMillis(Math.min(100, Duration.between(clock, t).toMillis()));
      driver.advanceWallClockTime(step);
      clock = clock.plus(step);
    }
  }

  /** The events on news.published.v1 so far (the latest and tag topics' copies are read too). */
  List<NewsEvent> publishedSoFar() {
    latest.readValuesToList();
    tagged.readValuesToList();
    return published.readValuesToList();
  }

  boolean nothingPublic() {
    return published.isEmpty() && latest.isEmpty() && tagged.isEmpty();
  }

  @Test
  void aStoryUnderEmbargoIsHeldFromEveryPublicTopic_andReleasedWithinASecondOfTheLift() {
    enriched.pipeInput(URN, story(1, ChangeType.NEW, LIFT));

    assertThat(nothingPublic()).isTrue();
    assertThat(latestStore().get(URN)).as("the HTTP API's store").isNull();
    assertThat(heldStore().get(URN).getVersion()).isEqualTo("1");
    NewsEvent earlyCopy = early.readValue();
    assertThat(earlyCopy.getEmbargoed()).isEqualTo("2026-12-01T04:10:00Z");
    assertThat(NewsEventJson.of(earlyCopy).get("embargoed").asText())
        .isEqualTo("2026-12-01T04:10:00Z");

    clockTo(LIFT.minusMillis(300));
    assertThat(nothingPublic()).isTrue();

    clockTo(LIFT.plusMillis(200)); // the default check runs every 200 ms
    NewsEvent released = published.readValue();
    assertThat(released.getVersion()).isEqualTo("1");
    assertThat(released.getEventType()).isEqualTo(EventType.PUBLISHED);
    assertThat(released.getEmbargoed()).isEqualTo("2026-12-01T04:10:00Z");
    assertThat(latest.readValue().getVersion()).isEqualTo("1");
    assertThat(tagged.readValue().getVersion()).isEqualTo("1");
    assertThat(latestStore().get(URN).getVersion()).isEqualTo("1");
    assertThat(heldStore().get(URN)).isNull();

    clockTo(LIFT.plusSeconds(5)); // released once
    assertThat(nothingPublic()).isTrue();
    assertThat(early.isEmpty()).isTrue();

    // versions after the release are published as always
    enriched.pipeInput(URN, story(2, ChangeType.UPDATE, null));
    assertThat(published.readValue().getEventType()).isEqualTo(EventType.UPDATED);
  }

  @Test
  void aKillBeforeTheLiftReplacesTheHeldVersion_andNothingIsEverPublished() {
    enriched.pipeInput(URN, story(1, ChangeType.NEW, LIFT));
    enriched.pipeInput(URN, story(1, ChangeType.KILL, null));

    assertThat(heldStore().get(URN)).isNull();
    clockTo(LIFT.plusSeconds(2));
    assertThat(nothingPublic()).isTrue();
    assertThat(latestStore().get(URN)).isNull();
    // early access saw the held version, so it gets the kill
    assertThat(early.readValuesToList())
        .extracting(NewsEvent::getEventType)
        .containsExactly(EventType.PUBLISHED, EventType.WITHDRAWN);
  }

  @Test
  void anUpdateBeforeTheLiftReplacesTheHeldVersion_andCanMoveTheEmbargoLater() {
    Instant later = LIFT.plus(Duration.ofMinutes(10));
    enriched.pipeInput(URN, story(1, ChangeType.NEW, LIFT));
    enriched.pipeInput(URN, story(2, ChangeType.UPDATE, later));

    clockTo(LIFT.plusSeconds(2));
    assertThat(nothingPublic()).isTrue();
    assertThat(heldStore().get(URN).getVersion()).isEqualTo("2");

    clockTo(later.plusMillis(200));
    List<NewsEvent> out = published.readValuesToList();
    // only the latest pending version, as the story's first publication
    assertThat(out)
        .extracting(NewsEvent::getVersion, NewsEvent::getEventType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("2", EventType.PUBLISHED));
  }

  @Test
  void anUpdateCanMoveTheEmbargoEarlier() {
    enriched.pipeInput(URN, story(1, ChangeType.NEW, LIFT));
    Instant earlier = T0.plusSeconds(30);
    enriched.pipeInput(URN, story(1, ChangeType.CORRECTION, earlier));

    clockTo(earlier.plusMillis(200));
    assertThat(publishedSoFar())
        .extracting(NewsEvent::getVersion, NewsEvent::getEventType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("1", EventType.PUBLISHED));
    clockTo(LIFT.plusSeconds(1)); // the old lift time releases nothing more
    assertThat(nothingPublic()).isTrue();
  }

  @Test
  void anUpdateWithoutEmbargoLiftsItAtOnce() {
    enriched.pipeInput(URN, story(1, ChangeType.NEW, LIFT));
    enriched.pipeInput(URN, story(2, ChangeType.UPDATE, null));

    assertThat(publishedSoFar())
        .extracting(NewsEvent::getVersion, NewsEvent::getEventType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("2", EventType.PUBLISHED));
    assertThat(heldStore().get(URN)).isNull();
    clockTo(LIFT.plusSeconds(1));
    assertThat(nothingPublic()).isTrue();
  }

  @Test
  void anEmbargoInThePastIsNoEmbargo() {
    enriched.pipeInput(URN, story(1, ChangeType.NEW, T0.minusSeconds(1)));

    NewsEvent e = published.readValue();
    assertThat(e.getEventType()).isEqualTo(EventType.PUBLISHED);
    assertThat(e.getEmbargoed()).isEqualTo("2026-12-01T03:59:59Z"); // carried, as ninjs says
    assertThat(early.isEmpty()).isTrue();
    assertThat(heldStore().get(URN)).isNull();
  }

  @Test
  void aNewVersionOfAPublicStoryUnderEmbargoIsHeld_andAKillThenWithdrawsThePublicOne() {
    enriched.pipeInput(URN, story(1, ChangeType.NEW, null));
    assertThat(published.readValue().getVersion()).isEqualTo("1");
    latest.readValuesToList();
    tagged.readValuesToList();

    enriched.pipeInput(URN, story(2, ChangeType.UPDATE, LIFT));
    assertThat(nothingPublic()).isTrue();
    assertThat(latestStore().get(URN).getVersion()).as("the public keeps v1").isEqualTo("1");

    enriched.pipeInput(URN, story(2, ChangeType.KILL, null));
    assertThat(published.readValue().getEventType()).isEqualTo(EventType.WITHDRAWN);
    assertThat(heldStore().get(URN)).isNull();
    clockTo(LIFT.plusSeconds(1));
    assertThat(published.isEmpty()).isTrue();
  }

  @Test
  void anUpdateOfAPublicStoryReleasedAtItsEmbargoStaysAnUpdate() {
    enriched.pipeInput(URN, story(1, ChangeType.NEW, null));
    published.readValuesToList();
    enriched.pipeInput(URN, story(2, ChangeType.UPDATE, LIFT));

    clockTo(LIFT.plusMillis(200));
    assertThat(published.readValuesToList())
        .extracting(NewsEvent::getVersion, NewsEvent::getEventType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("2", EventType.UPDATED));
  }

  @Test
  void aCorrectionOfAHeldUpdateIsReleasedAsTheUpdateThePublicNeverSaw() {
    enriched.pipeInput(URN, story(1, ChangeType.NEW, null));
    publishedSoFar();
    enriched.pipeInput(URN, story(2, ChangeType.UPDATE, LIFT));
    enriched.pipeInput(URN, story(2, ChangeType.CORRECTION, LIFT.plusSeconds(60)));

    clockTo(LIFT.plusSeconds(60).plusMillis(200));
    assertThat(publishedSoFar())
        .extracting(NewsEvent::getVersion, NewsEvent::getEventType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("2", EventType.UPDATED));
  }

  @Test
  void storiesDueTogetherAreReleasedInKeyOrder() {
    for (String id : List.of("c", "a", "b")) {
      enriched.pipeInput(
          "urn:newswire:vov:" + id,
          EnrichedStory.newBuilder(story(1, ChangeType.NEW, LIFT))
              .setUrn("urn:newswire:vov:" + id)
              .setAgencyStoryId(id)
              .build());
    }
    enriched.pipeInput(
        "urn:newswire:vov:z",
        EnrichedStory.newBuilder(story(1, ChangeType.NEW, LIFT.minusSeconds(60)))
            .setUrn("urn:newswire:vov:z")
            .setAgencyStoryId("z")
            .build());

    clockTo(LIFT.plusMillis(200));
    assertThat(published.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly(
            "urn:newswire:vov:z", "urn:newswire:vov:a", "urn:newswire:vov:b", "urn:newswire:vov:c");
  }
}
