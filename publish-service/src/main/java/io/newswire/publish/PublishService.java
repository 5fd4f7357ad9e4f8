package io.newswire.publish;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newswire.platform.AccessSettings;
import io.newswire.platform.Env;
import io.newswire.platform.HttpAccess;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.KeyRingFile;
import io.newswire.platform.Problem;
import io.newswire.platform.ProblemException;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.StreamsApp;
import io.newswire.platform.Supervisor;
import io.newswire.platform.TopicSerdes;
import io.newswire.platform.Topics;
import io.newswire.platform.core.access.AdminKeys;
import io.newswire.platform.core.access.KeyRing;
import io.newswire.publish.console.LagSampler;
import io.newswire.publish.console.StoryRecords;
import io.newswire.publish.core.Embargoes;
import io.newswire.publish.core.PeerKey;
import io.newswire.publish.core.StreamLimits;
import io.newswire.publish.core.StreamSlots;
import io.newswire.publish.core.SubscriberKeys;
import io.newswire.publish.core.console.LagHistory;
import io.newswire.publish.core.sources.SourceLedger;
import io.newswire.publish.http.CloudEventJson;
import io.newswire.publish.http.ConsoleApi;
import io.newswire.publish.http.ContractApi;
import io.newswire.publish.http.EventStreamApi;
import io.newswire.publish.http.PipelineAdminApi;
import io.newswire.publish.http.SourcesApi;
import io.newswire.publish.http.StoriesApi;
import io.newswire.publish.http.StoryTrailApi;
import io.newswire.publish.http.SubscriptionsApi;
import io.newswire.publish.http.WebhooksApi;
import io.newswire.publish.sources.SourceHealth;
import io.newswire.publish.subscriptions.SubscriptionRegistry;
import io.newswire.publish.subscriptions.SubscriptionSettings;
import io.newswire.publish.topology.PublishTopology;
import io.newswire.publish.webhooks.WebhookRegistry;
import io.newswire.publish.webhooks.WebhookSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * publish-service, assembled: the publish topology on Kafka Streams ({@link PublishTopology}), the
 * HTTP handlers of {@code io.newswire.publish.http} (the story API with interactive queries routed
 * across instances, source health ({@link SourceHealth}, its own Streams application, and {@link
 * SourcesApi}), the SSE event stream, the webhook API, saved subscriptions), webhook delivery
 * ({@link WebhookRegistry}), the saved subscriptions ({@link SubscriptionRegistry}), health and
 * metrics. Its background loops (the control watcher, the webhook and subscription mirrors, the
 * webhook workers) run under one {@link Supervisor}, whose state is part of readiness.
 */
