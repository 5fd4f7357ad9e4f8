package io.newswire.publish.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.newswire.platform.HttpAccess;
import io.newswire.platform.Problem;
import io.newswire.platform.ProblemException;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.core.access.Scope;
import io.newswire.publish.core.PeerKey;
import io.newswire.publish.core.sources.SourceState;
import io.newswire.publish.core.sources.SourceView;
import io.newswire.publish.sources.SourceHealth;
import io.newswire.publish.topology.SourcesTopology;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source health over HTTP, from the {@value SourcesTopology#STORE} store of every instance
 * (interactive queries, like the story API):
 *
 * <ul>
 *   <li>{@code GET /v1/sources}: every source, erroring and idle ones first ({@link
 *       SourceView#WORST_FIRST}); each instance judges its share at the same instant, the one asked
 *       (its wall clock), and the one asked merges;
 *   <li>{@code GET /v1/sources/{source}}: one source, from the instance that holds it; 404 when no
 *       such source was seen;
 *   <li>{@code /internal/v1/sources[/{source}]?now=<epoch ms>}: the same from this instance's share
 *       only (instance to instance, with the peer key).
 * </ul>
 *
 * The public routes need the scope {@code read} (a newsroom desk watches its sources; {@code admin}
 * covers it): source health holds counts, times and the problem titles and details ingest answered,
 * never a story's content or a key. 503 with Retry-After while a store is restoring or rebalancing,
 * or an instance holding part of it does not answer.
 */
public final class SourcesApi {
  private static final Logger log = LoggerFactory.getLogger(SourcesApi.class);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

  /** Longest source id looked up (ids are agency codes and feed ids, far shorter). */
  static final int MAX_SOURCE_LENGTH = 200;

  private final Supplier<SourceHealth> health;
  private final Supplier<HostInfo> self;
  private final HttpAccess access;
  private final PeerKey peer;

  public SourcesApi(
      Supplier<SourceHealth> health, Supplier<HostInfo> self, HttpAccess access, PeerKey peer) {
    this.health = health;
    this.self = self;
    this.access = access;
    this.peer = peer;
  }

  public void configure(JavalinConfig c) {
    c.routes.before("/v1/sources", ctx -> access.require(ctx, Scope.READ));
    c.routes.before("/v1/sources/*", ctx -> access.require(ctx, Scope.READ));
    c.routes.before("/internal/v1/sources", ctx -> access.require(ctx, Scope.ADMIN));
    c.routes.before("/internal/v1/sources/*", ctx -> access.require(ctx, Scope.ADMIN));
    c.routes.get("/v1/sources", this::list);
    c.routes.get("/v1/sources/{source}", this::one);
    c.routes.get("/internal/v1/sources", this::listLocal);
    c.routes.get("/internal/v1/sources/{source}", this::oneLocal);
  }

  private SourceHealth health() {
    SourceHealth h = health.get();
    if (h == null) {
      throw unavailable("starting");
    }
    return h;
  }

  private void list(Context ctx) {
    SourceHealth h = health();
    long now = h.clock().millis();
    Collection<StreamsMetadata> instances;
    try {
      instances = h.streams().streamsMetadataForStore(SourcesTopology.STORE);
    } catch (RuntimeException e) {
      throw unavailable(h.streams().state().toString());
    }
    if (instances.isEmpty()) {
      throw unavailable(h.streams().state().toString());
    }
    List<JsonNode> all = new ArrayList<>();
    for (StreamsMetadata m : instances) {
      if (m.hostInfo().equals(self.get())) {
        localViews(h, now).forEach(v -> all.add(json(v)));
      } else {
        JsonNode peerAnswer = forward(h, m.hostInfo(), "/internal/v1/sources?now=" + now);
        peerAnswer.path("sources").forEach(all::add);
      }
    }
    all.sort(
        Comparator.comparingInt((JsonNode n) -> rank(n.path("state").asText()))
            .thenComparing(n -> n.path("source").asText()));
    ObjectNode out = ServiceHttp.JSON.createObjectNode();
    out.putArray("sources").addAll(all);
    ctx.json(out);
  }

  private void one(Context ctx) {
    SourceHealth h = health();
    String source = source(ctx);
    long now = h.clock().millis();
    KeyQueryMetadata where;
    try {
      where =
          h.streams()
              .queryMetadataForKey(SourcesTopology.STORE, source, Serdes.String().serializer());
    } catch (RuntimeException e) {
      throw unavailable(h.streams().state().toString());
    }
    if (where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      throw unavailable(h.streams().state().toString());
    }
    if (where.activeHost().equals(self.get())) {
      ctx.json(json(localView(h, source, now).orElseThrow(() -> notFound(source))));
      return;
    }
    HttpResponse<String> res =
        send(h, where.activeHost(), "/internal/v1/sources/" + pathSegment(source) + "?now=" + now);
    if (res.statusCode() == 404) {
      throw notFound(source);
    }
    if (res.statusCode() != 200) {
      throw unavailable(h.streams().state().toString());
    }
    ctx.contentType("application/json").result(res.body());
  }

  private void listLocal(Context ctx) {
    SourceHealth h = health();
    ObjectNode out = ServiceHttp.JSON.createObjectNode();
    ArrayNode sources = out.putArray("sources");
    localViews(h, now(ctx, h)).forEach(v -> sources.add(json(v)));
    ctx.json(out);
  }

  private void oneLocal(Context ctx) {
    SourceHealth h = health();
    String source = source(ctx);
    ctx.json(json(localView(h, source, now(ctx, h)).orElseThrow(() -> notFound(source))));
  }

  private List<SourceView> localViews(SourceHealth h, long now) {
    try {
      return h.local(now);
    } catch (RuntimeException e) { // InvalidStateStoreException: restoring, rebalancing
      throw unavailable(h.streams().state().toString());
    }
  }

  private Optional<SourceView> localView(SourceHealth h, String source, long now) {
    try {
      return h.local(source, now);
    } catch (RuntimeException e) {
      throw unavailable(h.streams().state().toString());
    }
  }

  /** {@code now} of a peer's query (the asking instance's clock), else this instance's clock. */
  private static long now(Context ctx, SourceHealth h) {
    String now = ctx.queryParam("now");
    if (now == null) {
      return h.clock().millis();
    }
    try {
      return Long.parseLong(now);
    } catch (NumberFormatException e) {
      throw new ProblemException(
          Problem.of("invalid-query", "Invalid query", 400, "now must be epoch milliseconds")
              .withField("now"));
    }
  }

  private static String source(Context ctx) {
    String source = ctx.pathParam("source");
    if (source.isEmpty() || source.length() > MAX_SOURCE_LENGTH) {
      throw notFound(source.length() > MAX_SOURCE_LENGTH ? "(too long)" : source);
    }
    return source;
  }

  /** A source's view as the API answers it. */
  static ObjectNode json(SourceView v) {
    ObjectNode n = ServiceHttp.JSON.createObjectNode();
    n.put("source", v.source());
    n.put("kind", v.kind());
    n.put("state", v.state().id());
    n.put("lastReceivedAt", instant(v.lastReceivedMillis()));
    n.put("storiesLast24h", v.storiesLast24h());
    ArrayNode perHour = n.putArray("perHour");
    v.perHour().forEach(perHour::add);
    n.put("usualGapSeconds", v.usualGapSeconds());
    n.put("idleForSeconds", v.idleForSeconds());
    ObjectNode refusals = n.putObject("refusals");
    new java.util.TreeMap<>(v.refusals()).forEach(refusals::put);
    n.put("refusalsLast24h", v.refusalsLast24h());
    SourceState.LastError e = v.lastError();
    if (e == null) {
      n.putNull("lastError");
    } else {
      ObjectNode le = n.putObject("lastError");
      le.put("at", instant(e.atMillis()));
      le.put("type", e.type());
      le.put("status", e.status());
      le.put("title", e.title());
      le.put("detail", e.detail());
    }
    return n;
  }

  private static String instant(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }

  private static int rank(String state) {
    for (SourceView.Health h : SourceView.Health.values()) {
      if (h.id().equals(state)) {
        return h.ordinal();
      }
    }
    return SourceView.Health.values().length;
  }

  private JsonNode forward(SourceHealth h, HostInfo host, String pathAndQuery) {
    HttpResponse<String> res = send(h, host, pathAndQuery);
    if (res.statusCode() != 200) {
      throw unavailable(h.streams().state().toString());
    }
    try {
      return ServiceHttp.JSON.readTree(res.body());
    } catch (java.io.IOException e) {
      throw unavailable(h.streams().state().toString());
    }
  }

  private HttpResponse<String> send(SourceHealth h, HostInfo host, String pathAndQuery) {
    HttpResponse<String> res;
    try {
      res =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                  .timeout(FORWARD_TIMEOUT)
                  .header("Authorization", peer.authorization())
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw unavailable(h.streams().state().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(h.streams().state().toString());
    }
    if (res.statusCode() == 401 || res.statusCode() == 403 || res.statusCode() == 429) {
      log.error(
          "publish instance {}:{} refused this instance's peer key ({}) on source health: every"
              + " publish instance of a deployment must have the same PUBLISH_PEER_KEY",
          host.host(),
          host.port(),
          res.statusCode());
      throw unavailable("another instance refused the peer key");
    }
    return res;
  }

  private static String pathSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static ProblemException notFound(String source) {
    return new ProblemException(
        Problem.of(
                "source-not-found",
                "Source not found",
                404,
                "No story, refusal or error of the source '"
                    + source
                    + "' is known: sources are agency codes and feed ids (<agency>@<host>).")
            .withField("source"));
  }

  private static ProblemException unavailable(String why) {
    return new ProblemException(
        Problem.of(
            "store-unavailable",
            "Service unavailable",
            503,
            "Source health is not queryable right now (" + why + "); retry shortly."),
        Map.of("Retry-After", "2"));
  }
}
