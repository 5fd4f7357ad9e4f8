package io.newswire.publish.subscriptions;

import io.newswire.platform.Env;

/**
 * Saved subscription limits: {@code PUBLISH_MAX_SUBSCRIPTIONS_PER_SUBSCRIBER} (100: more is a 409)
 * and {@code PUBLISH_MAX_SUBSCRIPTIONS} (100000 in all: what an instance holds in memory at most).
 */
public record SubscriptionSettings(int maxPerSubscriber, int maxTotal) {
  public static final int DEFAULT_MAX_PER_SUBSCRIBER = 100;
  public static final int DEFAULT_MAX_TOTAL = 100_000;

  public SubscriptionSettings {
    if (maxPerSubscriber < 1 || maxTotal < 1) {
      throw new IllegalArgumentException(
          "PUBLISH_MAX_SUBSCRIPTIONS_PER_SUBSCRIBER and PUBLISH_MAX_SUBSCRIPTIONS must be 1 or"
              + " more");
    }
  }

  public static SubscriptionSettings defaults() {
    return new SubscriptionSettings(DEFAULT_MAX_PER_SUBSCRIBER, DEFAULT_MAX_TOTAL);
  }

  public static SubscriptionSettings from(Env env) {
    return new SubscriptionSettings(
        env.integer("PUBLISH_MAX_SUBSCRIPTIONS_PER_SUBSCRIBER", DEFAULT_MAX_PER_SUBSCRIBER),
        env.integer("PUBLISH_MAX_SUBSCRIPTIONS", DEFAULT_MAX_TOTAL));
  }
}
