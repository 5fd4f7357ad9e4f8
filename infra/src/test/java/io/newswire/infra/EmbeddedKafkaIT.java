package io.newswire.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

  @Test
  void aRecordWrittenBeforeARestartIsReadAfterIt(@TempDir Path dir) throws Exception {
    int port;
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withDataDir(dir))) {
      port = kafka.port();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
      }
      try (var producer =
          new KafkaProducer<>(
              Map.<String, Object>of(
                  "bootstrap.servers",
                  kafka.bootstrapServers(),
                  "acks",
                  "all",
                  "enable.idempotence",
                  true),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>("t", "k", "survives")).get();
      }
    }
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withDataDir(dir))) {
      assertThat(kafka.port()).as("a persistent broker keeps its port").isEqualTo(port);
      assertThat(readAll(kafka.bootstrapServers(), "t", 1)).containsExactly("survives");
    }
  }

  static List<String> readAll(String bootstrap, String topic, int expected) {
    List<String> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                bootstrap,
                "group.id",
                "test-" + System.nanoTime(),
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      while (values.size() < expected && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}
