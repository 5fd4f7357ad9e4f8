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
import io.newswire.platform.Topics;
import io.newswire.platform.core.access.Principal;
import io.newswire.platform.core.access.Scope;
import io.newswire.publish.core.Embargoes;
import io.newswire.publish.core.PeerKey;
import io.newswire.publish.core.StoryQuery;
import io.newswire.publish.core.Urgency;
import io.newswire.publish.topology.PublishTopology;
import io.newswire.schema.v1.NewsEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The story read API, served from the publish state stores of every instance (Kafka Streams
 * interactive queries).
 *
 * <ul>
 *   <li>{@code GET /v1/stories/{urn}}: the story's latest event; the instance that holds the key
 *       answers, any other forwards the request to it ({@code application.server} is each
 *       instance's advertised address). A story held under embargo is not there before its embargo
 *       lifts (404, or its previous public version); with {@code embargoed=include} a key with the
 *       scope {@code embargoed} gets the held version, flagged with {@code embargoed} (early
 *       access, {@link Embargoes#includeHeld}).
 *   <li>{@code GET /v1/stories?tag=&language=&maxUrgency=&subscription=&since=&limit=&cursor=}:
 *       stories whose latest version was received at or after {@code since}, oldest first, paged;
 *       every instance scans its own partitions and the one asked merges ({@link StoryQuery}). With
 *       {@code maxUrgency} (1 to 9) only stories whose urgency is known and at most it ({@link
 *       Urgency#passes}); with {@code subscription}, only those that also pass the caller's saved
 *       subscription of that name (404 {@code subscription-not-found} when it has none), which is
 *       forwarded to the other instances as its owner and name.
 *   <li>{@code /internal/v1/...}: the same, answered from this instance's stores only (instance to
 *       instance).
 * </ul>
 *
 * <p>The public routes require a key with the scope {@code read}; the internal ones {@code admin},
 * which an instance presents as the shared peer key ({@link PeerKey}) when it forwards a query.
 */
public final class StoriesApi {
  private static final Logger log = LoggerFactory.getLogger(StoriesApi.class);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

  private final Supplier<KafkaStreams> streams;
  private final Supplier<HostInfo> self;
  private final HttpAccess access;
  private final PeerKey peer;
  private final SubscriptionsApi subscriptions;
  private final AtomicLong lastPeerError = new AtomicLong();
  private static final Duration PEER_ERROR_INTERVAL = Duration.ofMinutes(1);

  /** The parameter naming one of the caller's saved subscriptions. */
  public static final String SUBSCRIPTION = "subscription";

  /** Internal: whose saved subscription a forwarded query names. */
  static final String OWNER = "owner";

  /** {@code subscriptions} resolves {@code ?subscription=} to the caller's saved filter. */
  public StoriesApi(
      Supplier<KafkaStreams> streams,
      Supplier<HostInfo> self,
      HttpAccess access,
      PeerKey peer,
      SubscriptionsApi subscriptions) {
    this.streams = streams;
    this.self = self;
    this.access = access;
    this.peer = peer;
    this.subscriptions = subscriptions;
  }

  public void configure(JavalinConfig c) {
    c.routes.before("/v1/stories", ctx -> access.require(ctx, Scope.READ));
    c.routes.before("/v1/stories/*", ctx -> access.require(ctx, Scope.READ));
    c.routes.before("/internal/*", ctx -> access.require(ctx, Scope.ADMIN));
    c.routes.get("/v1/stories/{urn}", this::get);
    c.routes.get("/v1/stories", this::list);
    c.routes.get(
        "/internal/v1/stories/{urn}",
        ctx -> ctx.json(NewsEventJson.of(local(ctx.pathParam("urn"), includeHeld(ctx)))));
    c.routes.get("/internal/v1/stories", this::listLocal);
  }

  private void get(Context ctx) {
    String urn = ctx.pathParam("urn");
    boolean includeHeld = includeHeld(ctx);
    if (includeHeld) {
      access.require(ctx, Scope.EMBARGOED);
    }
    KeyQueryMetadata where;
    try {
      where =
          streams
              .get()
              .queryMetadataForKey(PublishTopology.LATEST_STORE, urn, Serdes.String().serializer());
    } catch (IllegalStateException e) {
      throw unavailable();
    }
    if (where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      throw unavailable();
    }
    if (where.activeHost().equals(self.get())) {
      ctx.json(NewsEventJson.of(local(urn, includeHeld)));
      return;
    }
    HttpResponse<String> res =
        forward(
            where.activeHost(),
            "/internal/v1/stories/"
                + pathSegment(urn)
                + (includeHeld ? "?" + Embargoes.QUERY_PARAMETER + "=include" : ""));
    if (res.statusCode() == 401 || res.statusCode() == 403 || res.statusCode() == 429) {
      throw peerRefused(where.activeHost(), res.statusCode());
    }
    ctx.status(res.statusCode())
        .contentType(res.headers().firstValue("Content-Type").orElse("application/json"))
        .result(res.body());
  }

  /** {@code embargoed=include|exclude}; anything else is a 400 naming the parameter. */
  private static boolean includeHeld(Context ctx) {
    try {
      return Embargoes.includeHeld(ctx.queryParam(Embargoes.QUERY_PARAMETER));
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          Problem.of("invalid-query", "Invalid query", 400, e.getMessage())
              .withField(Embargoes.QUERY_PARAMETER));
    }
  }

  /**
   * The story's latest public event from this instance's store, or, when {@code includeHeld} and a
   * version of it is held under embargo, that version (the two stores are of the same task).
   */
  private NewsEvent local(String urn, boolean includeHeld) {
    NewsEvent event;
    try {
      event = includeHeld ? store(PublishTopology.EMBARGO_HELD_STORE, null).get(urn) : null;
      if (event == null) {
        event = latest(null).get(urn);
      }
    } catch (InvalidStateStoreException e) {
      throw unavailable();
    }
    if (event == null) {
      throw new ProblemException(
          Problem.of(
                  "story-not-found",
                  "Story not found",
                  404,
                  "No published story has the URN '" + urn + "'.")
              .withField("urn"));
    }
    return event;
  }

  private void list(Context ctx) {
    Principal caller = access.require(ctx, Scope.READ);
    StoryQuery q = query(ctx);
    Optional<String> saved = SubscriptionsApi.named(ctx.queryParam(SUBSCRIPTION));
    if (saved.isPresent()) {
      q = q.withSaved(subscriptions.savedFilter(caller.name(), saved.get(), SUBSCRIPTION));
    }
    String forwardedQuery = forwardedQuery(ctx, saved.isPresent() ? caller.name() : null);
    Collection<StreamsMetadata> instances;
    try {
      instances = streams.get().streamsMetadataForStore(PublishTopology.LATEST_STORE);
    } catch (IllegalStateException e) {
      throw unavailable();
    }
    if (instances.isEmpty()) {
      throw unavailable();
    }
    List<StoryQuery.Page<JsonNode>> pages = new ArrayList<>();
    for (StreamsMetadata m : instances) {
      if (m.hostInfo().equals(self.get())) {
        pages.add(localPage(q));
      } else {
        HttpResponse<String> res = forward(m.hostInfo(), "/internal/v1/stories" + forwardedQuery);
        if (res.statusCode() == 401 || res.statusCode() == 403 || res.statusCode() == 429) {
          throw peerRefused(m.hostInfo(), res.statusCode());
        }
        if (res.statusCode() != 200) {
          throw unavailable();
        }
        pages.add(readPage(res.body()));
      }
    }
    StoryQuery.Page<JsonNode> page = q.merge(pages);
    ObjectNode out = ServiceHttp.JSON.createObjectNode();
    ArrayNode items = out.putArray("items");
    page.items().forEach(h -> items.add(h.value()));
    out.put("next", page.next());
    ctx.json(out);
  }

  private void listLocal(Context ctx) {
    StoryQuery q = query(ctx);
    Optional<String> saved = SubscriptionsApi.named(ctx.queryParam(SUBSCRIPTION));
    if (saved.isPresent()) { // the asking instance names the subscription's owner
      String owner = ctx.queryParam(OWNER);
      if (owner == null || owner.isBlank()) {
        owner = access.require(ctx, Scope.ADMIN).name();
      }
      q = q.withSaved(subscriptions.savedFilter(owner, saved.get(), SUBSCRIPTION));
    }
    StoryQuery.Page<JsonNode> page = localPage(q);
    ObjectNode out = ServiceHttp.JSON.createObjectNode();
    ArrayNode items = out.putArray("items");
    page.items().forEach(h -> items.addObject().put("key", h.key()).set("event", h.value()));
    out.put("more", page.next() != null);
    ctx.json(out);
  }

  /**
   * The query string for the other instances: the request's, without any {@code owner} it carried,
   * and, when it names a saved subscription, {@code owner} = the caller whose subscription it is.
   */
  static String forwardedQuery(Context ctx, String owner) {
    StringBuilder q = new StringBuilder();
    ctx.queryParamMap()
        .forEach(
            (k, values) -> {
              if (!k.equals(OWNER)) {
                for (String v : values) {
                  q.append(q.length() == 0 ? '?' : '&')
                      .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                      .append('=')
                      .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
                }
              }
            });
    if (owner != null) {
      q.append(q.length() == 0 ? '?' : '&')
          .append(OWNER)
          .append('=')
          .append(URLEncoder.encode(owner, StandardCharsets.UTF_8));
    }
    return q.toString();
  }

  private static StoryQuery.Page<JsonNode> readPage(String body) {
    try {
      JsonNode n = ServiceHttp.JSON.readTree(body);
      List<StoryQuery.Hit<JsonNode>> hits = new ArrayList<>();
      n.get("items")
          .forEach(i -> hits.add(new StoryQuery.Hit<>(i.get("key").asText(), i.get("event"))));
      return new StoryQuery.Page<>(hits, n.get("more").asBoolean() ? "more" : null);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("an instance answered with something that is not a page", e);
    }
  }

  /** This instance's first {@code limit} matches: one sorted scan per local partition, merged. */
  private StoryQuery.Page<JsonNode> localPage(StoryQuery q) {
    List<StoryQuery.Page<JsonNode>> pages = new ArrayList<>();
    try {
      for (int partition : localPartitions()) {
        ReadOnlyKeyValueStore<String, NewsEvent> latest = latest(partition);
        ReadOnlyKeyValueStore<String, String> byTime =
            streams
                .get()
                .store(
                    StoreQueryParameters.fromNameAndType(
                            PublishTopology.BY_TIME_STORE,
                            QueryableStoreTypes.<String, String>keyValueStore())
                        .withPartition(partition));
        List<StoryQuery.Hit<JsonNode>> hits = new ArrayList<>();
        boolean more = false;
        try (KeyValueIterator<String, String> it = byTime.range(q.fromKey(), null)) {
          while (it.hasNext()) {
            var kv = it.next();
            if (q.exclusiveFrom() && kv.key.equals(q.fromKey())) {
              continue;
            }
            NewsEvent e = latest.get(kv.value);
            if (e != null && q.matches(e)) {
              if (hits.size() == q.limit()) {
                more = true;
                break;
              }
              hits.add(new StoryQuery.Hit<>(kv.key, NewsEventJson.of(e)));
            }
          }
        }
        pages.add(new StoryQuery.Page<>(hits, more ? "more" : null));
      }
    } catch (InvalidStateStoreException e) {
      throw unavailable();
    }
    return q.merge(pages);
  }

  private List<Integer> localPartitions() {
    for (StreamsMetadata m : streams.get().streamsMetadataForStore(PublishTopology.LATEST_STORE)) {
      if (m.hostInfo().equals(self.get())) {
        return m.topicPartitions().stream()
            .filter(tp -> tp.topic().equals(Topics.ENRICHED))
            .map(TopicPartition::partition)
            .sorted()
            .toList();
      }
    }
    return List.of();
  }

  private ReadOnlyKeyValueStore<String, NewsEvent> latest(Integer partition) {
    return store(PublishTopology.LATEST_STORE, partition);
  }

  private ReadOnlyKeyValueStore<String, NewsEvent> store(String name, Integer partition) {
    try {
      var params =
          StoreQueryParameters.fromNameAndType(
              name, QueryableStoreTypes.<String, NewsEvent>keyValueStore());
      return streams.get().store(partition == null ? params : params.withPartition(partition));
    } catch (InvalidStateStoreException e) {
      throw unavailable();
    }
  }

  private static StoryQuery query(Context ctx) {
    try {
      return StoryQuery.parse(
          ctx.queryParam("tag"),
          ctx.queryParam("language"),
          ctx.queryParam("since"),
          ctx.queryParam("cursor"),
          ctx.queryParam("limit"),
          ctx.queryParam(Urgency.MAX_URGENCY));
    } catch (IllegalArgumentException e) {
      String field =
          e.getMessage().contains(":")
              ? e.getMessage().substring(0, e.getMessage().indexOf(':'))
              : "limit";
      throw new ProblemException(
          Problem.of("invalid-query", "Invalid query", 400, e.getMessage()).withField(field));
    }
  }

  private HttpResponse<String> forward(HostInfo host, String pathAndQuery) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(
                  URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
              .timeout(FORWARD_TIMEOUT)
              .header("Authorization", peer.authorization())
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw unavailable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable();
    }
  }

  private static String pathSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Another instance refused this one's peer key: the instances do not share {@code
   * PUBLISH_PEER_KEY}. A configuration error, logged; the caller gets a 503 (nothing it can fix).
   */
  private ProblemException peerRefused(HostInfo host, int status) {
    long now = System.nanoTime();
    long last = lastPeerError.get();
    boolean logIt =
        (last == 0 || now - last > PEER_ERROR_INTERVAL.toNanos())
            && lastPeerError.compareAndSet(last, now == 0 ? 1 : now);
    if (logIt) { // at most once a minute: every forwarded query fails alike
      log.error(
          "publish instance {}:{} refused this instance's peer key ({}): every publish instance of a"
              + " deployment must have the same PUBLISH_PEER_KEY{}",
          host.host(),
          host.port(),
          status,
          peer.generated() ? " (this one has none, it generated its own)" : "");
    }
    return new ProblemException(
        Problem.of(
            "store-unavailable",
            "Service unavailable",
            503,
            "Another publish instance holds part of the story store and could not be queried;"
                + " retry shortly."),
        Map.of("Retry-After", "2"));
  }

  /**
   * The store is not queryable while Streams restores or rebalances it, or its owner did not
   * answer.
   */
  private ProblemException unavailable() {
    return new ProblemException(
        Problem.of(
            "store-unavailable",
            "Service unavailable",
            503,
            "The story store is not queryable right now ("
                + streams.get().state()
                + "); retry shortly."),
        Map.of("Retry-After", "2"));
  }
}
