package io.newswire.ingest.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.RawStory;
import io.newswire.testkit.CorpusText;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A feed item larger than the story maximum goes through the same size contract as a pushed story.
 */
@WithPipelineInfra
class FeedSizeLimitIT {
  static final int MAX = 64 * 1024;

  static String item(String guid, String text) {
    return "<item><guid isPermaLink=\"false\">"
        + guid
        + "</guid><title>"
        + guid
        + "</title>"
        + "<pubDate>Fri, 27 Nov 2026 09:30:00 +0700</pubDate><description>"
        + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        + "</description></item>";
  }

  @Test
  void anItemOverTheMaximumIsNotWrittenNorRetriedAndTheOthersAre(PipelineInfra infra)
      throws Exception {
    String run = "size" + System.nanoTime();
    String big = item(run + "-big", CorpusText.ofUtf8Bytes(MAX + 1));
    String small = item(run + "-small", "ASEAN digital ministers met in Hanoi.");
    try (FeedPollerIT.FeedServer server = new FeedPollerIT.FeedServer()) {
      server.serve(
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title>"
              + "<link>https://feedsize.example/</link><description>d</description>"
              + big
              + small
              + "</channel></rss>",
          "\"s1\"",
          "Fri, 27 Nov 2026 02:30:00 GMT");
      try (IngestService ingest =
          IngestService.start(
              new IngestConfig("127.0.0.1", 0, ApiKeys.parse(""), MAX, infra.kafka())
                  .withInstanceId("feedsize-" + System.nanoTime())
                  .withFeeds("feedsize=" + server.url() + "@3600"))) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(server.requests).isNotEmpty());
        FeedPoller.PollResult again = ingest.feeds().orElseThrow().pollNow().get(0);
        assertThat(again.status())
            .as("the first poll failed nothing: its validators were kept")
            .isEqualTo(304);
      }
    }
    var written =
        TopicReader.<String, RawStory>readToEnd(
                infra.bootstrapServers(),
                Topics.RAW,
                new StringDeserializer(),
                AvroSerdes.deserializer(infra.kafka(), false),
                Duration.ofSeconds(20))
            .stream()
            .map(ConsumerRecord::key)
            .filter(k -> k.contains(run))
            .toList();
    assertThat(written).containsExactly("urn:newswire:feedsize:" + run + "-small");
  }
}
