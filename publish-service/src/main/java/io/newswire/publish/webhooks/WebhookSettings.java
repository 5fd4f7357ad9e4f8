package io.newswire.publish.webhooks;

import io.newswire.platform.Env;
import io.newswire.publish.core.Backoff;
import java.time.Duration;

/**
 * Webhook delivery settings: {@code PUBLISH_WEBHOOK_MAX_ATTEMPTS} (6), {@code
 * PUBLISH_WEBHOOK_BACKOFF_MS} (500, doubled after each failed attempt), {@code
 * PUBLISH_WEBHOOK_MAX_BACKOFF_MS} (30000), {@code PUBLISH_WEBHOOK_TIMEOUT_MS} (10000, per attempt).
 */
public record WebhookSettings(Backoff backoff, Duration timeout) {
  public static WebhookSettings defaults() {
    return new WebhookSettings(
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 6), Duration.ofSeconds(10));
  }

  public static WebhookSettings from(Env env) {
    return new WebhookSettings(
        new Backoff(
            Duration.ofMillis(env.integer("PUBLISH_WEBHOOK_BACKOFF_MS", 500)),
            Duration.ofMillis(env.integer("PUBLISH_WEBHOOK_MAX_BACKOFF_MS", 30_000)),
            env.integer("PUBLISH_WEBHOOK_MAX_ATTEMPTS", 6)),
        Duration.ofMillis(env.integer("PUBLISH_WEBHOOK_TIMEOUT_MS", 10_000)));
  }

  /**
   * The longest one record can keep a subscriber's consumer from polling: every attempt times out.
   */
  Duration worstCasePerRecord() {
    Duration d = Duration.ZERO;
    for (int a = 1; a <= backoff.maxAttempts(); a++) {
      d = d.plus(timeout).plus(backoff.retryAfter(a) ? backoff.delayAfter(a) : Duration.ZERO);
    }
    return d;
  }
}
