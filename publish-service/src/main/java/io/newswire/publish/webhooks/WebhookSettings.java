package io.newswire.publish.webhooks;

import io.newswire.platform.Env;
import io.newswire.platform.core.net.AddressPolicy;
import io.newswire.publish.core.Backoff;
import io.newswire.publish.core.SecretKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Webhook settings: {@code PUBLISH_WEBHOOK_MAX_ATTEMPTS} (6), {@code PUBLISH_WEBHOOK_BACKOFF_MS}
 * (500, doubled after each failed attempt), {@code PUBLISH_WEBHOOK_MAX_BACKOFF_MS} (30000), {@code
 * PUBLISH_WEBHOOK_TIMEOUT_MS} (10000, per attempt), {@code PUBLISH_MAX_WEBHOOKS_PER_SUBSCRIBER}
 * (20), {@code PUBLISH_WEBHOOK_ALLOWED_ADDRESSES} (addresses or CIDRs inside the network that
 * webhooks may reach nonetheless, e.g. {@code 127.0.0.1}; none by default: {@link AddressPolicy}),
 * {@code PUBLISH_WEBHOOK_SECRET_KEYS} and {@code PUBLISH_WEBHOOK_SECRET_KEYS_FILE} (the keys that
 * seal webhook secrets at rest, {@link SecretKeys}; the variable's keys first, then the file's;
 * without any key, webhooks cannot be registered).
 *
 * <p>{@code resolver} looks up webhook host names (the system's resolver; tests give their own).
 */
public record WebhookSettings(
    Backoff backoff,
    Duration timeout,
    int maxPerSubscriber,
    AddressPolicy addresses,
    SecretKeys secretKeys,
    AddressPolicy.Resolver resolver) {
  public static final int DEFAULT_MAX_PER_SUBSCRIBER = 20;

  /** Delivery settings, with the defaults for the rest: strict addresses and no secret key. */
  public WebhookSettings(Backoff backoff, Duration timeout) {
    this(
        backoff,
        timeout,
        DEFAULT_MAX_PER_SUBSCRIBER,
        AddressPolicy.strict(),
        SecretKeys.none(),
        InetAddress::getAllByName);
  }

  public static WebhookSettings defaults() {
    return new WebhookSettings(
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 6), Duration.ofSeconds(10));
  }

  public static WebhookSettings from(Env env) {
    String keys = env.string("PUBLISH_WEBHOOK_SECRET_KEYS", "");
    String file = env.string("PUBLISH_WEBHOOK_SECRET_KEYS_FILE", "");
    if (!file.isBlank()) {
      try {
        keys = keys + "\n" + Files.readString(Path.of(file), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read PUBLISH_WEBHOOK_SECRET_KEYS_FILE (" + file + ")", e);
      }
    }
    return new WebhookSettings(
        new Backoff(
            Duration.ofMillis(env.integer("PUBLISH_WEBHOOK_BACKOFF_MS", 500)),
            Duration.ofMillis(env.integer("PUBLISH_WEBHOOK_MAX_BACKOFF_MS", 30_000)),
            env.integer("PUBLISH_WEBHOOK_MAX_ATTEMPTS", 6)),
        Duration.ofMillis(env.integer("PUBLISH_WEBHOOK_TIMEOUT_MS", 10_000)),
        env.integer("PUBLISH_MAX_WEBHOOKS_PER_SUBSCRIBER", DEFAULT_MAX_PER_SUBSCRIBER),
        AddressPolicy.allowing(env.string("PUBLISH_WEBHOOK_ALLOWED_ADDRESSES", "")),
        SecretKeys.parse(keys),
        InetAddress::getAllByName);
  }

  public WebhookSettings withMaxPerSubscriber(int max) {
    return new WebhookSettings(backoff, timeout, max, addresses, secretKeys, resolver);
  }

  public WebhookSettings withAddresses(AddressPolicy policy) {
    return new WebhookSettings(backoff, timeout, maxPerSubscriber, policy, secretKeys, resolver);
  }

  public WebhookSettings withSecretKeys(SecretKeys keys) {
    return new WebhookSettings(backoff, timeout, maxPerSubscriber, addresses, keys, resolver);
  }

  public WebhookSettings withResolver(AddressPolicy.Resolver r) {
    return new WebhookSettings(backoff, timeout, maxPerSubscriber, addresses, secretKeys, r);
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

  @Override
  public String toString() {
    return "WebhookSettings[backoff="
        + backoff
        + ", timeout="
        + timeout
        + ", maxPerSubscriber="
        + maxPerSubscriber
        + ", allowed="
        + addresses.allowed()
        + ", secretKeys="
        + secretKeys
        + "]";
  }
}