public final class PublishService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PublishService.class);

  /**
   * Settings: {@code PUBLISH_HOST} (127.0.0.1), {@code PUBLISH_PORT} (8082), {@code
   * PUBLISH_APPLICATION_ID} (newswire-publish), {@code PUBLISH_STATE_DIR} (a directory under the
   * system temp dir), {@code PUBLISH_ADVERTISED_URL} (how other instances reach this one; default
   * {@code http://<host>:<port>}), the webhook settings ({@link WebhookSettings}), {@code
   * PUBLISH_API_KEYS} and {@code PUBLISH_API_KEYS_FILE} (subscribers' keys, {@link SubscriberKeys};
   * with none, every request but health is refused with 401), {@code PUBLISH_PEER_KEY} or {@code
   * PUBLISH_PEER_KEY_FILE} (the key instances query each other with, {@link PeerKey}; null: one is
   * generated, single instance only), the stream limits ({@link StreamLimits}: {@code
   * PUBLISH_MAX_STREAMS_PER_SUBSCRIBER}, {@code PUBLISH_MAX_STREAMS}), operators' keys and the
   * throttle ({@link AccessSettings}), {@code PUBLISH_EMBARGO_CHECK_MS} (200: how often held
   * embargoed versions are looked at for release, {@link Embargoes}), the saved subscription limits
   * ({@link SubscriptionSettings}: {@code PUBLISH_MAX_SUBSCRIPTIONS_PER_SUBSCRIBER}, {@code
   * PUBLISH_MAX_SUBSCRIPTIONS}), source health's {@code PUBLISH_SOURCES_IDLE_MULTIPLE} (4) and
   * {@code PUBLISH_SOURCES_MIN_GAPS} (5) ({@link SourceHealth}), plus KafkaSettings.
   */
  public record Config(
      String host,
      int port,
      String applicationId,
      String stateDir,
      KafkaSettings kafka,
      String advertisedUrl,
      WebhookSettings webhooks,
      KeyRing subscriberKeys,
      Path subscriberKeysFile,
      PeerKey peerKey,
      StreamLimits streams,
      AccessSettings access,
      Duration embargoCheck,
      SubscriptionSettings subscriptions,
      SourceLedger sources,
      KafkaSettings consoleKafka,
      Duration lagSampleInterval) {
    public Config {
      if (subscriptions == null) {
        subscriptions = SubscriptionSettings.defaults();
      }
      if (sources == null) {
        sources = SourceLedger.defaults();
      }
      if (consoleKafka == null) {
        consoleKafka = kafka;
      }
      if (lagSampleInterval == null) {
        lagSampleInterval = DEFAULT_LAG_SAMPLE_INTERVAL;
      }
      if (lagSampleInterval.isNegative()) {
        throw new IllegalArgumentException(
            LAG_SAMPLE_ENV + " must be 0 (off) or a positive number of milliseconds");
      }
      if (embargoCheck == null) {
        embargoCheck = Embargoes.DEFAULT_CHECK_INTERVAL;
      }
      if (embargoCheck.isNegative() || embargoCheck.isZero()) {
        throw new IllegalArgumentException(
            EMBARGO_CHECK_ENV + " must be a positive number of milliseconds, got " + embargoCheck);
      }
      if (webhooks == null) {
        webhooks = WebhookSettings.defaults();
      }
      if (subscriberKeys == null) {
        subscriberKeys = KeyRing.empty();
      }
      if (streams == null) {
        streams = StreamLimits.defaults();
      }
      if (access == null) {
        access = AccessSettings.defaults();
      }
    }

    /** With the defaults for the rest (the compact constructor's). */
    public Config(
        String host, int port, String applicationId, String stateDir, KafkaSettings kafka) {
      this(
          host,
          port,
          applicationId,
          stateDir,
          kafka,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
    }

    public static Config from(Env env) {
      return new Config(
          env.string("PUBLISH_HOST", "127.0.0.1"),
          env.integer("PUBLISH_PORT", 8082),
          env.string("PUBLISH_APPLICATION_ID", "newswire-publish"),
          env.string("PUBLISH_STATE_DIR", StreamsApp.defaultStateDir("newswire-publish")),
          KafkaSettings.from(env),
          env.string("PUBLISH_ADVERTISED_URL", null),
          WebhookSettings.from(env),
          SubscriberKeys.parse(env.string("PUBLISH_API_KEYS", "")),
          env.string("PUBLISH_API_KEYS_FILE", "").isBlank()
              ? null
              : Path.of(env.string("PUBLISH_API_KEYS_FILE", "")),
          peerKey(env),
          new StreamLimits(
              env.integer(
                  "PUBLISH_MAX_STREAMS_PER_SUBSCRIBER", StreamLimits.DEFAULT_PER_SUBSCRIBER),
              env.integer("PUBLISH_MAX_STREAMS", StreamLimits.DEFAULT_TOTAL),
              StreamLimits.DEFAULT_HEARTBEAT,
              StreamLimits.DEFAULT_RETRY_AFTER),
          AccessSettings.from(env),
          Duration.ofMillis(
              env.integer(EMBARGO_CHECK_ENV, (int) Embargoes.DEFAULT_CHECK_INTERVAL.toMillis())),
          SubscriptionSettings.from(env),
          SourceHealth.ledger(env),
          consoleKafka(env),
          Duration.ofMillis(
              env.integer(LAG_SAMPLE_ENV, (int) DEFAULT_LAG_SAMPLE_INTERVAL.toMillis())));
    }

    /** How often (ms) the console's lag chart samples consumer lag; 0 turns sampling off. */
    public static final String LAG_SAMPLE_ENV = "PUBLISH_CONSOLE_LAG_SAMPLE_MS";

    public static final Duration DEFAULT_LAG_SAMPLE_INTERVAL = Duration.ofSeconds(5);

    /** What the console's operator reads and redrives connect with, over publish's own settings. */
    public static final String CONSOLE_KAFKA_PREFIX = "PUBLISH_CONSOLE_KAFKA_CLIENT_";

    /**
     * The Kafka settings of the console's operator pages: publish's, with {@code
     * PUBLISH_CONSOLE_KAFKA_CLIENT_*} client settings over them (on a secured cluster, the operator
     * principal's SASL settings: publish's own principal may not read raw stories or the DLQ, nor
     * write raw stories).
     */
    static KafkaSettings consoleKafka(Env env) {
      KafkaSettings base = KafkaSettings.from(env);
      Map<String, String> extra = env.withPrefix(CONSOLE_KAFKA_PREFIX);
      if (extra.isEmpty()) {
        return base;
      }
      Map<String, String> overrides = new java.util.HashMap<>(base.clientOverrides());
      extra.forEach(
          (k, v) -> overrides.put(k.toLowerCase(java.util.Locale.ROOT).replace('_', '.'), v));
      return new KafkaSettings(
          base.bootstrapServers(), base.registryUrl(), overrides, base.storyLimits());
    }

    /** How often (ms, wall clock) held embargoed versions are looked at for release. */
    public static final String EMBARGO_CHECK_ENV = "PUBLISH_EMBARGO_CHECK_MS";

    /**
     * {@code PUBLISH_PEER_KEY}, or the content of {@code PUBLISH_PEER_KEY_FILE}; null if neither.
     */
    static PeerKey peerKey(Env env) {
      String key = env.string("PUBLISH_PEER_KEY", null);
      String file = env.string("PUBLISH_PEER_KEY_FILE", null);
      if (key != null && file != null) {
        throw new IllegalArgumentException(
            "set PUBLISH_PEER_KEY or PUBLISH_PEER_KEY_FILE, not both");
      }
      if (file != null) {
        try {
          return PeerKey.of(Files.readString(Path.of(file)));
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "PUBLISH_PEER_KEY_FILE " + file + " cannot be read: " + e.getMessage(), e);
        }
      }
      return key == null ? null : PeerKey.of(key);
    }

    public Config withPort(int p) {
      return with(s -> s.port = p);
    }

    /** With this Kafka Streams state directory (another instance of the same application). */
    public Config withStateDir(String dir) {
      return with(s -> s.stateDir = dir);
    }

    public Config withWebhooks(WebhookSettings w) {
      return with(s -> s.webhooks = w);
    }

    /** With these subscriber keys (and no key file). */
    public Config withSubscriberKeys(KeyRing keys) {
      return with(
          s -> {
            s.subscriberKeys = keys;
            s.subscriberKeysFile = null;
          });
    }

    public Config withSubscriberKeysFile(Path file) {
      return with(s -> s.subscriberKeysFile = file);
    }

    /** With the key shared by every instance of the deployment. */
    public Config withPeerKey(PeerKey key) {
      return with(s -> s.peerKey = key);
    }

    public Config withStreams(StreamLimits limits) {
      return with(s -> s.streams = limits);
    }

    /** With these operator keys and throttle. */
    public Config withAccess(AccessSettings a) {
      return with(s -> s.access = a);
    }

    /** With these saved subscription limits. */
    public Config withSubscriptions(SubscriptionSettings settings) {
      return with(s -> s.subscriptions = settings);
    }

    /** With this interval between looks for embargoes that have lifted. */
    public Config withEmbargoCheck(Duration interval) {
      return with(s -> s.embargoCheck = interval);
    }

    /** With this judgement of source health (idle multiple, pauses needed). */
    public Config withSources(SourceLedger ledger) {
      return with(s -> s.sources = ledger);
    }

    /** With this interval between samples of consumer lag (zero: none). */
    public Config withLagSampleInterval(Duration interval) {
      return with(s -> s.lagSampleInterval = interval);
    }

    /** With these Kafka settings for the console's operator pages. */
    public Config withConsoleKafka(KafkaSettings k) {
      return with(s -> s.consoleKafka = k);
    }

    /** This config with some settings changed; the canonical constructor checks the result. */
    private Config with(Consumer<Settings> change) {
      Settings s = new Settings(this);
      change.accept(s);
      return new Config(
          s.host,
          s.port,
          s.applicationId,
          s.stateDir,
          s.kafka,
          s.advertisedUrl,
          s.webhooks,
          s.subscriberKeys,
          s.subscriberKeysFile,
          s.peerKey,
          s.streams,
          s.access,
          s.embargoCheck,
          s.subscriptions,
          s.sources,
          s.consoleKafka,
          s.lagSampleInterval);
    }

    /** A config's settings as variables, for {@link #with}. */
    private static final class Settings {
      String host;
      int port;
      String applicationId;
      String stateDir;
      KafkaSettings kafka;
      String advertisedUrl;
      WebhookSettings webhooks;
      KeyRing subscriberKeys;
      Path subscriberKeysFile;
      PeerKey peerKey;
      StreamLimits streams;
      AccessSettings access;
      Duration embargoCheck;
      SubscriptionSettings subscriptions;
      SourceLedger sources;
      KafkaSettings consoleKafka;
      Duration lagSampleInterval;

      Settings(Config c) {
        host = c.host;
        port = c.port;
        applicationId = c.applicationId;
        stateDir = c.stateDir;
        kafka = c.kafka;
        advertisedUrl = c.advertisedUrl;
        webhooks = c.webhooks;
        subscriberKeys = c.subscriberKeys;
        subscriberKeysFile = c.subscriberKeysFile;
        peerKey = c.peerKey;
        streams = c.streams;
        access = c.access;
        embargoCheck = c.embargoCheck;
        subscriptions = c.subscriptions;
        sources = c.sources;
        consoleKafka = c.consoleKafka;
        lagSampleInterval = c.lagSampleInterval;
      }
    }
  }

  /**
   * The running parts, and the order they stop in; {@code running} holds the topology of the
   * current input, null while it is being switched.
   */
  private record Parts(
      AtomicReference<StreamsApp> running,
      Javalin http,
      EventStreamApi events,
      WebhookRegistry webhooks,
      SubscriptionRegistry subscriptions,
      ControlWatcher control,
      Supervisor loops,
      AtomicReference<SourceHealth> sources,
      LagSampler lag)
      implements AutoCloseable {
    @Override
    public void close() {
      control.close();
      events.close();
      http.stop();
      webhooks.close();
      subscriptions.close();
      loops.close();
      if (sources.get() != null) {
        sources.get().close();
      }
      if (lag != null) {
        lag.close();
      }
      synchronized (running) {
        if (running.get() != null) {
          running.get().close();
        }
      }
    }
  }

  private final Parts parts;

  /** How far back the console's lag chart goes. */
  static final Duration LAG_WINDOW = Duration.ofMinutes(10);

  private PublishService(Parts parts) {
    this.parts = parts;
  }

  /**
   * The application id for an input: the configured one for news.enriched.v1, with the generation
   * appended for a reprocessing generation's topic (its own offsets and state: it publishes that
   * generation from the start).
   */
  static String applicationId(String base, String input) {
    return input.equals(Topics.ENRICHED)
        ? base
        : base + "-" + input.substring(input.lastIndexOf('.') + 1);
  }

  public static PublishService start(Config config) {
    PrometheusMeterRegistry metrics = ServiceHttp.meterRegistry("publish");
    PeerKey peer = config.peerKey();
    if (peer == null) {
      peer = PeerKey.random();
      log.warn(
          "PUBLISH_PEER_KEY is not set: this instance generated a peer key of its own, so other"
              + " publish instances cannot be queried: single instance only. Give every instance of"
              + " a deployment the same PUBLISH_PEER_KEY.");
    }
    // One access for every route (stories, stream, webhooks, internal, metrics): one throttle.
    HttpAccess access =
        config
            .access()
            .access(
                List.of(
                    new KeyRingFile(
                        config.subscriberKeys(),
                        config.subscriberKeysFile(),
                        SubscriberKeys.SUBSCRIBERS),
                    new KeyRingFile(peer.ring(), null, AdminKeys.OPERATORS)),
                "your subscriber");
    AtomicReference<StreamsApp> running = new AtomicReference<>();
    AtomicReference<HostInfo> self = new AtomicReference<>();
    Supervisor loops = new Supervisor(metrics);
    SubscriptionRegistry saved =
        new SubscriptionRegistry(config.kafka(), config.subscriptions(), loops);
    WebhookRegistry webhooks;
    try {
      webhooks =
          new WebhookRegistry(
              config.kafka(),
              config.applicationId(),
              config.webhooks(),
              CloudEventJson::of,
              saved,
              loops);
    } catch (RuntimeException e) {
      saved.close();
      loops.close();
      throw e;
    }
    SubscriptionsApi subscriptionsApi = new SubscriptionsApi(saved, webhooks, access);
    StoriesApi stories =
        new StoriesApi(
            () -> {
              StreamsApp a = running.get();
              if (a == null) {
                throw new ProblemException(
                    Problem.of(
                        "store-unavailable",
                        "Service unavailable",
                        503,
                        "publish-service is starting; retry shortly."),
                    Map.of("Retry-After", "2"));
              }
              return a.streams();
            },
            self::get,
            access,
            peer,
            subscriptionsApi);
    AtomicReference<SourceHealth> sources = new AtomicReference<>();
    SourcesApi sourcesApi = new SourcesApi(sources::get, self::get, access, peer);
    StreamSlots slots = new StreamSlots(config.streams().perSubscriber(), config.streams().total());
    metrics.gauge("newswire_publish_streams_open", slots, StreamSlots::open);
    EventStreamApi events =
        new EventStreamApi(config.kafka(), access, slots, config.streams(), subscriptionsApi);
    access.refreshUnder(loops, "publish-api-keys");
    WebhooksApi webhooksApi = new WebhooksApi(webhooks, access, subscriptionsApi);
    Supplier<String> reading =
        () -> {
          StreamsApp a = running.get();
          return a == null ? Topics.ENRICHED : a.inputTopic();
        };
    LagSampler lagSampler = null;
    if (!config.lagSampleInterval().isZero()) {
      LagSampler sampler =
          new LagSampler(
              config.consoleKafka(),
              new LagHistory(
                  (int) Math.max(2, LAG_WINDOW.toMillis() / config.lagSampleInterval().toMillis()),
                  LagSampler.MAX_GROUPS),
              Clock.systemUTC());
      // not essential: publishing goes on without its lag chart
      loops.every(
          "console-lag-sampler",
          Supervisor.Kind.EXTERNAL,
          config.lagSampleInterval(),
          l -> sampler.sample());
      lagSampler = sampler;
    }
    LagSampler lagSamplerRef = lagSampler;
    StoryTrailApi trail =
        new StoryTrailApi(
            access,
            new StoryRecords(config.kafka()),
            new StoryRecords(config.consoleKafka()),
            reading);
    PipelineAdminApi pipelineAdmin =
        new PipelineAdminApi(
            access, config.consoleKafka(), lagSampler, config.lagSampleInterval(), reading);
    ConsoleApi console = new ConsoleApi(access);
    Javalin http =
        ServiceHttp.create(
            "publish",
            metrics,
            () -> {
              StreamsApp a = running.get();
              return a == null ? ServiceHttp.Readiness.down("starting") : a.readiness();
            },
            loops,
            access,
            c -> {
              // Every route but health needs at least a valid key, whatever else it requires;
              // an unknown path too, so paths cannot be probed without one.
              c.routes.before(
                  "/*",
                  ctx -> {
                    if (ConsoleApi.isConsoleFile(ctx.path())) {
                      return; // the console's files: no data, the page asks for the key
                    }
                    if (!ctx.path().startsWith("/health/")) {
                      access.authenticate(ctx);
                    }
                  });
              pipelineAdmin.configure(c);
              trail.configure(c);
              console.configure(c);
              stories.configure(c);
              sourcesApi.configure(c);
              events.configure(c);
              webhooksApi.configure(c);
              subscriptionsApi.configure(c);
              new ContractApi(access).configure(c);
            });
    ControlWatcher control = new ControlWatcher(config.kafka());
    try {
      http.start(config.host(), config.port());
      HostInfo advertised = advertised(config, http.port());
      self.set(advertised);
      sources.set(
          SourceHealth.start(
              config.kafka(),
              config.applicationId(),
              config.stateDir(),
              advertised,
              config.sources(),
              metrics,
              loops));
      synchronized (running) { // a change read meanwhile waits until the first topology runs
        String input =
            control
                .start(
                    loops,
                    next -> {
                      synchronized (running) {
                        StreamsApp current = running.get();
                        if (current != null && current.inputTopic().equals(next)) {
                          return;
                        }
                        log.info("switching publish-service to {}", next);
                        running.set(null);
                        if (current != null) {
                          current.close();
                        }
                        running.set(startTopology(config, advertised, next, metrics));
                      }
                    })
                .orElse(Topics.ENRICHED);
        running.set(startTopology(config, advertised, input, metrics));
      }
      saved.start();
      webhooks.start();
    } catch (RuntimeException e) {
      http.stop();
      events.close();
      webhooks.close();
      saved.close();
      control.close();
      loops.close();
      if (sources.get() != null) {
        sources.get().close();
      }
      if (lagSamplerRef != null) {
        lagSamplerRef.close();
      }
      if (running.get() != null) {
        running.get().close();
      }
      throw e;
    }
    log.info(
        "publish-service ({}) listening on http://{}:{}, advertised as {}, reading {}",
        config.applicationId(),
        config.host(),
        http.port(),
        self.get(),
        running.get().inputTopic());
    return new PublishService(
        new Parts(running, http, events, webhooks, saved, control, loops, sources, lagSamplerRef));
  }

  private static StreamsApp startTopology(
      Config config, HostInfo advertised, String input, PrometheusMeterRegistry metrics) {
    String appId = applicationId(config.applicationId(), input);
    Properties props =
        StreamsApp.properties(
            config.kafka(),
            appId,
            input.equals(Topics.ENRICHED) ? config.stateDir() : config.stateDir() + "-" + appId);
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised.host() + ":" + advertised.port());
    var topology =
        PublishTopology.build(
            TopicSerdes.registry(config.kafka()),
            Topics.ENRICHED_STORIES.named(input),
            config.embargoCheck());
    StreamsApp app = new StreamsApp(topology, props, metrics, input);
    app.start();
    return app;
  }

  static HostInfo advertised(Config config, int actualPort) {
    if (config.advertisedUrl() == null) {
      return new HostInfo(config.host(), actualPort);
    }
    URI u = URI.create(config.advertisedUrl());
    if (u.getHost() == null) {
      throw new IllegalArgumentException(
          "PUBLISH_ADVERTISED_URL must be a URL such as http://publish-1:8082");
    }
    return new HostInfo(u.getHost(), u.getPort() > 0 ? u.getPort() : actualPort);
  }

  public int port() {
    return parts.http().port();
  }

  public StreamsApp app() {
    return parts.running().get();
  }

  public KafkaStreams streams() {
    return app().streams();
  }

  @Override
  public void close() {
    parts.close();
  }
}
