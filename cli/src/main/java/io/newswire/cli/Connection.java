package io.newswire.cli;

import io.newswire.platform.Env;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.StoryLimits;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Option;

/**
 * Where the cluster and the registry are: flags, else environment variables, else the local
 * defaults. SASL and TLS settings come from a Kafka client properties file ({@code
 * --command-config}, as Kafka's own tools take it) or from {@code KAFKA_CLIENT_*} variables. The
 * story size limit ({@code --max-story-bytes}, else {@code NEWSWIRE_MAX_STORY_BYTES}) sets what
 * producers send and what topics are expected to take, as in the services.
 */
public final class Connection {
  @Option(
      names = {"-b", "--bootstrap-servers"},
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers [env KAFKA_BOOTSTRAP_SERVERS, default 127.0.0.1:9092]")
  String bootstrapServers;

  @Option(
      names = "--registry-url",
      paramLabel = "URL",
      description = "Apicurio Registry base URL [env REGISTRY_URL, default http://127.0.0.1:8085]")
  String registryUrl;

  @Option(
      names = "--command-config",
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, sasl.*, ssl.*) for a secured cluster, e.g."
              + " SASL/SCRAM as the operator principal (docs/kafka-security.md); they win over"
              + " KAFKA_CLIENT_*")
  Path commandConfig;

  @Option(
      names = "--max-story-bytes",
      paramLabel = "BYTES",
      description =
          "Largest story: producers send, and story topics take, records of 4 x BYTES + 1 MiB "
              + "[env NEWSWIRE_MAX_STORY_BYTES, default 1048576]")
  Integer maxStoryBytes;

  /** For tests: settings given directly instead of through flags or the environment. */
  static Map<String, String> environmentOverride;

  public KafkaSettings settings() {
    Env env = new Env(environmentOverride != null ? environmentOverride : System.getenv());
    KafkaSettings fromEnv = KafkaSettings.from(env);
    Map<String, String> client = new HashMap<>(fromEnv.clientOverrides());
    if (commandConfig != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(commandConfig)) {
        p.load(r);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read --command-config " + commandConfig, e);
      }
      p.stringPropertyNames().forEach(k -> client.put(k, p.getProperty(k)));
    }
    return new KafkaSettings(
        bootstrapServers != null ? bootstrapServers : fromEnv.bootstrapServers(),
        registryUrl != null ? registryUrl : fromEnv.registryUrl(),
        client,
        maxStoryBytes != null ? new StoryLimits(maxStoryBytes) : fromEnv.storyLimits());
  }

  /**
   * Consumer settings for reading what a topic holds: committed records only, no offsets committed.
   */
  public Map<String, Object> readerProps() {
    Map<String, Object> props = settings().clientProps();
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", false);
    return props;
  }

  /**
   * Producer settings for writing records that must not be lost or doubled: acks=all, idempotent,
   * and records as large as the story limits allow (a redriven or replayed story is as large as it
   * was).
   */
  public Map<String, Object> writerProps() {
    Map<String, Object> props = settings().producerProps();
    props.put("acks", "all");
    props.put("enable.idempotence", true);
    return props;
  }

  public Admin admin() {
    Map<String, Object> props = settings().clientProps();
    props.putIfAbsent("default.api.timeout.ms", 15_000);
    props.putIfAbsent("request.timeout.ms", 10_000);
    return Admin.create(props);
  }
}
