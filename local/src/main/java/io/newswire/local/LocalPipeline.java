package io.newswire.local;

import io.newswire.enrich.EnrichService;
import io.newswire.infra.EmbeddedKafka;
import io.newswire.infra.KafkaCluster;
import io.newswire.infra.RegistryProcess;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.AccessSettings;
import io.newswire.platform.Env;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Provisioning;
import io.newswire.platform.StoryLimits;
import io.newswire.platform.core.DemoAgencies;
import io.newswire.platform.core.access.AdminKeys;
import io.newswire.platform.core.access.KeyRing;
import io.newswire.platform.core.net.AddressPolicy;
import io.newswire.publish.PublishService;
import io.newswire.publish.core.PeerKey;
import io.newswire.publish.core.SecretKeys;
import io.newswire.publish.core.SubscriberKeys;
import io.newswire.publish.webhooks.WebhookSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on this machine, in one process: a KRaft broker, Apicurio Registry (child
 * process), the topics and schemas, and the three services. For development and demos; production
 * runs each service on its own (see docker-compose.yml).
 *
 * <p>With {@link Options#brokers()} above 1 Kafka is a {@link KafkaCluster} of that many KRaft
 * nodes, each a child process on ports of its own (picked once, kept in the data directory), and
 * the topics get the cluster's replication factor and the catalogue's {@code min.insync.replicas}
 * for it.
 */
public final class LocalPipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalPipeline.class);

  /**
   * Agencies that get a local API key, {@code local-<agency>-key}: the {@link DemoAgencies} and
   * pna.
   */
  public static final List<String> LOCAL_AGENCIES =
      Stream.concat(DemoAgencies.CODES.stream(), Stream.of("pna")).toList();

  /**
   * Ports, storage, the story size limit and the number of Kafka brokers; 0 picks a free port.
   * {@code kafkaPort} is the in-process broker's, with one broker; a cluster's nodes take free
   * ports.
   */
  public record Options(
      int kafkaPort,
      int registryPort,
      int ingestPort,
      int enrichPort,
      int publishPort,
      Path dataDir,
      int partitions,
      StoryLimits storyLimits,
      int brokers) {
    public Options {
      if (brokers < 1) {
        throw new IllegalArgumentException("brokers must be 1 or more, got " + brokers);
      }
    }

    /** With one broker, in-process. */
    public Options(
        int kafkaPort,
        int registryPort,
        int ingestPort,
        int enrichPort,
        int publishPort,
        Path dataDir,
        int partitions,
        StoryLimits storyLimits) {
      this(
          kafkaPort,
          registryPort,
          ingestPort,
          enrichPort,
          publishPort,
          dataDir,
          partitions,
          storyLimits,
          1);
    }

    /** With the default story limits and one broker, in-process. */
    public Options(
        int kafkaPort,
        int registryPort,
        int ingestPort,
        int enrichPort,
        int publishPort,
        Path dataDir,
        int partitions) {
      this(
          kafkaPort,
          registryPort,
          ingestPort,
          enrichPort,
          publishPort,
          dataDir,
          partitions,
          StoryLimits.DEFAULT);
    }

    public Options withBrokers(int n) {
      return new Options(
          kafkaPort,
          registryPort,
          ingestPort,
          enrichPort,
          publishPort,
          dataDir,
          partitions,
          storyLimits,
          n);
    }
  }

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private EmbeddedKafka kafka;
  private KafkaCluster cluster;
  private RegistryProcess registry;
  private IngestService ingest;
  private EnrichService enrich;
  private PublishService publish;
  private final Map<String, String> apiKeys = new LinkedHashMap<>();

  public static Map<String, String> localKeys() {
    return DemoAgencies.keys("local", LOCAL_AGENCIES);
  }

  /** The local subscriber: reads stories and the stream, manages its webhooks. */
  public static final String DESK = "desk";

  /** The local operator: {@code /metrics} of every service, publish's internal routes. */
  public static final String OPS = "ops";

  /**
   * The local publish keys, {@code local-<name>-key} like the agencies': {@value #DESK} (scopes
   * read and webhooks) and {@value #OPS} (admin, also {@code NEWSWIRE_ADMIN_KEYS} of ingest and
   * enrich, for {@code /metrics}).
   */
  public static Map<String, String> subscriberKeys() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(DESK, "local-" + DESK + "-key");
    keys.put(OPS, "local-" + OPS + "-key");
    return keys;
  }

  /** The operators' key of every service: {@value #OPS}'s. */
  static AccessSettings access() {
    return AccessSettings.defaults()
        .withAdminKeys(AdminKeys.parse(OPS + ":" + KeyRing.sha256Hex(subscriberKeys().get(OPS))));
  }

  /** Starts everything, in order; if a part fails, what was started is stopped again. */
  public static LocalPipeline start(Options o) {
    LocalPipeline p = new LocalPipeline();
    try {
      p.startAll(o);
      return p;
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  private void startAll(Options o) {
    Path data = o.dataDir();
    if (o.brokers() == 1) {
      kafka =
          track(
              EmbeddedKafka.start(
                  new EmbeddedKafka.Options(
                      o.kafkaPort(), data == null ? null : data.resolve("kafka"), o.partitions())));
    } else {
      cluster =
          track(
              KafkaCluster.start(
                  new KafkaCluster.Options(
                      o.brokers(),
                      data == null ? null : data.resolve("kafka-cluster"),
                      o.partitions())));
    }
    RegistryProcess.Options ro = RegistryProcess.Options.defaults().withPort(o.registryPort());
    if (data != null) {
      ro = ro.withDataDir(data.resolve("registry")).withLogFile(data.resolve("registry.log"));
    }
    registry = track(RegistryProcess.start(ro));
    KafkaSettings settings =
        new KafkaSettings(bootstrapServers(), registry.baseUrl(), Map.of(), o.storyLimits());
    provision(settings, o.partitions(), (short) replicationFactor());

    String stateRoot = stateRoot(data);
    enrich =
        track(
            EnrichService.start(
                new EnrichService.Config(
                        "127.0.0.1",
                        o.enrichPort(),
                        "newswire-enrich",
                        stateRoot + "/enrich",
                        settings)
                    .withAccess(access())));
    publish =
        track(
            PublishService.start(
                new PublishService.Config(
                        "127.0.0.1",
                        o.publishPort(),
                        "newswire-publish",
                        stateRoot + "/publish",
                        settings)
                    .withSubscriberKeys(
                        SubscriberKeys.parse(
                            DESK
                                + ":"
                                + KeyRing.sha256Hex(subscriberKeys().get(DESK))
                                + ":read+webhooks"))
                    // one instance: a key of its own, no warning about it
                    .withPeerKey(PeerKey.random())
                    // the demo's webhook receivers run on this machine
                    .withWebhooks(
                        WebhookSettings.from(Env.system())
                            .withAddresses(AddressPolicy.allowing("127.0.0.1"))
                            .withSecretKeys(webhookSecretKeys(data)))
                    .withAccess(access())));
    apiKeys.putAll(localKeys());
    String keySpec =
        apiKeys.entrySet().stream()
            .map(e -> e.getKey() + ":" + ApiKeys.sha256Hex(e.getValue()))
            .collect(Collectors.joining(","));
    ingest =
        track(
            IngestService.start(
                new IngestConfig(
                        "127.0.0.1",
                        o.ingestPort(),
                        ApiKeys.parse(keySpec),
                        settings.storyLimits().maxStoryBytes(),
                        settings)
                    .withAccess(access())));
  }

  /**
   * The key sealing webhook secrets: generated once and kept in {@code DIR/webhook-secret-keys}
   * (owner-only) with {@code --data-dir}, so registrations kept there stay deliverable; a new one
   * each run otherwise.
   */
  private static SecretKeys webhookSecretKeys(Path data) {
    if (data == null) {
      return SecretKeys.parse(SecretKeys.generateEntry("local"));
    }
    Path file = data.resolve("webhook-secret-keys");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(data);
        Files.createFile(
            file,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, SecretKeys.generateEntry("local") + "\n");
      }
      return SecretKeys.parse(Files.readString(file).trim());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String stateRoot(Path data) {
    try {
      return (data == null ? Files.createTempDirectory("newswire-state-") : data.resolve("streams"))
          .toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Creates the topics (partitions, replication, retention, record size) and registers their
   * schemas, BACKWARD; drift on topics kept in a data directory from an earlier run (e.g. another
   * story limit) is logged.
   */
  static void provision(KafkaSettings settings, int partitions) {
    provision(settings, partitions, (short) 1);
  }

  /** {@link #provision(KafkaSettings, int)} for topics of {@code replicationFactor} replicas. */
  static void provision(KafkaSettings settings, int partitions, short replicationFactor) {
    try {
      Provisioning.provision(settings, partitions, replicationFactor)
          .forEach(
              d ->
                  log.warn(
                      "topic drift: {} (./newswire topics shows it; change the topic to fix it)",
                      d));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("could not register the schemas: " + e.getMessage(), e);
    }
  }

  private <T extends AutoCloseable> T track(T c) {
    started.push(c);
    return c;
  }

  /** The in-process broker, with one broker; null when Kafka is a {@link #cluster()}. */
  public EmbeddedKafka kafka() {
    return kafka;
  }

  /** The cluster, with more than one broker; null otherwise. */
  public KafkaCluster cluster() {
    return cluster;
  }

  /** Every broker: {@code 127.0.0.1:port,…}. */
  public String bootstrapServers() {
    return cluster != null ? cluster.bootstrapServers() : kafka.bootstrapServers();
  }

  /** How many Kafka brokers run. */
  public int brokers() {
    return cluster != null ? cluster.nodeIds().size() : 1;
  }

  /** The replication factor of the topics: the cluster's, or 1. */
  public int replicationFactor() {
    return cluster != null ? cluster.replicationFactor() : 1;
  }

  public RegistryProcess registry() {
    return registry;
  }

  public IngestService ingest() {
    return ingest;
  }

  public EnrichService enrich() {
    return enrich;
  }

  public PublishService publish() {
    return publish;
  }

  public Map<String, String> apiKeys() {
    return apiKeys;
  }

  /** The publish keys by name ({@link #subscriberKeys()}). */
  public Map<String, String> publishKeys() {
    return subscriberKeys();
  }

  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("error while stopping {}", c, e);
      }
    }
  }
}
