package io.newswire.publish.core;

import java.time.Duration;

/**
 * Exponential backoff between webhook delivery attempts: first, 2×first, 4×first…, never more than
 * max.
 */
public record Backoff(Duration first, Duration max, int maxAttempts) {
  public Backoff {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || maxAttempts < 1) {
      throw new IllegalArgumentException("backoff needs 0 < first <= max and at least one attempt");
    }
  }

  /** The wait after failed attempt {@code attempt} (1-based) before the next one. */
  public Duration delayAfter(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts count from 1");
    }
    int shift = Math.min(attempt - 1, 30);
    long ms = first.toMillis() << shift;
    return ms <= 0 || ms > max.toMillis() ? max : Duration.ofMillis(ms);
  }

  /**
   * Whether another attempt follows failed attempt {@code attempt}; when not, the delivery is
   * parked.
   */
  public boolean retryAfter(int attempt) {
    return attempt < maxAttempts;
  }
}
