package io.newswire.publish.core;

import java.time.Duration;

/**
 * Limits of the SSE event stream: at most {@code perSubscriber} streams open per subscriber ({@code
 * PUBLISH_MAX_STREAMS_PER_SUBSCRIBER}, 4; over it, 429) and {@code total} per instance ({@code
 * PUBLISH_MAX_STREAMS}, 64; over it, 503), both with Retry-After {@code retryAfter}; {@code
 * heartbeat} is how often an idle stream sends a comment, which is also how soon a vanished client
 * is noticed and its slot freed.
 */
public record StreamLimits(int perSubscriber, int total, Duration heartbeat, Duration retryAfter) {
  public static final int DEFAULT_PER_SUBSCRIBER = 4;
  public static final int DEFAULT_TOTAL = 64;
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);

  public StreamLimits {
    if (perSubscriber < 1) {
      throw new IllegalArgumentException(
          "PUBLISH_MAX_STREAMS_PER_SUBSCRIBER must be at least 1, got " + perSubscriber);
    }
    if (total < 1) {
      throw new IllegalArgumentException("PUBLISH_MAX_STREAMS must be at least 1, got " + total);
    }
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("the heartbeat must be positive");
    }
    if (retryAfter.toSeconds() < 1) {
      throw new IllegalArgumentException("Retry-After must be at least 1 s");
    }
  }

  public static StreamLimits defaults() {
    return new StreamLimits(
        DEFAULT_PER_SUBSCRIBER, DEFAULT_TOTAL, DEFAULT_HEARTBEAT, DEFAULT_RETRY_AFTER);
  }

  public StreamLimits withHeartbeat(Duration h) {
    return new StreamLimits(perSubscriber, total, h, retryAfter);
  }
}
