package io.newswire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliUnitTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void producersTakeRecordsOfTheStoryLimitFromTheEnvironmentOrTheFlag() {
    Connection c = new Connection();
    Connection.environmentOverride = Map.of("NEWSWIRE_MAX_STORY_BYTES", "2097152");
    try {
      assertThat(c.settings().storyLimits().maxStoryBytes()).isEqualTo(2_097_152);
      assertThat(c.writerProps())
          .containsEntry("max.request.size", 4 * 2_097_152 + 1_048_576)
          .containsEntry("acks", "all");
      c.maxStoryBytes = 65_536;
      assertThat(c.writerProps()).containsEntry("max.request.size", 4 * 65_536 + 1_048_576);
    } finally {
      Connection.environmentOverride = null;
    }
  }

  @Test
  void commandConfigGivesEveryClientItsSaslSettingsOverTheEnvironment(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("operator.properties");
    Files.writeString(
        config,
        """
        security.protocol=SASL_PLAINTEXT
        sasl.mechanism=SCRAM-SHA-512
        sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
          username="operator" password="secret";
        """);
    Connection c = new Connection();
    c.commandConfig = config;
    Connection.environmentOverride =
        Map.of(
            "KAFKA_CLIENT_SECURITY_PROTOCOL", "PLAINTEXT",
            "KAFKA_CLIENT_CLIENT_ID", "from-env");
    try {
      for (Map<String, Object> props : List.of(c.readerProps(), c.writerProps())) {
        assertThat(props)
            .containsEntry("security.protocol", "SASL_PLAINTEXT")
            .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
            .containsEntry("client.id", "from-env");
        assertThat(props.get("sasl.jaas.config").toString())
            .contains("username=\"operator\"")
            .endsWith("password=\"secret\";");
      }
    } finally {
      Connection.environmentOverride = null;
    }
  }

  @Test
  void progressBarShowsCountRateAndEta() {
    assertThat(ProgressBar.render("replay", 250, 1000, 5.0))
        .isEqualTo("replay [#######                       ] 250/1000 50/s ETA 15s");
    assertThat(ProgressBar.render("replay", 1000, 1000, 10.0)).endsWith("1000/1000 100/s ETA 0s");
    assertThat(ProgressBar.render("scan", 0, 0, 0)).endsWith("0/0 0/s ETA --");
    assertThat(ProgressBar.formatSeconds(3725)).isEqualTo("1h2m");
    assertThat(ProgressBar.formatSeconds(75)).isEqualTo("1m15s");
  }

  @Test
  void tailFiltersOnTagsAndAgencyOfAnyTopicsValues() throws Exception {
    var event =
        JSON.readTree("{\"source\":\"vov\",\"subjects\":[{\"code\":\"AI\"},{\"code\":\"ASEAN\"}]}");
    var enriched =
        JSON.readTree("{\"agency\":\"vna\",\"tags\":[{\"id\":\"DIGITAL_TRANSFORMATION\"}]}");
    assertThat(TailFilter.matches(event, Set.of(), null)).isTrue();
    assertThat(TailFilter.matches(event, Set.of("ai"), "VOV")).isTrue();
    assertThat(TailFilter.matches(event, Set.of("DIGITAL_TRANSFORMATION"), null)).isFalse();
    assertThat(TailFilter.matches(enriched, Set.of("DIGITAL_TRANSFORMATION"), "vna")).isTrue();
    assertThat(TailFilter.matches(enriched, Set.of(), "vov")).isFalse();
    assertThat(TailFilter.matches(null, Set.of("AI"), null)).isFalse();
  }

  @Test
  void replaySelectsByUrnAndAgency() {
    assertThat(ReplayCommand.selected("urn:newswire:vov:1", Set.of(), null)).isTrue();
    assertThat(ReplayCommand.selected("urn:newswire:vov:1", Set.of(), "urn:newswire:vov:"))
        .isTrue();
    assertThat(ReplayCommand.selected("urn:newswire:vna:1", Set.of(), "urn:newswire:vov:"))
        .isFalse();
    assertThat(ReplayCommand.selected("urn:newswire:vov:1", Set.of("urn:newswire:vov:2"), null))
        .isFalse();
    assertThat(ReplayCommand.selected(null, Set.of(), null)).isFalse();
  }

  @Test
  void dlqIdsDefaultToPartitionZeroAndPayloadsPrintAsTextOrBase64() {
    assertThat(DlqCommand.normalize("12")).isEqualTo("0:12");
    assertThat(DlqCommand.normalize("1:12")).isEqualTo("1:12");
    assertThat(
            DlqCommand.describeBytes(
                java.nio.ByteBuffer.wrap(
                    "Xin chào".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .isEqualTo("Xin chào");
    assertThat(
            DlqCommand.describeBytes(
                java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 1, (byte) 0xff})))
        .isEqualTo("base64:AAAAAf8=");
  }
}
