package io.newswire.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.EnrichService;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.Topics;
import io.newswire.publish.PublishService;
import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.RelatedStory;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One event sent by two agencies, through ingest → enrich → publish on the real broker and
 * registry: both events on news.published.v1 carry one clusterId, the second lists the first in
 * {@code related} with its agency, and another event stays apart; a kill of the first leaves the
 * cluster (its WITHDRAWN event carries none).
 */
@WithPipelineInfra
class ClustersEndToEndIT {
  static final String AFP_KEY = "clusters-afp-key";
  static final String REUTERS_KEY = "clusters-reuters-key";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static final String QUAKE =
      "A magnitude 6.4 earthquake struck off the southern coast of Mindanao early on Tuesday, the"
          + " Philippine Institute of Volcanology and Seismology said, shaking buildings in General"
          + " Santos and sending residents into the streets.\n\nThe quake hit at 4:12 am at a depth"
          + " of 23 kilometres, about 41 kilometres southwest of the city. Local officials said at"
          + " least 7 people were injured by falling debris and two bridges were closed for"
          + " inspection.\n\nNo tsunami warning was issued.";
  static final String QUAKE_REWRITE =
      "A strong magnitude 6.4 earthquake shook the southern Philippine island of Mindanao early on"
          + " Tuesday, sending residents of General Santos running into the streets, the country's"
          + " seismology agency said.\n\nThe quake struck at 4:12 am at a depth of 23 kilometres,"
          + " about 41 kilometres southwest of the city, according to the Philippine Institute of"
          + " Volcanology and Seismology. At least 7 people were injured by falling debris, local"
          + " officials said, and two bridges were closed for inspection.\n\nThere was no tsunami"
          + " warning.";
  static final String FERRY =
      "A ferry carrying 214 passengers ran aground off the island of Bohol on Wednesday evening,"
          + " the coast guard said, and all passengers were brought ashore by fishing boats and a"
          + " navy patrol vessel.\n\nThe vessel left Cebu at 5:30 pm. Two passengers were treated"
          + " for minor injuries and the cause of the accident is under investigation.";

  static PipelineInfra infra;
  static IngestService ingest;
  static EnrichService enrich;
  static PublishService publish;

  @BeforeAll
  static void start(PipelineInfra shared, @TempDir Path state) {
    infra = shared;
    enrich =
        EnrichService.start(
            new EnrichService.Config(
                "127.0.0.1",
                0,
                "clusters-enrich",
                state.resolve("enrich").toString(),
                infra.kafka()));
    publish =
        PublishService.start(
            TestKeys.publish(
                new PublishService.Config(
                    "127.0.0.1",
                    0,
                    "clusters-publish",
                    state.resolve("publish").toString(),
                    infra.kafka())));
    ingest =
        IngestService.start(
            new IngestConfig(
                "127.0.0.1",
                0,
                ApiKeys.parse(
                    "afp:"
                        + ApiKeys.sha256Hex(AFP_KEY)
                        + ",reuters:"
                        + ApiKeys.sha256Hex(REUTERS_KEY)),
                1 << 20,
                infra.kafka()));
  }

  @AfterAll
  static void stop() {
    ingest.close();
    publish.close();
    enrich.close();
  }

  static void post(String key, String id, int version, String body, boolean kill) throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/v1/stories"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "text/plain; charset=utf-8")
            .header("Content-Language", "en")
            .header("X-Story-Id", id)
            .header("X-Story-Version", Integer.toString(version));
    if (kill) {
      b.header("X-Pub-Status", "canceled");
    }
    var res =
        HTTP.send(
            b.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
  }

  static List<NewsEvent> events(Set<String> urns, int atLeast) {
    return TopicReader.<String, NewsEvent>readUntil(
            infra.bootstrapServers(),
            Topics.PUBLISHED,
            new StringDeserializer(),
            AvroSerdes.deserializer(infra.kafka(), false),
            recs -> recs.stream().filter(r -> urns.contains(r.key())).count() >= atLeast,
            Duration.ofSeconds(90))
        .stream()
        .filter(r -> urns.contains(r.key()))
        .map(ConsumerRecord::value)
        .toList();
  }

  @Test
  void twoAgenciesReportingOneEventShareAClusterAndTheSecondListsTheFirst() throws Exception {
    String afp = "urn:newswire:afp:quake-mindanao-1";
    String reuters = "urn:newswire:reuters:quake-mindanao-r";
    String ferry = "urn:newswire:afp:ferry-bohol-1";
    post(AFP_KEY, "quake-mindanao-1", 1, QUAKE, false);
    events(Set.of(afp), 1); // the first is through before the second is sent
    post(REUTERS_KEY, "quake-mindanao-r", 1, QUAKE_REWRITE, false);
    post(AFP_KEY, "ferry-bohol-1", 1, FERRY, false);

    List<NewsEvent> events = events(Set.of(afp, reuters, ferry), 3);
    NewsEvent first = events.stream().filter(e -> e.getUri().equals(afp)).findFirst().orElseThrow();
    NewsEvent second =
        events.stream().filter(e -> e.getUri().equals(reuters)).findFirst().orElseThrow();
    NewsEvent other =
        events.stream().filter(e -> e.getUri().equals(ferry)).findFirst().orElseThrow();

    assertThat(first.getClusterId()).isEqualTo("urn:newswire:cluster:afp:quake-mindanao-1");
    assertThat(second.getClusterId()).isEqualTo(first.getClusterId());
    assertThat(second.getRelated()).containsExactly(new RelatedStory(afp, "afp"));
    assertThat(other.getClusterId()).isNotEqualTo(first.getClusterId());
    assertThat(other.getRelated()).isEmpty();

    // publish serves the fields in the event JSON
    var get =
        HTTP.send(
            TestKeys.asReader(
                    URI.create("http://127.0.0.1:" + publish.port() + "/v1/stories/" + reuters))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body())
        .contains("\"clusterId\":\"urn:newswire:cluster:afp:quake-mindanao-1\"")
        .contains("\"related\":[{\"uri\":\"" + afp + "\",\"agency\":\"afp\"}]");

    // AFP withdraws its story: the kill carries no cluster, and an update of reuters' story
    // (same URN, it stays in its cluster) no longer lists it
    post(AFP_KEY, "quake-mindanao-1", 2, QUAKE, true);
    events(Set.of(afp), 2); // the kill is through before the update is sent
    post(REUTERS_KEY, "quake-mindanao-r", 2, QUAKE_REWRITE + "\n\nAftershocks followed.", false);
    List<NewsEvent> later = events(Set.of(afp, reuters), 4);
    NewsEvent kill =
        later.stream()
            .filter(e -> e.getEventType() == EventType.WITHDRAWN)
            .findFirst()
            .orElseThrow();
    assertThat(kill.getUri()).isEqualTo(afp);
    assertThat(kill.getClusterId()).isNull();
    assertThat(kill.getRelated()).isEmpty();
    NewsEvent update =
        later.stream().filter(e -> e.getEventType() == EventType.UPDATED).findFirst().orElseThrow();
    assertThat(update.getClusterId()).isEqualTo(first.getClusterId());
    assertThat(update.getRelated()).isEmpty();
  }
}
