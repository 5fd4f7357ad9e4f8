package io.newswire.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.ServiceHttp;
import io.newswire.publish.PublishService;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.WithPipelineInfra;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, source health, on the real broker and registry: ingest (pushed stories, a bad one, a
 * request with a wrong key, a feed that fails and one that works) → news.ingest.receipts.v1 and
 * news.ingest.refusals.v1 → publish's source-health application → {@code GET /v1/sources}, the
 * gauges; publish restarted answers the same.
 */
@WithPipelineInfra
class SourcesIT {
  static final String AGENCY = "src-" + UUID.randomUUID().toString().substring(0, 8);
  static final String KEY = AGENCY + "-key";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static PipelineInfra infra;
  static IngestService ingest;
  static PublishService publish;
  static PublishService.Config publishConfig;
  static HttpServer feeds;

  @BeforeAll
  static void start(PipelineInfra shared, @TempDir Path state) throws Exception {
    infra = shared;
    feeds = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    feeds.createContext(
        "/broken",
        ex -> {
          ex.sendResponseHeaders(500, -1);
          ex.close();
        });
    feeds.createContext(
        "/rss",
        ex -> {
          byte[] body = rss().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    feeds.start();
    String base = "http://127.0.0.1:" + feeds.getAddress().getPort();
    publishConfig =
        TestKeys.publish(
            new PublishService.Config(
                "127.0.0.1", 0, "sources-it", state.resolve("publish").toString(), infra.kafka()));
    publish = PublishService.start(publishConfig);
    ingest =
        IngestService.start(
            new IngestConfig(
                    "127.0.0.1",
                    0,
                    ApiKeys.parse(AGENCY + ":" + ApiKeys.sha256Hex(KEY)),
                    1 << 20,
                    infra.kafka())
                .withFeeds(
                    AGENCY + "=" + base + "/broken@3600;" + AGENCY + "=" + base + "/rss@3600"));
  }

  @AfterAll
  static void stop() {
    if (ingest != null) {
      ingest.close();
    }
    if (publish != null) {
      publish.close();
    }
    feeds.stop(0);
  }

  static String rss() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>T</title>"
        + "<link>https://sources.example/</link><description>d</description><language>en</language>"
        + "<item><guid isPermaLink=\"false\">"
        + AGENCY
        + "-feed-1</guid><title>Ministers meet in Hanoi</title>"
        + "<link>https://sources.example/1</link><pubDate>Fri, 27 Nov 2026 09:30:00 +0700</pubDate>"
        + "<description>Ministers met in Hanoi to talk about digital trade.</description></item>"
        + "</channel></rss>";
  }

  static HttpResponse<String> post(String id, String key, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/v1/stories"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "text/plain; charset=utf-8")
            .header("X-Story-Id", id)
            .header("X-Story-Version", "1")
            .header("Content-Language", "en")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(HttpRequest.Builder req) throws Exception {
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  static URI publishUri(String path) {
    return URI.create("http://127.0.0.1:" + publish.port() + path);
  }

  /** The source as GET /v1/sources/{source} answers it, once it satisfies {@code done}. */
  static JsonNode awaitSource(String source, java.util.function.Predicate<JsonNode> done) {
    AtomicReference<JsonNode> seen = new AtomicReference<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              HttpResponse<String> r = get(TestKeys.asReader(publishUri("/v1/sources/" + source)));
              assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
              JsonNode n = ServiceHttp.JSON.readTree(r.body());
              seen.set(n);
              assertThat(done.test(n)).as(r.body()).isTrue();
            });
    return seen.get();
  }

  /** The value of a gauge of {@code source} (and {@code type}) in Prometheus text, or null. */
  static Double gauge(String metrics, String name, String source, String type) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(name + "{"))
        .filter(l -> l.contains("source=\"" + source + "\""))
        .filter(l -> type == null || l.contains("type=\"" + type + "\""))
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(null);
  }

  @Test
  void storiesRefusalsAndFeedErrorsAreReportedPerSource_byTheApiAndTheGauges_andSurviveARestart()
      throws Exception {
    String text = "ASEAN digital ministers will announce an artificial intelligence pact in Hanoi.";
    for (int i = 1; i <= 3; i++) {
      assertThat(post("story-" + i, KEY, text).statusCode()).isEqualTo(202);
    }
    assertThat(post("story-empty", KEY, "").statusCode()).isBetween(400, 499);
    assertThat(post("story-x", "not-" + KEY, text).statusCode()).isEqualTo(401);

    JsonNode agency =
        awaitSource(
            AGENCY, n -> n.path("storiesLast24h").asLong() == 3 && n.path("refusals").size() == 1);
    assertThat(agency.path("kind").asText()).isEqualTo("agency");
    assertThat(agency.path("state").asText()).isEqualTo("erroring"); // the latest was refused
    assertThat(agency.path("perHour")).hasSize(24);
    // the stories are in the current hour, or the one before when an hour began meanwhile
    assertThat(agency.path("perHour").get(22).asLong() + agency.path("perHour").get(23).asLong())
        .isEqualTo(3);
    assertThat(agency.path("lastReceivedAt").asText()).endsWith("Z");
    String refusedType = agency.path("refusals").fieldNames().next();
    assertThat(agency.path("lastError").path("type").asText()).isEqualTo(refusedType);
    assertThat(agency.path("lastError").path("status").asInt()).isBetween(400, 499);
    assertThat(agency.toString()).doesNotContain(KEY);

    JsonNode broken =
        awaitSource(AGENCY + "@127.0.0.1", n -> n.path("refusals").has("feed-http-status"));
    assertThat(broken.path("kind").asText()).isEqualTo("feed");
    assertThat(broken.path("state").asText()).isEqualTo("erroring");
    assertThat(broken.path("lastError").path("status").asInt()).isEqualTo(500);
    JsonNode working =
        awaitSource(AGENCY + "@127.0.0.1~2", n -> n.path("storiesLast24h").asLong() == 1);
    assertThat(working.path("state").asText()).isEqualTo("quiet-new");
    assertThat(working.path("lastError").isNull()).isTrue();

    // the list: every source of this run, the unauthenticated request under _unauthenticated
    HttpResponse<String> list = get(TestKeys.asReader(publishUri("/v1/sources")));
    assertThat(list.statusCode()).isEqualTo(200);
    JsonNode sources = ServiceHttp.JSON.readTree(list.body()).path("sources");
    java.util.List<String> names = new java.util.ArrayList<>();
    sources.forEach(s -> names.add(s.path("source").asText()));
    assertThat(names)
        .contains(AGENCY, AGENCY + "@127.0.0.1", AGENCY + "@127.0.0.1~2", "_unauthenticated");
    assertThat(names.indexOf(AGENCY + "@127.0.0.1~2")) // erroring ones before quiet-new ones
        .isGreaterThan(names.indexOf(AGENCY))
        .isGreaterThan(names.indexOf(AGENCY + "@127.0.0.1"));
    assertThat(get(HttpRequest.newBuilder(publishUri("/v1/sources"))).statusCode()).isEqualTo(401);
    assertThat(get(TestKeys.asReader(publishUri("/v1/sources/nobody-" + AGENCY))).statusCode())
        .isEqualTo(404);

    // the gauges, on /metrics (refreshed every 10 s)
    Awaitility.await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              String metrics = get(TestKeys.asOps(publishUri("/metrics"))).body();
              assertThat(gauge(metrics, "newswire_source_stories_last_24h", AGENCY, null))
                  .isEqualTo(3.0);
              assertThat(gauge(metrics, "newswire_source_idle", AGENCY, null)).isEqualTo(0.0);
              assertThat(gauge(metrics, "newswire_source_last_received_age_seconds", AGENCY, null))
                  .isBetween(0.0, 600.0);
              assertThat(
                      gauge(
                          metrics,
                          "newswire_source_refusals",
                          AGENCY + "@127.0.0.1",
                          "feed-http-status"))
                  .isGreaterThanOrEqualTo(1.0);
            });

    // publish restarted (same application id and state directory): the same report
    publish.close();
    publish = PublishService.start(publishConfig);
    JsonNode again = awaitSource(AGENCY, n -> n.path("storiesLast24h").asLong() == 3);
    assertThat(again.path("refusals")).isEqualTo(agency.path("refusals"));
    assertThat(again.path("lastReceivedAt")).isEqualTo(agency.path("lastReceivedAt"));
    assertThat(again.path("state").asText()).isEqualTo("erroring");
  }
}
