package io.newswire.local;

import io.newswire.enrich.EnrichService;
import io.newswire.infra.EmbeddedKafka;
import io.newswire.infra.RegistryProcess;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.ApiKeys;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Provisioning;
import io.newswire.platform.StoryLimits;
import io.newswire.platform.Topics;
import io.newswire.publish.PublishService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on this machine, in one process: a KRaft broker, Apicurio Registry (child process), the
 * topics and schemas, and the three services. For development and demos; production runs each service on its own
 * (see docker-compose.yml).
 */
public final class LocalPipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalPipeline.class);

  /** Agencies that get a local API key: {@code local-<agency>-key}. */
  public static final List<String> LOCAL_AGENCIES = List.of("vov", "vna", "afp", "reuters", "ap", "antara",
      "bernama", "thainews", "dpa", "efe", "kpl", "xinhua", "pna");

  /** Ports, storage and the story size limit; 0 picks a free port. */
  public record Options(int kafkaPort, int registryPort, int ingestPort, int enrichPort, int publishPort,
      Path dataDir, int partitions, StoryLimits storyLimits) {
    /** With the default story limits. */
    public Options(int kafkaPort, int registryPort, int ingestPort, int enrichPort, int publishPort, Path dataDir,
        int partitions) {
      this(kafkaPort, registryPort, ingestPort, enrichPort, publishPort, dataDir, partitions, StoryLimits.DEFAULT);
    }
  }

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private EmbeddedKafka kafka;
  private RegistryProcess registry;
  private IngestService ingest;
  private EnrichService enrich;
  private PublishService publish;
  private final Map<String, String> apiKeys = new LinkedHashMap<>();

  public static Map<String, String> localKeys() {
    return LOCAL_AGENCIES.stream().collect(Collectors.toMap(a -> a, a -> "local-" + a + "-key", (a, b) -> a,
        LinkedHashMap::new));
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
    kafka = track(EmbeddedKafka.start(new EmbeddedKafka.Options(o.kafkaPort(),
        data == null ? null : data.resolve("kafka"), o.partitions())));
    RegistryProcess.Options ro = RegistryProcess.Options.defaults().withPort(o.registryPort());
    if (data != null) {
      ro = ro.withDataDir(data.resolve("registry")).withLogFile(data.resolve("registry.log"));
    }
    registry = track(RegistryProcess.start(ro));
    KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers(), registry.baseUrl(), Map.of(),
        o.storyLimits());
    provision(settings, o.partitions());

    String stateRoot = stateRoot(data);
    enrich = track(EnrichService.start(new EnrichService.Config("127.0.0.1", o.enrichPort(), "newswire-enrich",
        stateRoot + "/enrich", settings)));
    publish = track(PublishService.start(new PublishService.Config("127.0.0.1", o.publishPort(), "newswire-publish",
        stateRoot + "/publish", settings)));
    apiKeys.putAll(localKeys());
    String keySpec = apiKeys.entrySet().stream().map(e -> e.getKey() + ":" + ApiKeys.sha256Hex(e.getValue()))
        .collect(Collectors.joining(","));
    ingest = track(IngestService.start(new IngestConfig("127.0.0.1", o.ingestPort(), ApiKeys.parse(keySpec),
        settings.storyLimits().maxStoryBytes(), settings)));
  }

  private static String stateRoot(Path data) {
    try {
      return (data == null ? Files.createTempDirectory("newswire-state-") : data.resolve("streams")).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Creates the topics (partitions, retention, record size) and registers their schemas, BACKWARD; drift on topics
   * kept in a data directory from an earlier run (e.g. another story limit) is logged.
   */
  static void provision(KafkaSettings settings, int partitions) {
    try {
      Provisioning.provision(settings, Topics.all(partitions, settings.storyLimits()), (short) 1)
          .forEach(d -> log.warn("topic drift: {} (./newswire topics shows it; change the topic to fix it)", d));
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

  public EmbeddedKafka kafka() {
    return kafka;
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
