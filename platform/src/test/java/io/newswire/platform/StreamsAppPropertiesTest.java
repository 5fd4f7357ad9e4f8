package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsAppPropertiesTest {

  @Test
  void everyStageRunsExactlyOnceWithTwoThreadsAndAShortCommitInterval() {
    Properties p =
        StreamsApp.properties(
            new KafkaSettings("127.0.0.1:1", "http://127.0.0.1:2"), "app", "/tmp/s");
    assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
        .isEqualTo(StreamsApp.DEFAULT_COMMIT_INTERVAL_MS);
    assertThat(p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG))
        .isEqualTo(StreamsApp.DEFAULT_STREAM_THREADS);
    assertThat(p.get("session.timeout.ms")).isEqualTo(StreamsApp.DEFAULT_SESSION_TIMEOUT_MS);
  }

  @Test
  void producersAndTheTopicsStreamsCreatesTakeRecordsOfTheStoryLimits() {
    KafkaSettings settings =
        KafkaSettings.from(new Env(Map.of("NEWSWIRE_MAX_STORY_BYTES", "2097152")));
    Properties p = StreamsApp.properties(settings, "app", "/tmp/s");
    assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)))
        .isEqualTo(9_437_184);
    assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG)))
        .isEqualTo(33_554_432L);
    assertThat(p.get(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)))
        .isEqualTo("9437184");
    assertThat(
            new StreamsConfig(p)
                .getProducerConfigs("client")
                .get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG))
        .isEqualTo(9_437_184);
  }

  @Test
  void kafkaClientSettingsFromTheEnvironmentOverrideTheDefaults() {
    KafkaSettings settings =
        KafkaSettings.from(
            new Env(
                Map.of(
                    "KAFKA_CLIENT_COMMIT_INTERVAL_MS",
                    "100",
                    "KAFKA_CLIENT_NUM_STREAM_THREADS",
                    "1",
                    "KAFKA_CLIENT_SESSION_TIMEOUT_MS",
                    "45000")));
    Properties p = StreamsApp.properties(settings, "app", "/tmp/s");
    assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("100");
    assertThat(p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("1");
    assertThat(p.get("session.timeout.ms")).isEqualTo("45000");
  }

  @Test
  void anUnknownSchemaIdIsRetriedFiveMinutesUnlessConfigured() {
    assertThat(StreamsApp.unknownSchemaGrace(new Env(Map.of()))).isEqualTo(Duration.ofMinutes(5));
    assertThat(
            StreamsApp.unknownSchemaGrace(
                new Env(Map.of(StreamsApp.UNKNOWN_SCHEMA_GRACE_VARIABLE, "0"))))
        .isEqualTo(Duration.ZERO);
    assertThatThrownBy(
            () ->
                StreamsApp.unknownSchemaGrace(
                    new Env(Map.of(StreamsApp.UNKNOWN_SCHEMA_GRACE_VARIABLE, "-1"))))
        .isInstanceOf(IllegalArgumentException.class);
    // a KafkaSettings override (a test's) is the Streams setting the dead-letter handler reads
    Properties p =
        StreamsApp.properties(
            new KafkaSettings(
                "127.0.0.1:1",
                "http://127.0.0.1:2",
                Map.of(DeadLetterHandler.UNKNOWN_SCHEMA_GRACE_CONFIG, "0")),
            "app",
            "/tmp/s");
    assertThat(
            DeadLetterHandler.unknownSchemaGrace(
                p.get(DeadLetterHandler.UNKNOWN_SCHEMA_GRACE_CONFIG)))
        .isEqualTo(Duration.ZERO);
  }
}
