package io.newswire.platform;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the broker and the schema registry are, shared by every service.
 *
 * <ul>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} (default {@code 127.0.0.1:9092})
 *   <li>{@code REGISTRY_URL}: the Apicurio Registry base URL (default {@code http://127.0.0.1:8085}); the serdes use its
 *       {@code /apis/registry/v2} API, Confluent-compatible clients its {@code /apis/ccompat/v7} API.
 *   <li>{@code KAFKA_CLIENT_*}: any other Kafka client setting, e.g. {@code KAFKA_CLIENT_SECURITY_PROTOCOL=SASL_SSL}
 *       becomes {@code security.protocol=SASL_SSL}.
 * </ul>
 */
public record KafkaSettings(String bootstrapServers, String registryUrl, Map<String, String> clientOverrides) {

  public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
  public static final String DEFAULT_REGISTRY = "http://127.0.0.1:8085";

  public KafkaSettings {
    registryUrl = stripTrailingSlash(registryUrl);
    clientOverrides = Map.copyOf(clientOverrides);
  }

  public KafkaSettings(String bootstrapServers, String registryUrl) {
    this(bootstrapServers, registryUrl, Map.of());
  }

  public static KafkaSettings from(Env env) {
    Map<String, String> overrides = new HashMap<>();
    env.withPrefix("KAFKA_CLIENT_").forEach((k, v) -> overrides.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v));
    return new KafkaSettings(
        env.string("KAFKA_BOOTSTRAP_SERVERS", DEFAULT_BOOTSTRAP),
        env.string("REGISTRY_URL", DEFAULT_REGISTRY),
        overrides);
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

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
