package io.newswire.publish.sources;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.newswire.platform.Env;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.StreamsApp;
import io.newswire.platform.Supervisor;
import io.newswire.platform.TopicSerdes;
import io.newswire.publish.core.sources.SourceLedger;
import io.newswire.publish.core.sources.SourceState;
import io.newswire.publish.core.sources.SourceView;
import io.newswire.publish.topology.SourcesTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source health in publish-service: the {@link SourcesTopology} as a Streams application of its own
 * ({@code <PUBLISH_APPLICATION_ID>-sources}, one stream thread, same state directory and {@code
 * application.server} as the publish topology), so switching publish's input generation does not
 * fold the receipts again; this instance's share of the store, judged on the wall clock ({@link
 * #local}); and the Prometheus gauges of that share, refreshed every {@link #GAUGE_REFRESH}:
 *
 * <ul>
 *   <li>{@code newswire_source_last_received_age_seconds{source,kind}} (sources that sent a story)
 *   <li>{@code newswire_source_stories_last_24h{source,kind}}
 *   <li>{@code newswire_source_idle{source,kind}}: 1 when idle, else 0
 *   <li>{@code newswire_source_refusals{source,kind,type}}: refusals since first seen, by type
 * </ul>
 *
 * Each source is in one instance's share (the one owning its partition), so across instances each
 * series appears once; the HTTP API gathers every share ({@code SourcesApi}).
 *
 * <p>Settings: {@code PUBLISH_SOURCES_IDLE_MULTIPLE} (default 4): a source is idle when quiet for
 * longer than this many usual pauses; {@code PUBLISH_SOURCES_MIN_GAPS} (default 5): pauses seen
 * before a source's usual pause is known (until then it is quiet-new, never idle).
 */
