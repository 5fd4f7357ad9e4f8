package io.newswire.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.AccessSettings;
import io.newswire.platform.core.access.AdminKeys;
import io.newswire.platform.core.access.KeyRing;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.WithPipelineInfra;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests against ingest's access: {@code /metrics} is for operators only, failed
 * authentications from one address are throttled across every route, withdrawals' bodies are
 * bounded and typed. Each test has its own service, so one test's lockout does not touch another.
 */
@WithPipelineInfra
class IngestAccessIT {
  static final String AGENCY_KEY = "vov-access-" + UUID.randomUUID();
  static final String OPS_KEY = "ops-access-" + UUID.randomUUID();

  static IngestService start(PipelineInfra infra, int maxFailures, Duration lockout) {
    return IngestService.start(
        new IngestConfig(
                "127.0.0.1",
                0,
                ApiKeys.parse("vov:" + ApiKeys.sha256Hex(AGENCY_KEY)),
                64 * 1024,
                infra.kafka())
            .withAccess(
                AccessSettings.defaults()
                    .withAdminKeys(AdminKeys.parse("ops:" + KeyRing.sha256Hex(OPS_KEY)))
                    .withThrottle(maxFailures, lockout)));
  }

  static HttpResponse<String> get(int port, String path, String key) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (key != null) {
      req.header("Authorization", "Bearer " + key);
    }
    return IngestApiIT.HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> story(int port, String key, String id) throws Exception {
    return IngestApiIT.post(
        port,
        key,
        "application/json",
        ("{\"agencyStoryId\":\"" + id + "\",\"version\":1,\"body\":\"b\"}")
            .getBytes(StandardCharsets.UTF_8),
        Map.of());
  }

  static HttpResponse<String> withdraw(int port, String id, String contentType, byte[] body)
      throws Exception {
    return IngestApiIT.HTTP.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/stories/" + id + "/withdraw"))
            .header("Authorization", "Bearer " + AGENCY_KEY)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsAreForOperatorsOnly_andAnOperatorIsNotAnAgency(PipelineInfra infra) throws Exception {
    try (IngestService ingest = start(infra, 10, Duration.ofSeconds(60))) {
      int port = ingest.port();
      HttpResponse<String> none = get(port, "/metrics", null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(none.body()).contains("unauthenticated").doesNotContain("jvm_");
      HttpResponse<String> agency = get(port, "/metrics", AGENCY_KEY);
      assertThat(agency.statusCode()).isEqualTo(403);
      assertThat(agency.body()).contains("forbidden").contains("'admin'");
      HttpResponse<String> ops = get(port, "/metrics", OPS_KEY);
      assertThat(ops.statusCode()).isEqualTo(200);
      assertThat(ops.body()).contains("newswire_loops_failing");
      assertThat(story(port, OPS_KEY, "ops-1").statusCode())
          .as("admin does not cover ingest")
          .isEqualTo(403);
      assertThat(get(port, "/health/ready", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void repeatedWrongKeysFromOneAddressAreThrottledOnEveryRoute_evenARightKeyUntilTheLockoutEnds(
      PipelineInfra infra) throws Exception {
    try (IngestService ingest = start(infra, 3, Duration.ofSeconds(3))) {
      int port = ingest.port();
      assertThat(story(port, AGENCY_KEY, "thr-0").statusCode()).isEqualTo(202);
      assertThat(story(port, "guess-1", "thr-1").statusCode()).isEqualTo(401);
      assertThat(get(port, "/metrics", "guess-2").statusCode()).isEqualTo(401);
      assertThat(get(port, "/openapi.json", "guess-3").statusCode()).isEqualTo(401);

      HttpResponse<String> locked = story(port, AGENCY_KEY, "thr-2");
      assertThat(locked.statusCode()).isEqualTo(429);
      assertThat(locked.body()).contains("too-many-authentication-failures");
      long retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
      assertThat(retryAfter).isBetween(1L, 3L);
      assertThat(get(port, "/metrics", OPS_KEY).statusCode())
          .as("one throttle for every route")
          .isEqualTo(429);

      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> story(port, AGENCY_KEY, "thr-3").statusCode() == 202);
    }
  }

  @Test
  void aWithdrawalIsJsonAndSmall(PipelineInfra infra) throws Exception {
    try (IngestService ingest = start(infra, 10, Duration.ofSeconds(60))) {
      int port = ingest.port();
      HttpResponse<String> text =
          withdraw(
              port, "wd-typed", "text/plain", "{\"version\":2}".getBytes(StandardCharsets.UTF_8));
      assertThat(text.statusCode()).isEqualTo(415);
      assertThat(text.body()).contains("unsupported-media-type").contains("Content-Type");
      byte[] big =
          ("{\"version\":2,\"reason\":\"" + "x".repeat(20_000) + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> tooLarge = withdraw(port, "wd-big", "application/json", big);
      assertThat(tooLarge.statusCode()).isEqualTo(413);
      assertThat(tooLarge.body()).contains("16384");
      assertThat(
              withdraw(
                      port,
                      "wd-ok",
                      "application/json; charset=utf-8",
                      "{\"version\":1}".getBytes(StandardCharsets.UTF_8))
                  .statusCode())
          .as("a typed, small withdrawal gets through to its decision")
          .isEqualTo(202);
    }
  }
}
