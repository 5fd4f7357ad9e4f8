package io.newswire.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.core.access.KeyRing;
import io.newswire.publish.core.PeerKey;
import io.newswire.publish.core.SubscriberKeys;
import io.newswire.schema.v1.ChangeType;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.WithPipelineInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two publish-service instances, one application id: each serves every story, forwarding to the
 * key's owner.
 */
@WithPipelineInfra
class InteractiveQueriesIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A reader's key; the instances share a peer key to forward queries to each other. */
  static final String KEY = "reader-" + UUID.randomUUID();

  static final KeyRing KEYS = SubscriberKeys.parse("reader:" + KeyRing.sha256Hex(KEY));
  static final String PEER_KEY = "peer-" + UUID.randomUUID();

  static HttpResponse<String> get(PublishService s, String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + pathAndQuery))
            .header("Authorization", "Bearer " + KEY)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static int activeTasks(PublishService s) {
    return s.streams().metadataForLocalThreads().stream()
        .mapToInt(t -> t.activeTasks().size())
        .sum();
  }

  @Test
  void everyStoryIsServedByBothInstances_andTheListMergesTheirStores(
      PipelineInfra infra, @TempDir Path dir) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String app = "it-iq-" + run;
    String tag = "IQ_" + run;
    List<String> urns =
        IntStream.range(0, 12).mapToObj(i -> "urn:newswire:vna:iq-" + run + "-" + i).toList();
    try (PublishService a =
            PublishService.start(
                new PublishService.Config(
                        "127.0.0.1", 0, app, dir.resolve("a").toString(), infra.kafka())
                    .withSubscriberKeys(KEYS)
                    .withPeerKey(PeerKey.of(PEER_KEY)));
        PublishService b =
            PublishService.start(
                new PublishService.Config(
                        "127.0.0.1", 0, app, dir.resolve("b").toString(), infra.kafka())
                    .withSubscriberKeys(KEYS)
                    .withPeerKey(PeerKey.of(PEER_KEY)))) {
      List<EnrichedStory> stories = new ArrayList<>();
      urns.forEach(u -> stories.add(TestStories.story(u, 1, ChangeType.NEW, tag)));
      TestStories.send(infra.kafka(), stories);

      // Both instances hold part of the stores, so some answers must be forwarded.
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> activeTasks(a) > 0 && activeTasks(b) > 0);
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                for (String urn : urns) {
                  for (PublishService s : List.of(a, b)) {
                    var res = get(s, "/v1/stories/" + urn);
                    assertThat(res.statusCode()).as(urn + " on port " + s.port()).isEqualTo(200);
                    assertThat(ServiceHttp.JSON.readTree(res.body()).get("uri").asText())
                        .isEqualTo(urn);
                  }
                }
              });

      for (PublishService s : List.of(a, b)) {
        assertThat(get(s, "/v1/stories/urn:newswire:vna:never-" + run).statusCode()).isEqualTo(404);
        // Paging through the tag's stories 5 at a time, from either instance, gives each story
        // once.
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
          var res =
              get(
                  s,
                  "/v1/stories?tag="
                      + tag
                      + "&language=en&limit=5"
                      + (cursor == null ? "" : "&cursor=" + cursor));
          assertThat(res.statusCode()).isEqualTo(200);
          JsonNode page = ServiceHttp.JSON.readTree(res.body());
          assertThat(page.get("items").size()).isLessThanOrEqualTo(5);
          page.get("items").forEach(i -> seen.add(i.get("uri").asText()));
          cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(urns);
        assertThat(new HashSet<>(seen)).hasSize(urns.size());
        assertThat(get(s, "/v1/stories?tag=" + tag + "&language=fr").body())
            .contains("\"items\":[]");
        assertThat(get(s, "/v1/stories?since=yesterday").statusCode()).isEqualTo(400);
      }

      // A subscription saved through one instance is used by name on the other at once, and each
      // instance applies it to the stores of the other (owner and name forwarded, not the
      // caller's ?owner=).
      var saved =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + a.port() + "/v1/subscriptions/iq-two"))
                  .header("Authorization", "Bearer " + KEY)
                  .header("Content-Type", "application/json")
                  .PUT(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"tags\":[\""
                              + tag
                              + "\"],\"terms\":[\""
                              + run
                              + " 3\",\""
                              + run
                              + " 7\"]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(saved.statusCode()).as(saved.body()).isIn(200, 201);
      for (PublishService s : List.of(b, a)) {
        for (String query : List.of("", "&owner=nobody")) {
          var res = get(s, "/v1/stories?limit=500&subscription=iq-two" + query);
          assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
          List<String> listed = new ArrayList<>();
          ServiceHttp.JSON
              .readTree(res.body())
              .get("items")
              .forEach(i -> listed.add(i.get("uri").asText()));
          assertThat(listed).containsExactlyInAnyOrder(urns.get(3), urns.get(7));
        }
      }
    }
  }

  /**
   * Instances without a shared peer key (each generated its own) cannot query each other: an answer
   * that needs the other instance is a 503, never its 401 passed on to the subscriber.
   */
  @Test
  void instancesWithoutASharedPeerKeyAnswerFromTheirOwnStoresOnly(
      PipelineInfra infra, @TempDir Path dir) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String app = "it-iq-nopeer-" + run;
    List<String> urns =
        IntStream.range(0, 12).mapToObj(i -> "urn:newswire:vna:nopeer-" + run + "-" + i).toList();
    try (PublishService a =
            PublishService.start(
                new PublishService.Config(
                        "127.0.0.1", 0, app, dir.resolve("a").toString(), infra.kafka())
                    .withSubscriberKeys(KEYS));
        PublishService b =
            PublishService.start(
                new PublishService.Config(
                        "127.0.0.1", 0, app, dir.resolve("b").toString(), infra.kafka())
                    .withSubscriberKeys(KEYS))) {
      List<EnrichedStory> stories = new ArrayList<>();
      urns.forEach(u -> stories.add(TestStories.story(u, 1, ChangeType.NEW, "NOPEER_" + run)));
      TestStories.send(infra.kafka(), stories);
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> activeTasks(a) > 0 && activeTasks(b) > 0);
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                for (String urn : urns) {
                  int onA = get(a, "/v1/stories/" + urn).statusCode();
                  int onB = get(b, "/v1/stories/" + urn).statusCode();
                  assertThat(List.of(onA, onB))
                      .as(urn + ": its holder answers, the other cannot ask it")
                      .containsExactlyInAnyOrder(200, 503);
                }
              });
      for (PublishService s : List.of(a, b)) {
        var list = get(s, "/v1/stories?limit=1");
        assertThat(list.statusCode()).isEqualTo(503);
        assertThat(list.body()).contains("store-unavailable");
      }
    }
  }
}
