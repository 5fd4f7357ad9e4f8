package io.newswire.ingest.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.StoryFormat;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pull feeds on the real broker and registry: conditional GET, one write per new item, and no
 * second ingest of an item already seen — also by a new instance after a restart (the receipts are
 * the durable memory).
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
      server.createContext(
          "/feed.xml",
          exchange -> {
            String inm = exchange.getRequestHeaders().getFirst("If-None-Match");
            String ims = exchange.getRequestHeaders().getFirst("If-Modified-Since");
            boolean notModified =
                inm != null ? inm.equals(etag) : ims != null && ims.equals(lastModified);
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Last-Modified", lastModified);
            if (notModified) {
              requests.add(new Request(inm, ims, 304));
              exchange.sendResponseHeaders(304, -1);
            } else {
              requests.add(new Request(inm, ims, 200));
              byte[] body = feed;
              exchange
                  .getResponseHeaders()
                  .set("Content-Type", "application/rss+xml; charset=utf-8");
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
    return "<item>"
        + (guid == null ? "" : "<guid isPermaLink=\"false\">" + run + "-" + guid + "</guid>")
        + "<title>"
        + title
        + "</title><link>https://feedit.example/"
        + run
        + "/"
        + title.replace(' ', '-')
        + "</link><pubDate>Fri, 27 Nov 2026 09:30:00 +0700</pubDate>"
        + "<description>&lt;p&gt;"
        + title
        + ", first paragraph.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</description>"
        + "</item>";
  }

  String feed(String... items) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Feed IT</title>"
        + "<link>https://feedit.example/</link><description>d</description><language>en</language>"
        + String.join("", items)
        + "</channel></rss>";
  }

  IngestService startIngest() {
    return IngestService.start(
        new IngestConfig("127.0.0.1", 0, ApiKeys.parse(""), 64 * 1024, infra.kafka())
            .withInstanceId("feeds-" + System.nanoTime())
            .withFeeds(AGENCY + "=" + server.url() + "@3600"));
  }

  /** This run's stories on news.raw.v1 (committed only: the reader is read_committed). */
  List<ConsumerRecord<String, RawStory>> raw() {
    return TopicReader.<String, RawStory>readToEnd(
            infra.bootstrapServers(),
            Topics.RAW,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            Duration.ofSeconds(20))
        .stream()
        .filter(
            r ->
                r.value().getAgency().equals(AGENCY)
                    && r.value().getPayload() != null
                    && StandardCharsets.UTF_8
                        .decode(r.value().getPayload().duplicate())
                        .toString()
                        .contains(run))
        .toList();
  }

  long requests(int status) {
    return server.requests.stream().filter(r -> r.status() == status).count();
  }

  @Test
  void pollsConditionallyWritesEachItemOnceAndRemembersAcrossRestarts() {
    String three =
        feed(item("a", "Alpha story"), item("b", "Beta story"), item(null, "Gamma without guid"));
    server.serve(three, "\"v1\"", "Fri, 27 Nov 2026 02:30:00 GMT");

    try (IngestService first = startIngest()) {
      FeedPoller poller = first.feeds().orElseThrow();
      // the first, scheduled poll: a full GET, three new items
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(raw()).hasSize(3));
      List<ConsumerRecord<String, RawStory>> written = raw();
      assertThat(written)
          .allSatisfy(
              r -> {
                assertThat(r.value().getFormat()).isEqualTo(StoryFormat.RSS);
                assertThat(r.value().getVersion()).isEqualTo(1);
                assertThat(r.value().getContentType())
                    .isEqualTo("application/rss+xml; charset=utf-8");
                assertThat(
                        StandardCharsets.UTF_8
                            .decode(r.value().getPayload().duplicate())
                            .toString())
                    .startsWith("<item>");
                assertThat(r.value().getParsed().getBody()).endsWith(", first paragraph.\nSecond.");
                assertThat(r.value().getParsed().getLanguage()).isEqualTo("en");
              });
      assertThat(written)
          .extracting(ConsumerRecord::key)
          .contains("urn:newswire:feedit:" + run + "-a", "urn:newswire:feedit:" + run + "-b")
          .anySatisfy(k -> assertThat(k).matches("urn:newswire:feedit:item-[0-9a-f]{40}"));
      assertThat(server.requests).first().satisfies(r -> assertThat(r.ifNoneMatch()).isNull());

      // unchanged feed: a conditional GET answered 304, nothing written
      FeedPoller.PollResult second = poller.pollNow().get(0);
      assertThat(second.status()).isEqualTo(304);
      assertThat(second.newItems()).isZero();
      assertThat(server.requests)
          .last()
          .satisfies(
              r -> {
                assertThat(r.ifNoneMatch()).isEqualTo("\"v1\"");
                assertThat(r.ifModifiedSince()).isEqualTo("Fri, 27 Nov 2026 02:30:00 GMT");
                assertThat(r.status()).isEqualTo(304);
              });
      assertThat(raw()).hasSize(3);

      // one new item: exactly one more story
      server.serve(
          feed(
              item("d", "Delta story"),
              item("a", "Alpha story"),
              item("b", "Beta story"),
              item(null, "Gamma without guid")),
          "\"v2\"",
          "Fri, 27 Nov 2026 03:30:00 GMT");
      FeedPoller.PollResult third = poller.pollNow().get(0);
      assertThat(third.status()).isEqualTo(200);
      assertThat(third.newItems()).isEqualTo(1);
      assertThat(third.seenItems()).isEqualTo(3);
      assertThat(raw())
          .hasSize(4)
          .extracting(ConsumerRecord::key)
          .contains("urn:newswire:feedit:" + run + "-d");
    }
    long fullGetsBefore = requests(200);

    // a restart: a new instance, whose memory is only what Kafka has
    try (IngestService restarted = startIngest()) {
      // its first, scheduled poll has no validators: a full GET, and every item is already seen
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> requests(200) == fullGetsBefore + 1);
      FeedPoller poller = restarted.feeds().orElseThrow();
      assertThat(poller.pollNow().get(0).status())
          .as("after the full GET, conditional again")
          .isEqualTo(304);
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

  /**
   * A feed URL that, as the test says, dribbles its body forever, redirects elsewhere, or has moved
   * in its origin.
   */
  static final class TrickyServer implements AutoCloseable {
    final HttpServer server;
    final HttpServer elsewhere;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger elsewhereRequests = new AtomicInteger();
    final CountDownLatch over = new CountDownLatch(1);
    volatile String mode = "dribble";
    volatile String feed;

    TrickyServer() throws IOException {
      elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      elsewhere.createContext(
          "/",
          exchange -> {
            elsewhereRequests.incrementAndGet();
            send(exchange, feed);
          });
      elsewhere.start();
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(
          Executors.newCachedThreadPool()); // a dribbling answer must not hold up the next request
      server.createContext(
          "/feed.xml",
          exchange -> {
            requests.incrementAndGet();
            switch (mode) {
              case "dribble" -> {
                exchange
                    .getResponseHeaders()
                    .set("Content-Type", "application/rss+xml; charset=utf-8");
                exchange.sendResponseHeaders(
                    200, 0); // headers now, then a byte at a time, never the end
                try (OutputStream out = exchange.getResponseBody()) {
                  out.write("<?xml version=\"1.0\"?>".getBytes(StandardCharsets.UTF_8));
                  while (!over.await(200, TimeUnit.MILLISECONDS)) {
                    out.write(' ');
                    out.flush();
                  }
                } catch (IOException | InterruptedException e) {
                  // the poller gave up and closed the connection
                }
              }
              case "away" ->
                  redirect(
                      exchange,
                      302,
                      "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/feed.xml");
              default -> redirect(exchange, 301, "/moved/feed.xml");
            }
            exchange.close();
          });
      server.createContext("/moved/feed.xml", exchange -> send(exchange, feed));
      server.start();
    }

    static void redirect(com.sun.net.httpserver.HttpExchange exchange, int status, String location)
        throws IOException {
      exchange.getResponseHeaders().set("Location", location);
      exchange.sendResponseHeaders(status, -1);
    }

    static void send(com.sun.net.httpserver.HttpExchange exchange, String feed) throws IOException {
      byte[] body = feed.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
      exchange.close();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/feed.xml";
    }

    @Override
    public void close() {
      over.countDown();
      server.stop(0);
      elsewhere.stop(0);
    }
  }

  JsonNode readiness(IngestService ingest) throws Exception {
    HttpResponse<String> res =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ingest.port() + "/health/ready"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode())
        .as("a failing feed is reported, the service stays ready: %s", res.body())
        .isEqualTo(200);
    return ServiceHttp.JSON.readTree(res.body());
  }

  static JsonNode loop(JsonNode ready, String name) {
    for (JsonNode l : ready.get("loops")) {
      if (l.get("name").asText().equals(name)) {
        return l;
      }
    }
    throw new AssertionError("no loop " + name + " in " + ready);
  }

  @Test
  void
      aFeedThatDribblesOrRedirectsElsewhereFailsWithinItsTimeout_isReportedInReadiness_andIsPolledAgain()
          throws Exception {
    String loop = "feed-" + AGENCY + "-1";
    try (TrickyServer tricky = new TrickyServer();
        IngestService ingest =
            IngestService.start(
                new IngestConfig("127.0.0.1", 0, ApiKeys.parse(""), 64 * 1024, infra.kafka())
                    .withInstanceId("feeds-" + System.nanoTime())
                    .withFeeds(AGENCY + "=" + tricky.url() + "@3600")
                    .withFeedTimeout(Duration.ofSeconds(2)))) {
      tricky.feed = feed(item("moved", "Moved story"));
      FeedPoller poller = ingest.feeds().orElseThrow();

      // headers, then a body that never ends: the poll gives up at the timeout (bounded here so a
      // hang fails)
      FeedPoller.PollResult stalled =
          CompletableFuture.supplyAsync(() -> poller.pollNow().get(0)).get(30, TimeUnit.SECONDS);
      assertThat(stalled.status()).isZero();
      assertThat(stalled.error()).isEqualTo("no complete answer within 2 s (headers and body)");
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                JsonNode ready = readiness(ingest);
                assertThat(ready.get("detail").asText())
                    .contains("loop " + loop + " failing since");
                assertThat(loop(ready, loop).get("status").asText()).isEqualTo("FAILING");
                assertThat(loop(ready, loop).get("lastError").asText())
                    .contains("no complete answer within 2 s");
              });
      int before = tricky.requests.get();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> tricky.requests.get() > before); // polled again

      // a redirect to another origin (here another port) is not followed, and says where it pointed
      tricky.mode = "away";
      String away = "http://127.0.0.1:" + tricky.elsewhere.getAddress().getPort() + "/feed.xml";
      FeedPoller.PollResult redirected = poller.pollNow().get(0);
      assertThat(redirected.status()).isEqualTo(302);
      assertThat(redirected.error()).contains("redirect to " + away + " not followed");
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(loop(readiness(ingest), loop).get("lastError").asText())
                      .contains("redirect to " + away + " not followed"));
      assertThat(tricky.elsewhereRequests).hasValue(0);
      assertThat(raw()).isEmpty();

      // moved within its origin: followed; the loop recovers on its own and the item is written
      tricky.mode = "moved";
      Awaitility.await()
          .atMost(Duration.ofSeconds(40))
          .untilAsserted(
              () -> {
                JsonNode ready = readiness(ingest);
                assertThat(loop(ready, loop).get("status").asText()).isEqualTo("RUNNING");
                assertThat(ready.get("detail").asText()).doesNotContain(loop);
              });
      assertThat(raw())
          .extracting(ConsumerRecord::key)
          .containsExactly("urn:newswire:feedit:" + run + "-moved");
      assertThat(tricky.elsewhereRequests).hasValue(0);
    }
  }
}
