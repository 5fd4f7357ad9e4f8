package io.newswire.platform;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the broker and the schema registry are, and how large a story may be, shared by every
 * service, the CLI and provisioning.
 *
 * <ul>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} (default {@code 127.0.0.1:9092})
 *   <li>{@code REGISTRY_URL}: the Apicurio Registry base URL (default {@code
 *       http://127.0.0.1:8085}); the serdes use its {@code /apis/registry/v2} API,
 *       Confluent-compatible clients its {@code /apis/ccompat/v7} API.
 *   <li>{@code KAFKA_CLIENT_*}: any other Kafka client setting, e.g. {@code
 *       KAFKA_CLIENT_SECURITY_PROTOCOL=SASL_SSL} becomes {@code security.protocol=SASL_SSL}.
 *   <li>{@code NEWSWIRE_MAX_STORY_BYTES} (alias {@code INGEST_MAX_BODY_BYTES}, deprecated): the
 *       largest story, from which producers' {@code max.request.size} and topics' {@code
 *       max.message.bytes} derive ({@link StoryLimits}); the derived values win over the same
 *       settings given through {@code KAFKA_CLIENT_*}.
 * </ul>
 */
public record KafkaSettings(
    String bootstrapServers,
    String registryUrl,
    Map<String, String> clientOverrides,
    StoryLimits storyLimits) {
  private static final Logger log = LoggerFactory.getLogger(KafkaSettings.class);

  public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
  public static final String DEFAULT_REGISTRY = "http://127.0.0.1:8085";

  public KafkaSettings {
    registryUrl = stripTrailingSlash(registryUrl);
    clientOverrides = Map.copyOf(clientOverrides);
    java.util.Objects.requireNonNull(storyLimits, "storyLimits");
  }

  /** With the default story limits. */
  public KafkaSettings(
      String bootstrapServers, String registryUrl, Map<String, String> clientOverrides) {
    this(bootstrapServers, registryUrl, clientOverrides, StoryLimits.DEFAULT);
  }

  /** With no client overrides and the default story limits. */
  public KafkaSettings(String bootstrapServers, String registryUrl) {
    this(bootstrapServers, registryUrl, Map.of());
  }

  public static KafkaSettings from(Env env) {
    Map<String, String> overrides = new HashMap<>();
    env.withPrefix("KAFKA_CLIENT_")
        .forEach((k, v) -> overrides.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v));
    if (StoryLimits.usesDeprecatedAlias(env)) {
      log.warn(
          "{} is deprecated: set {} (the same value) instead",
          StoryLimits.DEPRECATED_ENV,
          StoryLimits.ENV);
    }
    return new KafkaSettings(
        env.string("KAFKA_BOOTSTRAP_SERVERS", DEFAULT_BOOTSTRAP),
        env.string("REGISTRY_URL", DEFAULT_REGISTRY),
        overrides,
        StoryLimits.from(env));
  }

  public KafkaSettings withStoryLimits(StoryLimits limits) {
    return new KafkaSettings(bootstrapServers, registryUrl, clientOverrides, limits);
  }

  /** The Apicurio v2 REST API the serdes talk to. */
  public String registryApiV2() {
    return registryUrl + "/apis/registry/v2";
  }

  /** The Confluent-compatible API, for Confluent clients and for governance calls. */
  public String registryCcompat() {
    return registryUrl + "/apis/ccompat/v7";
  }

  /** Settings every Kafka client (producer, consumer, admin, Streams) starts from. */
  public Map<String, Object> clientProps() {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.putAll(clientOverrides);
    return props;
  }

  /**
   * The producer settings the story limits fix: {@code max.request.size} (a record up to {@link
   * StoryLimits#maxRecordBytes()}) and a {@code buffer.memory} that can hold it. Streams apps take
   * them with the producer prefix ({@link StreamsApp#properties}).
   */
  public Map<String, Object> producerLimits() {
    return Map.of(
        "max.request.size",
        storyLimits.maxRecordBytes(),
        "buffer.memory",
        storyLimits.producerBufferBytes());
  }

  /** {@link #clientProps()} for a producer: with {@link #producerLimits()}. */
  public Map<String, Object> producerProps() {
    Map<String, Object> props = clientProps();
    props.putAll(producerLimits());
    return props;
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
