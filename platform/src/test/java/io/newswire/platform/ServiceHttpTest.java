package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newswire.platform.core.access.AdminKeys;
import io.newswire.platform.core.access.ClientAddress;
import io.newswire.platform.core.access.KeyRing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /health/ready} and {@code /metrics} of a service with supervised loops, over HTTP. */
class ServiceHttpTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  final PrometheusMeterRegistry metrics = ServiceHttp.meterRegistry("test");
  final Supervisor loops =
      new Supervisor(metrics, Duration.ofMillis(50), Duration.ofMillis(200), Clock.systemUTC());
  static final String OPS_KEY = "ops-key-" + java.util.UUID.randomUUID();
  final HttpAccess access =
      AccessSettings.defaults()
          .withAdminKeys(AdminKeys.parse("ops:" + KeyRing.sha256Hex(OPS_KEY)))
          .access(List.of(), "an operator's");
  Javalin http;

  @AfterEach
  void stop() {
    loops.close();
    if (http != null) {
      http.stop();
    }
  }

  HttpResponse<String> get(String path) throws Exception {
    return get(path, OPS_KEY);
  }

  HttpResponse<String> get(String path, String key) throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path));
    if (key != null) {
      req.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsRequireAnOperatorsKey_healthDoesNot() throws Exception {
    http =
        ServiceHttp.create("test", metrics, () -> ServiceHttp.Readiness.up("ok"), access, c -> {})
            .start("127.0.0.1", 0);
    HttpResponse<String> none = get("/metrics", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("Content-Type")).contains(Problem.MEDIA_TYPE);
    assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(none.body()).doesNotContain("jvm_");
    assertThat(get("/metrics", "not-" + OPS_KEY).statusCode()).isEqualTo(401);
    HttpResponse<String> ops = get("/metrics", OPS_KEY);
    assertThat(ops.statusCode()).isEqualTo(200);
    assertThat(ops.body()).contains("jvm_");
    assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
    assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aFailingLoopTakesTheServiceOutOfReadinessWithItsNameAndError_andIsCounted()
      throws Exception {
    AtomicBoolean broken = new AtomicBoolean(true);
    loops.start(
        "receipts",
        loop -> {
          if (broken.get()) {
            throw new IllegalStateException("topic news.ingest.receipts.v1 not found");
          }
          while (loop.sleep(Duration.ofMillis(20))) {
            loop.healthy();
          }
        });
    http =
        ServiceHttp.create(
                "test",
                metrics,
                () -> ServiceHttp.Readiness.up("broker reachable"),
                loops,
                access,
                c -> {})
            .start("127.0.0.1", 0);

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get("/health/ready").statusCode() == 503);
    JsonNode down = ServiceHttp.JSON.readTree(get("/health/ready").body());
    assertThat(down.get("status").asText()).isEqualTo("DOWN");
    assertThat(down.get("detail").asText())
        .startsWith("broker reachable; loop receipts failing since")
        .contains("IllegalStateException: topic news.ingest.receipts.v1 not found");
    assertThat(down.get("loops").get(0).get("name").asText()).isEqualTo("receipts");
    assertThat(down.get("loops").get(0).get("status").asText()).isEqualTo("FAILING");
    assertThat(down.get("loops").get(0).get("lastError").asText()).contains("not found");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(get("/metrics").body())
                    .containsPattern(
                        "newswire_loop_restarts_total\\{loop=\"receipts\",service=\"test\"} [1-9]")
                    .contains("newswire_loops_failing{service=\"test\"} 1"));

    broken.set(false);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get("/health/ready").statusCode() == 200);
    JsonNode up = ServiceHttp.JSON.readTree(get("/health/ready").body());
    assertThat(up.get("detail").asText()).isEqualTo("broker reachable; 1 loops running");
    assertThat(up.get("loops").get(0).get("status").asText()).isEqualTo("RUNNING");
    assertThat(get("/metrics").body()).contains("newswire_loops_failing{service=\"test\"} 0");
  }

  HttpResponse<String> getFrom(String forwardedFor, String key) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/metrics"))
            .header("Authorization", "Bearer " + key)
            .header("X-Forwarded-For", forwardedFor)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void behindATrustedProxyFailuresAreCountedPerForwardedClient() throws Exception {
    HttpAccess proxied =
        AccessSettings.defaults()
            .withAdminKeys(AdminKeys.parse("ops:" + KeyRing.sha256Hex(OPS_KEY)))
            .withThrottle(2, Duration.ofSeconds(30))
            .withTrustedProxies(ClientAddress.trusting("127.0.0.1"))
            .access(List.of(), "an operator's");
    http =
        ServiceHttp.create("test", metrics, () -> ServiceHttp.Readiness.up("ok"), proxied, c -> {})
            .start("127.0.0.1", 0);
    assertThat(getFrom("198.51.100.7", "wrong").statusCode()).isEqualTo(401);
    assertThat(getFrom("198.51.100.7", "wrong").statusCode()).isEqualTo(401);
    HttpResponse<String> locked = getFrom("198.51.100.7", OPS_KEY);
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.headers().firstValue("Retry-After")).isPresent();
    assertThat(getFrom("198.51.100.8", OPS_KEY).statusCode())
        .as("another client behind the same proxy is not locked out")
        .isEqualTo(200);
    assertThat(getFrom("198.51.100.9, 198.51.100.7", OPS_KEY).statusCode())
        .as("a client cannot hide behind an address it writes itself")
        .isEqualTo(429);
  }
}
