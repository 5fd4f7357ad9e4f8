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
              "curl -i -X POST http://127.0.0.1:" + p.ingest().port() + "/v1/stories");

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      new Demo(p, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
      String out = bytes.toString(StandardCharsets.UTF_8);

      assertThat(out).contains("Pushed 25 stories").doesNotContain("not published within");
      assertThat(
              out.lines()
                  .filter(l -> l.startsWith("urn:newswire:vov:vov-asean-digital-ministers"))
                  .findFirst())
          .hasValueSatisfying(
              line -> assertThat(line).contains(" fr ", "ASEAN", "DIGITAL_TRANSFORMATION", "AI"));
      assertThat(out).contains("\"credit\" : \"Lai Hoa/VOV\"");
    }
  }
}
