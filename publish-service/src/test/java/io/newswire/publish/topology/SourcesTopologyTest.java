package io.newswire.publish.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.platform.KafkaSettings;
import io.newswire.platform.StreamsApp;
import io.newswire.platform.Topics;
import io.newswire.publish.core.sources.SourceLedger;
import io.newswire.publish.core.sources.SourceState;
import io.newswire.publish.core.sources.SourceView;
import io.newswire.schema.v1.IngestReceipt;
import io.newswire.schema.v1.IngestRefusal;
import io.newswire.testkit.AvroTestSerdes;
import io.newswire.testkit.RegistryStandIn;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTopologyTest {
  static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
  static final SourceLedger LEDGER = SourceLedger.defaults();

  static RegistryStandIn registry;
  @TempDir Path state;
  TopologyTestDriver driver;
  TestInputTopic<String, IngestReceipt> receipts;
  TestInputTopic<String, IngestRefusal> refusals;

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
            new KafkaSettings("127.0.0.1:9", registry.url()), "sources-test", state.toString());
    driver = new TopologyTestDriver(SourcesTopology.build(AvroTestSerdes.topics(), LEDGER), props);
    receipts =
        driver.createInputTopic(
            Topics.INGEST_RECEIPTS,
            new StringSerializer(),
            AvroTestSerdes.of(IngestReceipt.class).serializer());
    refusals =
        driver.createInputTopic(
            Topics.INGEST_REFUSALS,
            new StringSerializer(),
            AvroTestSerdes.of(IngestRefusal.class).serializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  void receipt(String urn, String feed, Instant at) {
    receipts.pipeInput(
        urn + "#1",
        IngestReceipt.newBuilder()
            .setUrn(urn)
            .setVersion(1)
            .setIngestId("id-" + urn)
            .setContentHash("h")
            .setAcceptedAt(at)
            .setFeed(feed)
            .build(),
        at);
  }

  void refusal(String source, String kind, String slug, int status, Instant at, int count) {
    refusals.pipeInput(
        source,
        IngestRefusal.newBuilder()
            .setSource(source)
            .setKind(kind)
            .setType("https://newswire.dev/problems/" + slug)
            .setStatus(status)
            .setTitle("Title of " + slug)
            .setDetail("detail of " + slug)
            .setAt(at)
            .setCount(count)
            .setInstance("ingest-1")
            .build(),
        at);
  }

  SourceView view(String source, Instant now) {
    KeyValueStore<String, SourceState> store = driver.getKeyValueStore(SourcesTopology.STORE);
    SourceState s = store.get(source);
    assertThat(s).as(source).isNotNull();
    return LEDGER.view(s, now.toEpochMilli());
  }

  @Test
  void receiptsCountUnderTheirAgencyOrTheirFeed_refusalsUnderTheirSource_foreignUrnsNowhere() {
    for (int i = 0; i < 8; i++) {
      receipt("urn:newswire:vna:story-" + i, null, T0.plusSeconds(600L * i));
    }
    receipt("urn:newswire:vna:feed-item-1", "vna@rss.vna.example", T0.plusSeconds(30));
    receipt("not-a-story-urn", null, T0);
    refusal("vna", "agency", "invalid-story", 400, T0.plusSeconds(4300), 3);
    refusal("_unauthenticated", "agency", "unauthenticated", 401, T0.plusSeconds(10), 7);
    refusal("vna@rss.vna.example", "feed", "feed-unreachable", 0, T0.plusSeconds(60), 1);

    Instant now = T0.plusSeconds(4400);
    SourceView vna = view("vna", now);
    assertThat(vna.kind()).isEqualTo("agency");
    assertThat(vna.storiesLast24h()).isEqualTo(8);
    assertThat(vna.perHour().subList(22, 24)).containsExactly(6L, 2L);
    assertThat(vna.usualGapSeconds()).isEqualTo(600);
    assertThat(vna.refusals()).containsExactly(java.util.Map.entry("invalid-story", 3L));
    assertThat(vna.lastError().status()).isEqualTo(400);
    assertThat(vna.state()).isEqualTo(SourceView.Health.ERRORING);

    SourceView feed = view("vna@rss.vna.example", now);
    assertThat(feed.kind()).isEqualTo("feed");
    assertThat(feed.storiesLast24h()).isEqualTo(1);
    assertThat(feed.lastError().type()).isEqualTo("feed-unreachable");
    assertThat(feed.state()).isEqualTo(SourceView.Health.ERRORING);

    SourceView anonymous = view("_unauthenticated", now);
    assertThat(anonymous.refusals()).containsExactly(java.util.Map.entry("unauthenticated", 7L));
    assertThat(anonymous.lastReceivedMillis()).isNull();

    KeyValueStore<String, SourceState> store = driver.getKeyValueStore(SourcesTopology.STORE);
    List<String> sources = new java.util.ArrayList<>();
    store.all().forEachRemaining(kv -> sources.add(kv.key));
    assertThat(sources).containsExactlyInAnyOrder("vna", "vna@rss.vna.example", "_unauthenticated");
  }

  @Test
  void aQuietSourceTurnsIdleOnTheClockOfTheQuery_withoutAnyNewRecord() {
    for (int i = 0; i < 8; i++) {
      receipt("urn:newswire:vov:s-" + i, null, T0.plusSeconds(600L * i));
    }
    Instant last = T0.plusSeconds(4200);
    assertThat(view("vov", last.plusSeconds(2400)).state()).isEqualTo(SourceView.Health.OK);
    SourceView idle = view("vov", last.plusSeconds(2401));
    assertThat(idle.state()).isEqualTo(SourceView.Health.IDLE);
    assertThat(idle.idleForSeconds()).isEqualTo(2401);
  }
}
