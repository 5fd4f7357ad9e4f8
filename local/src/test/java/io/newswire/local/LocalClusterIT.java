package io.newswire.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.StoryLimits;
import io.newswire.platform.TopicProvisioner;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.testkit.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./newswire-local --brokers 3}: the pipeline on a cluster of three KRaft nodes, its topics
 * replicated.
 */
class LocalClusterIT {

  @Test
  void onThreeBrokersTheTopicsHaveThreeReplicasAndAStoryComesOutPublished(@TempDir Path data)
      throws Exception {
    try (LocalPipeline p =
        LocalPipeline.start(new LocalPipeline.Options(0, 0, 0, 0, 0, data, 3).withBrokers(3))) {
      assertThat(p.brokers()).isEqualTo(3);
      assertThat(p.kafka()).isNull();
      assertThat(p.bootstrapServers().split(",")).hasSize(3);
      assertThat(p.cluster().dataDir()).isEqualTo(data.resolve("kafka-cluster"));
      assertThat(Banner.text(p, 1))
          .contains(
              p.bootstrapServers(), "3 KRaft nodes", "replication factor 3, min.insync.replicas 2");

      try (Admin admin =
          Admin.create(Map.<String, Object>of("bootstrap.servers", p.bootstrapServers()))) {
        TopicDescription raw =
            admin.describeTopics(List.of(Topics.RAW)).allTopicNames().get().get(Topics.RAW);
        assertThat(raw.partitions())
            .hasSize(3)
            .allSatisfy(part -> assertThat(part.replicas()).hasSize(3));
        var res = new ConfigResource(ConfigResource.Type.TOPIC, Topics.RAW);
        assertThat(
                admin
                    .describeConfigs(List.of(res))
                    .all()
                    .get()
                    .get(res)
                    .get("min.insync.replicas")
                    .value())
            .isEqualTo("2");
        // every topic of the catalogue, the webhook topics too, is as the catalogue says for RF 3
        assertThat(
                new TopicProvisioner(admin, (short) 3)
                    .drift(Topics.all(3, StoryLimits.DEFAULT, (short) 3)))
            .isEmpty();
      }

      HttpResponse<String> accepted =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + p.ingest().port() + "/v1/stories"))
                      .header("Authorization", "Bearer " + p.apiKeys().get("vov"))
                      .header("Content-Type", "text/plain; charset=utf-8")
                      .header("X-Story-Id", "cluster-1")
                      .header("X-Story-Version", "1")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "Hà Nội, 12/3 - Các bộ trưởng số ASEAN họp bàn về trí tuệ "
                                  + "nhân tạo và chuyển đổi số trong khu vực.",
                              StandardCharsets.UTF_8))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

      String urn = "urn:newswire:vov:cluster-1";
      KafkaSettings settings = new KafkaSettings(p.bootstrapServers(), p.registry().baseUrl());
      var published =
          TopicReader.readUntil(
              p.bootstrapServers(),
              Topics.PUBLISHED,
              new StringDeserializer(),
              AvroSerdes.<NewsEvent>deserializer(settings, false),
              records -> records.stream().anyMatch(r -> r.key().equals(urn)),
              Duration.ofSeconds(60));
      assertThat(published)
          .as("the story's event on " + Topics.PUBLISHED)
          .anyMatch(r -> r.key().equals(urn));
    }
  }
}
