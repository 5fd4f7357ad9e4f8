package io.newswire.enrich;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newswire.enrich.core.Enricher;
import io.newswire.enrich.core.clusters.ClusterSettings;
import io.newswire.enrich.core.time.AgencyZones;
import io.newswire.enrich.topology.EnrichTopology;
import io.newswire.platform.AccessSettings;
import io.newswire.platform.Env;
import io.newswire.platform.HttpAccess;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.StreamsApp;
import io.newswire.platform.Supervisor;
import io.newswire.platform.TopicSerdes;
import io.newswire.platform.Topics;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * enrich-service, assembled: the enrichment topology on Kafka Streams, and health and metrics over
 * HTTP.
 */
public final class EnrichService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EnrichService.class);

  /**
   * Settings: {@code ENRICH_HOST} (127.0.0.1), {@code ENRICH_PORT} (8081), {@code
   * ENRICH_APPLICATION_ID} (newswire-enrich), {@code ENRICH_STATE_DIR} (a directory under the
   * system temp dir), {@code ENRICH_AGENCY_ZONES} (overrides of {@code agencies.json}: {@code
   * agency=Zone,...}, {@code *=Zone} for the default; none by default), {@code
   * ENRICH_TIME_BUDGET_MS} (5000: a story that takes longer to enrich is dead-lettered), {@code
   * ENRICH_CLUSTER_WINDOW_HOURS} (72: how long a story can be joined by another in its cluster),
   * the operators' keys for {@code /metrics} ({@link AccessSettings}), plus KafkaSettings.
   */
  public record Config(
      String host,
      int port,
      String applicationId,
      String stateDir,
      KafkaSettings kafka,
      String agencyZones,
      String outputTopic,
      Duration timeBudget,
      AccessSettings access,
      Duration clusterWindow) {
    public Config {
      if (clusterWindow == null) {
        clusterWindow = ClusterSettings.DEFAULT_WINDOW;
      }
      if (outputTopic == null) {
        outputTopic = Topics.ENRICHED;
      }
      if (timeBudget == null) {
        timeBudget = EnrichTopology.DEFAULT_TIME_BUDGET;
      }
      if (access == null) {
        access = AccessSettings.defaults();
      }
    }

    /** The same with the default access settings (no operator keys: /metrics refuses all). */
    public Config(
        String host,
        int port,
        String applicationId,
        String stateDir,
        KafkaSettings kafka,
        String agencyZones,
        String outputTopic,
        Duration timeBudget) {
      this(
          host,
          port,
          applicationId,
          stateDir,
          kafka,
          agencyZones,
          outputTopic,
          timeBudget,
          null,
          null);
    }

    /** A configuration with the shipped agency zones, writing news.enriched.v1. */
    public Config(
        String host, int port, String applicationId, String stateDir, KafkaSettings kafka) {
      this(host, port, applicationId, stateDir, kafka, null, null, null, null, null);
    }

    public Config(
        String host,
        int port,
        String applicationId,
        String stateDir,
        KafkaSettings kafka,
        String agencyZones) {
      this(host, port, applicationId, stateDir, kafka, agencyZones, null, null, null, null);
    }

    public Config(
        String host,
        int port,
        String applicationId,
        String stateDir,
        KafkaSettings kafka,
        String agencyZones,
        String outputTopic) {
      this(host, port, applicationId, stateDir, kafka, agencyZones, outputTopic, null, null, null);
    }

    /** The same, writing another enriched topic (a reprocessing generation). */
    public Config withOutputTopic(String topic) {
      return new Config(
          host,
          port,
          applicationId,
          stateDir,
          kafka,
          agencyZones,
          topic,
          timeBudget,
          access,
          clusterWindow);
    }

    /** The same, with another time budget per story. */
    public Config withTimeBudget(Duration budget) {
      return new Config(
          host,
          port,
          applicationId,
          stateDir,
          kafka,
          agencyZones,
          outputTopic,
          budget,
          access,
          clusterWindow);
    }

    public static Config from(Env env) {
      return new Config(
          env.string("ENRICH_HOST", "127.0.0.1"),
          env.integer("ENRICH_PORT", 8081),
          env.string("ENRICH_APPLICATION_ID", "newswire-enrich"),
          env.string("ENRICH_STATE_DIR", StreamsApp.defaultStateDir("newswire-enrich")),
          KafkaSettings.from(env),
          env.string("ENRICH_AGENCY_ZONES", null),
          env.string("ENRICH_OUTPUT_TOPIC", Topics.ENRICHED),
          Duration.ofMillis(
              env.integer(
                  "ENRICH_TIME_BUDGET_MS", (int) EnrichTopology.DEFAULT_TIME_BUDGET.toMillis())),
          AccessSettings.from(env),
          Duration.ofHours(
              env.integer(
                  "ENRICH_CLUSTER_WINDOW_HOURS", (int) ClusterSettings.DEFAULT_WINDOW.toHours())));
    }

    /** The same, with another cluster window. */
    public Config withClusterWindow(Duration window) {
      return new Config(
          host,
          port,
          applicationId,
          stateDir,
          kafka,
          agencyZones,
          outputTopic,
          timeBudget,
          access,
          window);
    }

    /** The cluster parameters: the tuned defaults with this window. */
    public ClusterSettings clusters() {
      return ClusterSettings.defaults().withWindow(clusterWindow);
    }

    /** With these operator keys and throttle ({@link AccessSettings}). */
    public Config withAccess(AccessSettings a) {
      return new Config(
          host,
          port,
          applicationId,
          stateDir,
          kafka,
          agencyZones,
          outputTopic,
          timeBudget,
          a,
          clusterWindow);
    }

    public Config withPort(int p) {
      return new Config(
          host,
          p,
          applicationId,
          stateDir,
          kafka,
          agencyZones,
          outputTopic,
          timeBudget,
          access,
          clusterWindow);
    }

    /**
     * The agency zones: {@code agencies.json} with {@link #agencyZones} applied; a bad override
     * fails here.
     */
    public AgencyZones zones() {
      return AgencyZones.load().withOverrides(agencyZones);
    }
  }

  private final StreamsApp app;
  private final Javalin http;
  private final Supervisor loops;

  private EnrichService(StreamsApp app, Javalin http, Supervisor loops) {
    this.app = app;
    this.http = http;
    this.loops = loops;
  }

  public static EnrichService start(Config config) {
    AgencyZones zones = config.zones();
    PrometheusMeterRegistry metrics = ServiceHttp.meterRegistry("enrich");
    Enricher enricher = new Enricher();
    var topology =
        EnrichTopology.build(
            TopicSerdes.registry(config.kafka()),
            enricher,
            zones,
            Topics.ENRICHED_STORIES.named(config.outputTopic()),
            config.timeBudget(),
            config.clusters());
    StreamsApp app =
        new StreamsApp(
            topology,
            StreamsApp.properties(config.kafka(), config.applicationId(), config.stateDir()),
            metrics);
    // The operators' key file is re-read by a supervised loop, part of readiness like publish's.
    Supervisor loops = new Supervisor(metrics);
    HttpAccess access = config.access().access(List.of(), "an operator's");
    access.refreshUnder(loops, "enrich-admin-keys");
    Javalin http = ServiceHttp.create("enrich", metrics, app::readiness, loops, access, c -> {});
    try {
      app.start();
      http.start(config.host(), config.port());
    } catch (RuntimeException e) {
      http.stop();
      loops.close();
      app.close();
      throw e;
    }
    log.info(
        "enrich-service ({}, tagger {}, cluster window {}, zone-less times in {} unless the agency's"
            + " is one of {}) health on http://{}:{}",
        config.applicationId(),
        Enricher.taggerVersion(),
        config.clusterWindow(),
        zones.defaultZone(),
        zones.zones(),
        config.host(),
        http.port());
    return new EnrichService(app, http, loops);
  }

  public int port() {
    return http.port();
  }

  public StreamsApp app() {
    return app;
  }

  @Override
  public void close() {
    http.stop();
    loops.close();
    app.close();
  }
}
