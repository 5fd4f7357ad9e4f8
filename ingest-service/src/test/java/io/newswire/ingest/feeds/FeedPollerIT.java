package io.newswire.ingest.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.ApiKeys;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.StoryFormat;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pull feeds on the real broker and registry: conditional GET, one write per new item, and no second ingest of an
 * item already seen — also by a new instance after a restart (the receipts are the durable memory).
 */
@WithPipelineInfra
class FeedPollerIT {
  static final String AGENCY = "feedit";

  /** A local feed server that answers conditional requests and remembers what it was asked. */
  static final class FeedServer implements AutoCloseable {
    record Request(String ifNoneMatch, String ifModifiedSince, int status) {}

    final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile byte[] feed;
    volatile String etag;
    volatile String lastModified;

    FeedServer() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/feed.xml", exchange -> {
        String inm = exchange.getRequestHeaders().getFirst("If-None-Match");
        String ims = exchange.getRequestHeaders().getFirst("If-Modified-Since");
        boolean notModified = inm != null ? inm.equals(etag) : ims != null && ims.equals(lastModified);
        exchange.getResponseHeaders().set("ETag", etag);
        exchange.getResponseHeaders().set("Last-Modified", lastModified);
        if (notModified) {
          requests.add(new Request(inm, ims, 304));
          exchange.sendResponseHeaders(304, -1);
        } else {
          requests.add(new Request(inm, ims, 200));
          byte[] body = feed;
          exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        }
        exchange.close();
      });
      server.start();
    }

    void serve(String xml, String etag, String lastModified) {
      this.feed = xml.getBytes(StandardCharsets.UTF_8);
      this.etag = etag;
      this.lastModified = lastModified;
    }

    String feedText() {
      return new String(feed, StandardCharsets.UTF_8);
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/feed.xml";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  PipelineInfra infra;
  FeedServer server;
  String run;

  @BeforeEach
  void start(PipelineInfra shared) throws IOException {
    infra = shared;
    server = new FeedServer();
    run = "r" + System.nanoTime();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  String item(String guid, String title) {
    return "<item>" + (guid == null ? "" : "<guid isPermaLink=\"false\">" + run + "-" + guid + "</guid>")
        + "<title>" + title + "</title><link>https://feedit.example/" + run + "/" + title.replace(' ', '-')
        + "</link><pubDate>Fri, 27 Nov 2026 09:30:00 +0700</pubDate>"
        + "<description>&lt;p&gt;" + title + ", first paragraph.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</description>"
        + "</item>";
  }

  String feed(String... items) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Feed IT</title>"
        + "<link>https://feedit.example/</link><description>d</description><language>en</language>"
        + String.join("", items) + "</channel></rss>";
  }

  IngestService startIngest() {
    return IngestService.start(new IngestConfig("127.0.0.1", 0, ApiKeys.parse(""), 64 * 1024, infra.kafka())
        .withInstanceId("feeds-" + System.nanoTime())
        .withFeeds(AGENCY + "=" + server.url() + "@3600"));
  }

  /** This run's stories on news.raw.v1 (committed only: the reader is read_committed). */
  List<ConsumerRecord<String, RawStory>> raw() {
    return TopicReader.<String, RawStory>readToEnd(infra.bootstrapServers(), Topics.RAW, new StringDeserializer(),
        AvroSerdes.deserializer(infra.kafka(), false), Duration.ofSeconds(20)).stream()
        .filter(r -> r.value().getAgency().equals(AGENCY) && r.value().getPayload() != null
            && StandardCharsets.UTF_8.decode(r.value().getPayload().duplicate()).toString().contains(run))
        .toList();
  }

  long requests(int status) {
    return server.requests.stream().filter(r -> r.status() == status).count();
  }

  @Test
  void pollsConditionallyWritesEachItemOnceAndRemembersAcrossRestarts() {
    String three = feed(item("a", "Alpha story"), item("b", "Beta story"), item(null, "Gamma without guid"));
    server.serve(three, "\"v1\"", "Fri, 27 Nov 2026 02:30:00 GMT");

    try (IngestService first = startIngest()) {
      FeedPoller poller = first.feeds().orElseThrow();
      // the first, scheduled poll: a full GET, three new items
      Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(raw()).hasSize(3));
      List<ConsumerRecord<String, RawStory>> written = raw();
      assertThat(written).allSatisfy(r -> {
        assertThat(r.value().getFormat()).isEqualTo(StoryFormat.RSS);
        assertThat(r.value().getVersion()).isEqualTo(1);
        assertThat(r.value().getContentType()).isEqualTo("application/rss+xml; charset=utf-8");
        assertThat(StandardCharsets.UTF_8.decode(r.value().getPayload().duplicate()).toString()).startsWith("<item>");
        assertThat(r.value().getParsed().getBody()).endsWith(", first paragraph.\nSecond.");
        assertThat(r.value().getParsed().getLanguage()).isEqualTo("en");
      });
      assertThat(written).extracting(ConsumerRecord::key).contains("urn:newswire:feedit:" + run + "-a",
          "urn:newswire:feedit:" + run + "-b").anySatisfy(k -> assertThat(k).matches("urn:newswire:feedit:item-[0-9a-f]{40}"));
      assertThat(server.requests).first().satisfies(r -> assertThat(r.ifNoneMatch()).isNull());

      // unchanged feed: a conditional GET answered 304, nothing written
      FeedPoller.PollResult second = poller.pollNow().get(0);
      assertThat(second.status()).isEqualTo(304);
      assertThat(second.newItems()).isZero();
      assertThat(server.requests).last().satisfies(r -> {
        assertThat(r.ifNoneMatch()).isEqualTo("\"v1\"");
        assertThat(r.ifModifiedSince()).isEqualTo("Fri, 27 Nov 2026 02:30:00 GMT");
        assertThat(r.status()).isEqualTo(304);
      });
      assertThat(raw()).hasSize(3);

      // one new item: exactly one more story
      server.serve(feed(item("d", "Delta story"), item("a", "Alpha story"), item("b", "Beta story"),
          item(null, "Gamma without guid")), "\"v2\"", "Fri, 27 Nov 2026 03:30:00 GMT");
      FeedPoller.PollResult third = poller.pollNow().get(0);
      assertThat(third.status()).isEqualTo(200);
      assertThat(third.newItems()).isEqualTo(1);
      assertThat(third.seenItems()).isEqualTo(3);
      assertThat(raw()).hasSize(4).extracting(ConsumerRecord::key).contains("urn:newswire:feedit:" + run + "-d");
    }
    long fullGetsBefore = requests(200);

    // a restart: a new instance, whose memory is only what Kafka has
    try (IngestService restarted = startIngest()) {
      // its first, scheduled poll has no validators: a full GET, and every item is already seen
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> requests(200) == fullGetsBefore + 1);
      FeedPoller poller = restarted.feeds().orElseThrow();
      assertThat(poller.pollNow().get(0).status()).as("after the full GET, conditional again").isEqualTo(304);
      assertThat(raw()).hasSize(4);

      // the server changes its validators without changing the items: a full GET, nothing new
      server.serve(server.feedText(), "\"v3\"", "Fri, 27 Nov 2026 04:30:00 GMT");
      FeedPoller.PollResult again = poller.pollNow().get(0);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.newItems()).isZero();
      assertThat(again.seenItems()).isEqualTo(4);
      assertThat(raw()).hasSize(4);
    }
  }
}
