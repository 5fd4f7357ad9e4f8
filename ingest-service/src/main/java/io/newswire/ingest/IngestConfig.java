package io.newswire.ingest;

import io.newswire.ingest.core.ApiKeys;
import io.newswire.platform.Env;
import io.newswire.platform.KafkaSettings;

/**
 * ingest-service settings, from environment variables:
 * <ul>
 *   <li>{@code INGEST_HOST} (default 127.0.0.1), {@code INGEST_PORT} (default 8080)
 *   <li>{@code INGEST_API_KEYS}: {@code agency:sha256hex,...}, the SHA-256 of each agency's key (no default: with
 *       none, every request is refused with 401)
 *   <li>{@code INGEST_MAX_BODY_BYTES} (default 1048576): larger bodies get 413
 *   <li>plus {@link KafkaSettings}: {@code KAFKA_BOOTSTRAP_SERVERS}, {@code REGISTRY_URL}, {@code KAFKA_CLIENT_*}
 * </ul>
 */
public record IngestConfig(String host, int port, ApiKeys apiKeys, int maxBodyBytes, KafkaSettings kafka) {

  public static IngestConfig from(Env env) {
    return new IngestConfig(
        env.string("INGEST_HOST", "127.0.0.1"),
        env.integer("INGEST_PORT", 8080),
        ApiKeys.parse(env.string("INGEST_API_KEYS", "")),
        env.integer("INGEST_MAX_BODY_BYTES", 1 << 20),
        KafkaSettings.from(env));
  }

  public IngestConfig withPort(int p) {
    return new IngestConfig(host, p, apiKeys, maxBodyBytes, kafka);
  }
}
