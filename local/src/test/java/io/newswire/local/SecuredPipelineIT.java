package io.newswire.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newswire.enrich.EnrichService;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.Topics;
import io.newswire.publish.PublishService;
import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.Subject;
import io.newswire.testkit.CorpusText;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.Progress;
import io.newswire.testkit.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three real services on a secured broker (SASL/SCRAM and the ACL plan), each as its own
 * principal: the reference story goes from ingest to publish, a downstream consumer reads the
 * published event and is refused the raw topic.
 */
class SecuredPipelineIT {
  static final String VOV_KEY = "secured-vov-key";
  static final String URN = "urn:newswire:vov:vov-asean-digital-ministers";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  static PipelineInfra infra;
  static IngestService ingest;
  static EnrichService enrich;
  static PublishService publish;

  @BeforeAll
  static void start(@TempDir Path state) {
    infra = PipelineInfra.startLocalSecured();
    PipelineInfra.provision(infra);
    // the application ids the ACL plan grants (by prefix), and ingest's instance id under ingest-*
    enrich =
        EnrichService.start(
            new EnrichService.Config(
                "127.0.0.1",
                0,
                "newswire-enrich",
                state.resolve("enrich").toString(),
                infra.kafkaAs("enrich")));
    publish =
        PublishService.start(
            TestKeys.publish(
                new PublishService.Config(
                    "127.0.0.1",
                    0,
                    "newswire-publish",
                    state.resolve("publish").toString(),
                    infra.kafkaAs("publish"))));
    ingest =
        IngestService.start(
            new IngestConfig(
                    "127.0.0.1",
                    0,
                    ApiKeys.parse("vov:" + ApiKeys.sha256Hex(VOV_KEY)),
                    1 << 20,
                    infra.kafkaAs("ingest"))
                .withInstanceId("ingest-secured-it"));
  }

  @AfterAll
  static void stop() {
    List<AutoCloseable> all = new ArrayList<>();
    all.add(ingest);
    all.add(publish);
    all.add(enrich);
    for (AutoCloseable c : all) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // closing what is left matters more
        }
      }
    }
    if (infra != null) {
      infra.close();
    }
  }

  @Test
  void theReferenceStoryGoesThroughEveryServiceEachAsItsOwnPrincipal() throws Exception {
    String reference =
        Files.readString(
            CorpusText.repoRoot().resolve("corpus/vov-asean-digital-ministers.fr.txt"));
    var posted =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/v1/stories"))
                .header("Authorization", "Bearer " + VOV_KEY)
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("X-Story-Id", "vov-asean-digital-ministers")
                .header("X-Story-Version", "1")
                .POST(HttpRequest.BodyPublishers.ofString(reference, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

    // the downstream consumer principal reads the published event ...
    var events =
        TopicReader.<String, NewsEvent>readUntil(
                infra.kafkaAs("consumer"),
                Topics.PUBLISHED,
                new StringDeserializer(),
                AvroSerdes.deserializer(infra.kafkaAs("consumer"), false),
                recs -> recs.stream().anyMatch(r -> URN.equals(r.key())),
                Duration.ofSeconds(60))
            .stream()
            .filter(r -> URN.equals(r.key()))
            .toList();
    assertThat(events).hasSize(1);
    NewsEvent event = events.get(0).value();
    assertThat(event.getEventType()).isEqualTo(EventType.PUBLISHED);
    assertThat(event.getLanguage()).isEqualTo("fr");
    assertThat(event.getSubjects())
        .extracting(Subject::getCode)
        .containsExactlyInAnyOrder("ASEAN", "DIGITAL_TRANSFORMATION", "AI");

    // ... and publish serves it to a subscriber over HTTP
    var get =
        HTTP.send(
            TestKeys.asReader(
                    URI.create("http://127.0.0.1:" + publish.port() + "/v1/stories/" + URN))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
    JsonNode story = JSON.readTree(get.body());
    assertThat(story.findValuesAsText("uri")).contains(URN);
    assertThat(story.findValuesAsText("language")).contains("fr");
    assertThat(story.findValuesAsText("code")).contains("ASEAN", "DIGITAL_TRANSFORMATION", "AI");

    // source health: ingest (its principal) writes the refusal of a wrong key, and publish (its
    // principal, application newswire-publish-sources) reads receipts and refusals
    var refused =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/v1/stories"))
                .header("Authorization", "Bearer not-" + VOV_KEY)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("x", StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(401);
    for (String[] expected :
        new String[][] {{"vov", "storiesLast24h"}, {"_unauthenticated", "refusalsLast24h"}}) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                var source =
                    HTTP.send(
                        TestKeys.asReader(
                                URI.create(
                                    "http://127.0.0.1:"
                                        + publish.port()
                                        + "/v1/sources/"
                                        + expected[0]))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(source.statusCode()).as(source.body()).isEqualTo(200);
                assertThat(JSON.readTree(source.body()).path(expected[1]).asLong())
                    .as(source.body())
                    .isEqualTo(1);
              });
    }

    // the operator principal (which may describe every group and topic) sees enrich caught up
    Progress.awaitCaughtUp(
        infra.kafkaAs("operator"), "newswire-enrich", Topics.RAW, Duration.ofSeconds(30));
    assertThat(TopicReader.endOffsetTotal(infra.kafkaAs("operator"), Topics.RAW)).isPositive();

    // and every service is ready: none of its clients (health checks, background loops) was
    // refused
    for (int port : List.of(ingest.port(), enrich.port(), publish.port())) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                var ready =
                    HTTP.send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/health/ready"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as(port + " " + ready.body()).isEqualTo(200);
              });
    }
  }

  @Test
  void theDownstreamConsumerIsRefusedTheRawTopic() {
    Throwable refused =
        catchThrowable(
            () ->
                TopicReader.readUntil(
                    infra.kafkaAs("consumer"),
                    Topics.RAW,
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer(),
                    recs -> !recs.isEmpty(),
                    Duration.ofSeconds(10)));
    assertThat(refused).isInstanceOf(TopicAuthorizationException.class);
    assertThat(((TopicAuthorizationException) refused).unauthorizedTopics())
        .containsExactly(Topics.RAW);
  }
}