public final class SourceHealth implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SourceHealth.class);

  public static final String IDLE_MULTIPLE_ENV = "PUBLISH_SOURCES_IDLE_MULTIPLE";
  public static final String MIN_GAPS_ENV = "PUBLISH_SOURCES_MIN_GAPS";
  public static final String BURST_ENV = "PUBLISH_SOURCES_BURST_MS";

  /** What the application id of the publish topology gets for source health's. */
  public static final String APPLICATION_ID_SUFFIX = "-sources";

  /** Sources read from this instance's share at most (far more than any deployment has). */
  public static final int MAX_SOURCES = 10_000;

  public static final Duration GAUGE_REFRESH = Duration.ofSeconds(10);

  private final StreamsApp app;
  private final SourceLedger ledger;
  private final Clock clock;
  private final MultiGauge age;
  private final MultiGauge stories;
  private final MultiGauge idle;
  private final MultiGauge refusals;
  private final Supervisor.Loop gauges;

  private SourceHealth(
      StreamsApp app, SourceLedger ledger, Clock clock, MeterRegistry metrics, Supervisor loops) {
    this.app = app;
    this.ledger = ledger;
    this.clock = clock;
    this.age =
        MultiGauge.builder("newswire_source_last_received_age_seconds")
            .description("seconds since the source's latest story")
            .register(metrics);
    this.stories =
        MultiGauge.builder("newswire_source_stories_last_24h")
            .description("stories received from the source in the last 24 hours")
            .register(metrics);
    this.idle =
        MultiGauge.builder("newswire_source_idle")
            .description(
                "1 when the source is quiet for longer than the idle multiple of its usual pause")
            .register(metrics);
    this.refusals =
        MultiGauge.builder("newswire_source_refusals")
            .description("refusals and errors of the source since first seen, by problem type")
            .register(metrics);
    this.gauges =
        loops == null
            ? null
            : loops.every(
                "publish-source-gauges", Supervisor.Kind.EXTERNAL, GAUGE_REFRESH, l -> refresh());
  }

  /** The ledger of {@code PUBLISH_SOURCES_IDLE_MULTIPLE} and {@code PUBLISH_SOURCES_MIN_GAPS}. */
  public static SourceLedger ledger(Env env) {
    String multiple = env.string(IDLE_MULTIPLE_ENV, null);
    double m;
    try {
      m = multiple == null ? SourceLedger.DEFAULT_IDLE_MULTIPLE : Double.parseDouble(multiple);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          IDLE_MULTIPLE_ENV + " must be a number above 1, got '" + multiple + "'");
    }
    try {
      return new SourceLedger(
          m,
          env.integer(MIN_GAPS_ENV, SourceLedger.DEFAULT_MIN_GAPS),
          Duration.ofMillis(env.integer(BURST_ENV, (int) SourceLedger.BURST.toMillis())));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          IDLE_MULTIPLE_ENV + "/" + MIN_GAPS_ENV + "/" + BURST_ENV + ": " + e.getMessage(), e);
    }
  }

  /** Starts the application; its store is queryable once Streams has restored it. */
  public static SourceHealth start(
      KafkaSettings kafka,
      String publishApplicationId,
      String stateDir,
      HostInfo advertised,
      SourceLedger ledger,
      MeterRegistry metrics,
      Supervisor loops) {
    Properties props =
        StreamsApp.properties(kafka, publishApplicationId + APPLICATION_ID_SUFFIX, stateDir);
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised.host() + ":" + advertised.port());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1); // a few records a second at most
    StreamsApp app =
        new StreamsApp(
            SourcesTopology.build(TopicSerdes.registry(kafka), ledger),
            props,
            metrics,
            io.newswire.platform.Topics.INGEST_RECEIPTS);
    app.start();
    return new SourceHealth(app, ledger, Clock.systemUTC(), metrics, loops);
  }

  public KafkaStreams streams() {
    return app.streams();
  }

  public Clock clock() {
    return clock;
  }

  /**
   * The sources of this instance's share, judged at {@code nowMillis}, worst first; throws Kafka's
   * InvalidStateStoreException while the store is not queryable.
   */
  public List<SourceView> local(long nowMillis) {
    List<SourceView> out = new ArrayList<>();
    try (KeyValueIterator<String, SourceState> it = store().all()) {
      while (it.hasNext() && out.size() < MAX_SOURCES) {
        var kv = it.next();
        if (kv.value != null) {
          out.add(ledger.view(kv.value, nowMillis));
        }
      }
    }
    out.sort(SourceView.WORST_FIRST);
    return out;
  }

  /** One source from this instance's share, judged at {@code nowMillis}. */
  public Optional<SourceView> local(String source, long nowMillis) {
    return Optional.ofNullable(store().get(source)).map(s -> ledger.view(s, nowMillis));
  }

  private ReadOnlyKeyValueStore<String, SourceState> store() {
    return app.streams()
        .store(
            StoreQueryParameters.fromNameAndType(
                SourcesTopology.STORE, QueryableStoreTypes.<String, SourceState>keyValueStore()));
  }

  /** Re-reads this instance's share into the gauges; keeps the last ones while it cannot. */
  void refresh() {
    List<SourceView> views;
    try {
      views = local(clock.millis());
    } catch (RuntimeException e) {
      log.debug("source gauges not refreshed: {}", e.toString());
      return;
    }
    List<MultiGauge.Row<?>> ages = new ArrayList<>();
    List<MultiGauge.Row<?>> counts = new ArrayList<>();
    List<MultiGauge.Row<?>> idles = new ArrayList<>();
    List<MultiGauge.Row<?>> refused = new ArrayList<>();
    for (SourceView v : views) {
      Tags tags = Tags.of("source", v.source(), "kind", v.kind());
      if (v.lastReceivedMillis() != null) {
        ages.add(
            MultiGauge.Row.of(
                tags, v, x -> x.lastReceivedAgeSeconds(clock.millis()).doubleValue()));
      }
      counts.add(MultiGauge.Row.of(tags, v.storiesLast24h()));
      idles.add(MultiGauge.Row.of(tags, v.idle() ? 1 : 0));
      v.refusals().forEach((type, n) -> refused.add(MultiGauge.Row.of(tags.and("type", type), n)));
    }
    age.register(ages, true);
    stories.register(counts, true);
    idle.register(idles, true);
    refusals.register(refused, true);
  }

  @Override
  public void close() {
    if (gauges != null) {
      gauges.close();
    }
    app.close();
  }
}
