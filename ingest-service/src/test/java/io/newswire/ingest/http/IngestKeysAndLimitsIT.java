package io.newswire.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.WithPipelineInfra;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys rotate without a restart; each agency has its own rate limit. */
@WithPipelineInfra
class IngestKeysAndLimitsIT {

  static HttpResponse<String> send(int port, String key, String id) throws Exception {
    return IngestApiIT.post(
        port,
        key,
        "application/json",
        ("{\"agencyStoryId\":\"" + id + "\",\"version\":1,\"body\":\"b\"}")
            .getBytes(StandardCharsets.UTF_8),
        Map.of());
  }

  @Test
  void aKeyRotatesWithoutARestartOldAndNewValidInBetween(PipelineInfra infra, @TempDir Path dir)
      throws Exception {
    Path keys = dir.resolve("keys.txt");
    Files.writeString(keys, "# agency keys\nafp:" + ApiKeys.sha256Hex("afp-old") + "\n");
    IngestConfig config =
        new IngestConfig("127.0.0.1", 0, ApiKeys.parse(""), 64 * 1024, infra.kafka())
            .withApiKeysFile(keys);
    try (IngestService ingest = IngestService.start(config)) {
      assertThat(send(ingest.port(), "afp-old", "rot-1").statusCode()).isEqualTo(202);
      assertThat(send(ingest.port(), "afp-new", "rot-2").statusCode()).isEqualTo(401);

      Files.writeString(
          keys,
          "afp:" + ApiKeys.sha256Hex("afp-old") + "\nafp:" + ApiKeys.sha256Hex("afp-new") + "\n");
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> send(ingest.port(), "afp-new", "rot-3").statusCode() == 202);
      assertThat(send(ingest.port(), "afp-old", "rot-4").statusCode()).isEqualTo(202);

      Files.writeString(keys, "afp:" + ApiKeys.sha256Hex("afp-new") + "\n");
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> send(ingest.port(), "afp-old", "rot-5").statusCode() == 401);
      assertThat(send(ingest.port(), "afp-new", "rot-6").statusCode()).isEqualTo(202);

      Files.writeString(keys, "this is not a key file"); // a broken file keeps the keys in force
      Awaitility.await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> send(ingest.port(), "afp-new", "rot-6").statusCode() == 202);
    }
  }

  @Test
  void anAgencyOverItsRateGets429WithRetryAfterAndOthersAreUnaffected(PipelineInfra infra)
      throws Exception {
    IngestConfig config =
        new IngestConfig(
                "127.0.0.1",
                0,
                ApiKeys.parse(
                    "vov:" + ApiKeys.sha256Hex("vov-k") + ",vna:" + ApiKeys.sha256Hex("vna-k")),
                64 * 1024,
                infra.kafka())
            .withRateLimits("vov:0.01/3,*:1000");
    try (IngestService ingest = IngestService.start(config)) {
      for (int i = 0; i < 3; i++) {
        assertThat(send(ingest.port(), "vov-k", "rate-" + i).statusCode()).isEqualTo(202);
      }
      var limited = send(ingest.port(), "vov-k", "rate-3");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After"))
          .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 100L));
      assertThat(IngestApiIT.JSON.readTree(limited.body()).get("type").asText())
          .endsWith("/rate-limited");
      assertThat(send(ingest.port(), "vna-k", "rate-vna").statusCode()).isEqualTo(202);
    }
  }
}
