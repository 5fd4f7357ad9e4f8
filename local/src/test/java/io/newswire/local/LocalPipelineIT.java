package io.newswire.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `./newswire-local --demo` does, in-process on free ports: everything starts, and the corpus
 * comes out.
 */
class LocalPipelineIT {

  @Test
  void theWholePipelineStartsAndTheDemoStoriesComeOutTagged(@TempDir Path data) throws Exception {
    try (LocalPipeline p = LocalPipeline.start(new LocalPipeline.Options(0, 0, 0, 0, 0, data, 3))) {
      String banner = Banner.text(p, 1);
      assertThat(banner)
          .contains(
              p.kafka().bootstrapServers(),
              p.registry().baseUrl(),
              "local-vov-key",
              "curl -i -X POST http://127.0.0.1:" + p.ingest().port() + "/v1/stories",
              "local-desk-key",
              "local-ops-key",
              "console            http://127.0.0.1:" + p.publish().port() + "/console/",
              "-H 'Authorization: Bearer local-desk-key' http://127.0.0.1:"
                  + p.publish().port()
                  + "/v1/stories/urn:newswire:vov:vov-demo-1");
      assertLocalKeysWork(p);

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      new Demo(p, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
      String out = bytes.toString(StandardCharsets.UTF_8);

      assertThat(out)
          .contains("Pushed 25 stories")
          .contains("the console: http://127.0.0.1:" + p.publish().port() + "/console/")
          .doesNotContain("not published within");
      assertThat(
              out.lines()
                  .filter(l -> l.startsWith("urn:newswire:vov:vov-asean-digital-ministers"))
                  .findFirst())
          .hasValueSatisfying(
              line -> assertThat(line).contains(" fr ", "ASEAN", "DIGITAL_TRANSFORMATION", "AI"));
      assertThat(out).contains("\"credit\" : \"Lai Hoa/VOV\"");
    }
  }

  /** The printed keys are the ones in force: desk reads, ops reads every service's metrics. */
  static void assertLocalKeysWork(LocalPipeline p) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.util.function.BiFunction<String, String, Integer> status =
        (url, key) -> {
          try {
            var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url));
            if (key != null) {
              req.header("Authorization", "Bearer " + key);
            }
            return http.send(req.build(), java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    String publish = "http://127.0.0.1:" + p.publish().port();
    String desk = p.publishKeys().get(LocalPipeline.DESK);
    String ops = p.publishKeys().get(LocalPipeline.OPS);
    assertThat(status.apply(publish + "/v1/stories/urn:newswire:vov:none", null)).isEqualTo(401);
    assertThat(status.apply(publish + "/v1/stories/urn:newswire:vov:none", desk)).isIn(404, 503);
    assertThat(status.apply(publish + "/metrics", desk)).isEqualTo(403);
    for (int port : new int[] {p.ingest().port(), p.enrich().port(), p.publish().port()}) {
      assertThat(status.apply("http://127.0.0.1:" + port + "/metrics", null)).isEqualTo(401);
      assertThat(status.apply("http://127.0.0.1:" + port + "/metrics", ops)).isEqualTo(200);
    }
  }
}
