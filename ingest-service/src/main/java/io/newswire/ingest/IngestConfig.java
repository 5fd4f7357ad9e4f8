package io.newswire.ingest;

import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.AccessSettings;
import io.newswire.platform.Env;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.StoryLimits;
import io.newswire.platform.core.access.KeyRing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * ingest-service settings, from environment variables:
 *
 * <ul>
 *   <li>{@code INGEST_HOST} (default 127.0.0.1), {@code INGEST_PORT} (default 8080)
 *   <li>{@code INGEST_API_KEYS}: {@code agency:sha256hex,...}, the SHA-256 of each agency's key (no
 *       default: with none, every request is refused with 401)
 *   <li>{@code INGEST_API_KEYS_FILE}: a file of the same entries (one a line or comma-separated,
 *       {@code #} comments), re-read within a second of a change: keys are rotated without a
 *       restart
 *   <li>{@code NEWSWIRE_MAX_STORY_BYTES} (default 1048576; {@code INGEST_MAX_BODY_BYTES} is its
 *       deprecated alias): the largest story: a larger body gets 413, a larger feed item is skipped
 *       ({@link StoryLimits}, carried by {@link KafkaSettings})
 *   <li>{@code INGEST_RATE_LIMITS} (default {@code *:1000}): {@code agency:perSecond[/burst],...};
 *       over it, 429
 *   <li>{@code INGEST_INSTANCE_ID} (default {@code <hostname>-<port>}): this instance's Kafka
 *       transactional id prefix; stable across restarts so a restarted instance fences its
 *       predecessor's unfinished transaction
 *   <li>{@code INGEST_WRITERS} (default 2): transactional producers committing in parallel
 *   <li>{@code INGEST_FEEDS} (default none): RSS/Atom feeds to poll, {@code
 *       agency=url@intervalSeconds;...} (see {@link
 *       io.newswire.ingest.core.feeds.FeedSubscription})
 *   <li>{@code INGEST_FEED_TIMEOUT_SECONDS} (default 30): the longest one poll of a feed may take,
 *       connection, headers and body; a feed server that has not sent its whole answer by then
 *       fails that poll
 *   <li>{@link AccessSettings}: {@code NEWSWIRE_ADMIN_KEYS}, {@code NEWSWIRE_ADMIN_KEYS_FILE}
 *       (operators' keys: {@code /metrics}), {@code NEWSWIRE_AUTH_MAX_FAILURES}, {@code
 *       NEWSWIRE_AUTH_LOCKOUT_SECONDS} (the throttle of failed authentications)
 *   <li>plus {@link KafkaSettings}: {@code KAFKA_BOOTSTRAP_SERVERS}, {@code REGISTRY_URL}, {@code
 *       KAFKA_CLIENT_*}
 * </ul>
 *
 * <p>{@code maxBodyBytes} is the story limit of {@code kafka} ({@link
 * KafkaSettings#storyLimits()}), the one setting the producers' and topics' record limits derive
 * from; a config where they differ is refused.
 */
public record IngestConfig(
    String host,
    int port,
    KeyRing apiKeys,
    int maxBodyBytes,
    KafkaSettings kafka,
    Path apiKeysFile,
    String rateLimits,
    String instanceId,
    int writers,
    String feeds,
    Duration feedTimeout,
    AccessSettings access) {
  public static final Duration DEFAULT_FEED_TIMEOUT = Duration.ofSeconds(30);

  public IngestConfig {
    if (access == null) {
      access = AccessSettings.defaults();
    }
    if (maxBodyBytes != kafka.storyLimits().maxStoryBytes()) {
      throw new IllegalArgumentException(
          "maxBodyBytes "
              + maxBodyBytes
              + " is not the story limit of the Kafka "
              + "settings ("
              + kafka.storyLimits().describe()
              + ")");
    }
  }

  /**
   * Defaults for the rest: no key file, {@code *:1000}, a random instance id, 2 writers, no feeds.
   * {@code maxBodyBytes} becomes the story limit of {@code kafka}.
   */
  public IngestConfig(
      String host, int port, KeyRing apiKeys, int maxBodyBytes, KafkaSettings kafka) {
    this(
        host,
        port,
        apiKeys,
        maxBodyBytes,
        kafka.withStoryLimits(new StoryLimits(maxBodyBytes)),
        null,
        "*:1000",
        "ingest-" + UUID.randomUUID(),
        2,
        "",
        DEFAULT_FEED_TIMEOUT,
        AccessSettings.defaults());
  }

  public static IngestConfig from(Env env) {
    int port = env.integer("INGEST_PORT", 8080);
    String file = env.string("INGEST_API_KEYS_FILE", "");
    KafkaSettings kafka = KafkaSettings.from(env);
    return new IngestConfig(
        env.string("INGEST_HOST", "127.0.0.1"),
        port,
        ApiKeys.parse(env.string("INGEST_API_KEYS", "")),
        kafka.storyLimits().maxStoryBytes(),
        kafka,
        file.isBlank() ? null : Path.of(file),
        env.string("INGEST_RATE_LIMITS", "*:1000"),
        env.string("INGEST_INSTANCE_ID", hostname() + "-" + port),
        env.integer("INGEST_WRITERS", 2),
        env.string("INGEST_FEEDS", ""),
        Duration.ofSeconds(
            env.integer("INGEST_FEED_TIMEOUT_SECONDS", (int) DEFAULT_FEED_TIMEOUT.toSeconds())),
        AccessSettings.from(env));
  }

  public IngestConfig withPort(int p) {
    return with(s -> s.port = p);
  }

  public IngestConfig withApiKeysFile(Path f) {
    return with(s -> s.apiKeysFile = f);
  }

  public IngestConfig withRateLimits(String spec) {
    return with(s -> s.rateLimits = spec);
  }

  public IngestConfig withInstanceId(String id) {
    return with(s -> s.instanceId = id);
  }

  public IngestConfig withWriters(int n) {
    return with(s -> s.writers = n);
  }

  public IngestConfig withFeeds(String spec) {
    return with(s -> s.feeds = spec);
  }

  public IngestConfig withFeedTimeout(Duration t) {
    return with(s -> s.feedTimeout = t);
  }

  /** With these operator keys and throttle ({@link AccessSettings}). */
  public IngestConfig withAccess(AccessSettings a) {
    return with(s -> s.access = a);
  }

  /** This config with some settings changed; the canonical constructor checks the result again. */
  private IngestConfig with(Consumer<Settings> change) {
    Settings s = new Settings(this);
    change.accept(s);
    return s.config();
  }

  /** A config's settings as variables, for {@link #with}. */
  private static final class Settings {
    private String host;
    private int port;
    private KeyRing apiKeys;
    private int maxBodyBytes;
    private KafkaSettings kafka;
    private Path apiKeysFile;
    private String rateLimits;
    private String instanceId;
    private int writers;
    private String feeds;
    private Duration feedTimeout;
    private AccessSettings access;

    private Settings(IngestConfig c) {
      host = c.host();
      port = c.port();
      apiKeys = c.apiKeys();
      maxBodyBytes = c.maxBodyBytes();
      kafka = c.kafka();
      apiKeysFile = c.apiKeysFile();
      rateLimits = c.rateLimits();
      instanceId = c.instanceId();
      writers = c.writers();
      feeds = c.feeds();
      feedTimeout = c.feedTimeout();
      access = c.access();
    }

    private IngestConfig config() {
      return new IngestConfig(
          host,
          port,
          apiKeys,
          maxBodyBytes,
          kafka,
          apiKeysFile,
          rateLimits,
          instanceId,
          writers,
          feeds,
          feedTimeout,
          access);
    }
  }

  private static String hostname() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "ingest";
    }
  }
}
