package io.newswire.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.platform.Topics;
import io.newswire.schema.v1.Caption;
import io.newswire.schema.v1.ChangeType;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.Mention;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.Tag;
import io.newswire.testkit.AvroTestSerdes;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PublishTopologyTest {
  TopologyTestDriver driver;
  TestInputTopic<String, EnrichedStory> enriched;
  TestOutputTopic<String, NewsEvent> published;

  @BeforeEach
  void start() {
    var in = AvroTestSerdes.of(EnrichedStory.class);
    var out = AvroTestSerdes.of(NewsEvent.class);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "publish-test");
    driver = new TopologyTestDriver(PublishTopology.build(in, out), props);
    enriched = driver.createInputTopic(Topics.ENRICHED, new StringSerializer(), in.serializer());
    published = driver.createOutputTopic(Topics.PUBLISHED, new StringDeserializer(), out.deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  static EnrichedStory story(int version, ChangeType change) {
    return EnrichedStory.newBuilder()
        .setUrn("urn:newswire:vov:s1").setAgency("vov").setAgencyStoryId("s1").setVersion(version)
        .setReceivedAt(Instant.parse("2026-11-27T02:00:00Z")).setIngestId("i").setChange(change)
        .setPubStatus(change == ChangeType.KILL ? PubStatus.canceled : PubStatus.usable)
        .setFirstCreated("2026-11-27T09:00:00+07:00")
        .setHeadline("Tel est le message").setHeadlineDerived(true).setBody("Tel est le message.")
        .setCaptions(List.of(new Caption("Le Premier ministre.", "Lai Hoa/VOV")))
        .setWordCount(4).setCharCount(19).setLanguage("fr").setLanguageConfidence(0.98)
        .setTags(List.of(new Tag("AI", "Artificial intelligence", "http://cv.iptc.org/newscodes/mediatopic/20001298",
            "Q11660", 70, 95, List.of(new Mention("body", 0, 3, "Tel")))))
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
    assertThat(e.getSubjects().get(0).getUri()).isEqualTo("http://cv.iptc.org/newscodes/mediatopic/20001298");
    assertThat(e.getAltIds().get(0).getRole()).isEqualTo("vov");
    assertThat(e.getCaptions().get(0).getCredit()).isEqualTo("Lai Hoa/VOV");
  }

  @Test
  void theStoreHoldsTheLatestEventOfEachStory() {
    enriched.pipeInput("urn:newswire:vov:s1", story(1, ChangeType.NEW));
    enriched.pipeInput("urn:newswire:vov:s1", story(2, ChangeType.UPDATE));
    enriched.pipeInput("urn:newswire:vov:s1", story(3, ChangeType.KILL));

    assertThat(published.readValuesToList()).extracting(NewsEvent::getEventType)
        .containsExactly(EventType.PUBLISHED, EventType.UPDATED, EventType.WITHDRAWN);
    KeyValueStore<String, NewsEvent> store = driver.getKeyValueStore(PublishTopology.LATEST_STORE);
    assertThat(store.get("urn:newswire:vov:s1").getVersion()).isEqualTo("3");
    assertThat(store.get("urn:newswire:vov:s1").getPubStatus()).isEqualTo(PubStatus.canceled);
  }
}
