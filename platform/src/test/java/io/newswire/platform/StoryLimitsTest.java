package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StoryLimitsTest {

  @Test
  void recordsTakeFourStoriesAndAMebibyteAndIngestKeepsHalfOfThatForTheDeadLetter() {
    StoryLimits d = StoryLimits.DEFAULT;
    assertThat(d.maxStoryBytes()).isEqualTo(1_048_576);
    assertThat(d.maxRecordBytes()).isEqualTo(5_242_880); // 4 x 1 MiB + 1 MiB
    assertThat(d.maxRawRecordBytes()).isEqualTo(4_718_592); // 4 x 1 MiB + 512 KiB
    assertThat(d.producerBufferBytes())
        .isEqualTo(33_554_432L); // Kafka's 32 MiB is room for six records

    StoryLimits small = new StoryLimits(64 * 1024);
    assertThat(small.maxRecordBytes()).isEqualTo(4 * 65_536 + 1_048_576);
    assertThat(small.maxRawRecordBytes()).isEqualTo(4 * 65_536 + 524_288);

    StoryLimits largest = new StoryLimits(StoryLimits.MAX_MAX_STORY_BYTES);
    assertThat(largest.maxRecordBytes())
        .isEqualTo(65 << 20)
        .isLessThan(100 << 20); // under socket.request.max.bytes
    assertThat(largest.producerBufferBytes()).isEqualTo(2L * (65 << 20));
  }

  @Test
  void aWorstCaseRawRecordFitsUnderIngestsLimit() {
    // a windows-1252 payload of M bytes whose every byte decodes to 3 UTF-8 bytes: payload + parsed
    // text = 4M
    StoryLimits d = StoryLimits.DEFAULT;
    assertThat(4L * d.maxStoryBytes()).isLessThan(d.maxRawRecordBytes());
    assertThat(d.maxRecordBytes() - d.maxRawRecordBytes()).isEqualTo(512 * 1024);
  }

  @Test
  void theLimitComesFromTheSettingElseTheDeprecatedAliasElseTheDefault() {
    assertThat(StoryLimits.from(new Env(Map.of()))).isEqualTo(StoryLimits.DEFAULT);
    assertThat(
            StoryLimits.from(new Env(Map.of("NEWSWIRE_MAX_STORY_BYTES", "2097152")))
                .maxStoryBytes())
        .isEqualTo(2_097_152);
    assertThat(StoryLimits.from(new Env(Map.of("INGEST_MAX_BODY_BYTES", "524288"))).maxStoryBytes())
        .isEqualTo(524_288);
    assertThat(
            StoryLimits.from(
                    new Env(
                        Map.of(
                            "NEWSWIRE_MAX_STORY_BYTES",
                            "524288",
                            "INGEST_MAX_BODY_BYTES",
                            "524288")))
                .maxStoryBytes())
        .isEqualTo(524_288);
    assertThat(StoryLimits.usesDeprecatedAlias(new Env(Map.of("INGEST_MAX_BODY_BYTES", "524288"))))
        .isTrue();
    assertThat(
            StoryLimits.usesDeprecatedAlias(
                new Env(
                    Map.of(
                        "NEWSWIRE_MAX_STORY_BYTES", "524288", "INGEST_MAX_BODY_BYTES", "524288"))))
        .isFalse();
  }

  @Test
  void aSettingAndAnAliasThatDisagreeOrAValueOutOfRangeIsAConfigurationError() {
    assertThatThrownBy(
            () ->
                StoryLimits.from(
                    new Env(
                        Map.of(
                            "NEWSWIRE_MAX_STORY_BYTES",
                            "2097152",
                            "INGEST_MAX_BODY_BYTES",
                            "1048576"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("disagree");
    assertThatThrownBy(() -> StoryLimits.from(new Env(Map.of("NEWSWIRE_MAX_STORY_BYTES", "1MB"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NEWSWIRE_MAX_STORY_BYTES");
    assertThatThrownBy(() -> new StoryLimits(1023))
        .hasMessageContaining("between 1024 and 16777216");
    assertThatThrownBy(() -> new StoryLimits((16 << 20) + 1))
        .hasMessageContaining("between 1024 and 16777216");
  }

  @Test
  void kafkaSettingsCarryTheLimitToEveryProducer() {
    assertThat(new KafkaSettings("127.0.0.1:1", "http://127.0.0.1:2").storyLimits())
        .isEqualTo(StoryLimits.DEFAULT);
    assertThat(new KafkaSettings("127.0.0.1:1", "http://127.0.0.1:2", Map.of()).storyLimits())
        .isEqualTo(StoryLimits.DEFAULT);

    KafkaSettings s =
        KafkaSettings.from(
            new Env(
                Map.of(
                    "NEWSWIRE_MAX_STORY_BYTES",
                    "2097152",
                    "KAFKA_CLIENT_MAX_REQUEST_SIZE",
                    "1048576",
                    "KAFKA_CLIENT_LINGER_MS",
                    "7")));
    assertThat(s.storyLimits().maxStoryBytes()).isEqualTo(2_097_152);
    Map<String, Object> producer = s.producerProps();
    assertThat(producer.get("max.request.size"))
        .as("the derived limit wins")
        .isEqualTo(4 * 2_097_152 + 1_048_576);
    assertThat(producer.get("buffer.memory")).isEqualTo(33_554_432L);
    assertThat(producer.get("linger.ms")).isEqualTo("7");
    assertThat(s.clientProps())
        .as("consumers and admin clients are not given producer settings")
        .doesNotContainKeys("buffer.memory")
        .containsEntry("max.request.size", "1048576");
  }
}
