package io.newswire.publish.core;

import io.newswire.publish.core.subscriptions.Filter;
import io.newswire.publish.core.subscriptions.Subscription;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A webhook subscription: deliver every event written to news.published.v1 from {@code start} on
 * (the end of the topic when it was registered) that carries one of {@code tags} (every event when
 * empty) to {@code url}, signed with {@code secret}. {@code owner} is the subscriber that
 * registered it (its key's name); "" for a registration from before owners were recorded, which
 * only admins see. {@code maxUrgency} (1 to 9, null: none) delivers only events whose urgency is
 * known and at most it ({@link Urgency#passes}). {@code subscription} (null: none) names one of the
 * owner's saved subscriptions: an event is delivered only when it passes both the webhook's own
 * {@link #filter()} and that subscription's.
 */
public record Webhook(
    String id,
    String owner,
    String url,
    List<String> tags,
    String secret,
    Instant createdAt,
    StreamPosition start,
    Integer maxUrgency,
    String subscription) {
  /** The longest URL, the most tags, the longest tag, the shortest and longest secret. */
  public static final int MAX_URL = 2048;

  public static final int MAX_TAGS = Filter.MAX_TAGS;
  public static final int MAX_TAG = Filter.MAX_TAG;
  public static final int MIN_SECRET = 16;
  public static final int MAX_SECRET = 256;

  public Webhook {
    owner = owner == null ? "" : owner;
    tags = List.copyOf(tags);
    Urgency.checkMax(maxUrgency);
    if (subscription != null) {
      Subscription.checkName(subscription);
    }
  }

  /** A webhook without a saved subscription. */
  public Webhook(
      String id,
      String owner,
      String url,
      List<String> tags,
      String secret,
      Instant createdAt,
      StreamPosition start,
      Integer maxUrgency) {
    this(id, owner, url, tags, secret, createdAt, start, maxUrgency, null);
  }

  /** A new registration without a saved subscription (see the full one). */
  public static Webhook register(
      String owner,
      String url,
      List<String> tags,
      String secret,
      Instant now,
      StreamPosition start,
      Integer maxUrgency) {
    return register(owner, url, tags, secret, now, start, maxUrgency, null);
  }

  /**
   * A new subscription of {@code owner} from a registration request; invalid input is an
   * IllegalArgumentException naming the field. Whether {@code subscription} exists is the caller's
   * to check.
   */
  public static Webhook register(
      String owner,
      String url,
      List<String> tags,
      String secret,
      Instant now,
      StreamPosition start,
      Integer maxUrgency,
      String subscription) {
    URI u = url(url);
    Filter own = Filter.of(tags, maxUrgency); // checks tags and maxUrgency
    if (subscription != null) {
      try {
        Subscription.checkName(subscription);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("subscription: " + e.getMessage().substring(6));
      }
    }
    checkSecret(secret);
    return new Webhook(
        UUID.randomUUID().toString(),
        owner,
        u.toString(),
        own.tags(),
        secret != null ? secret : newSecret(),
        now,
        start,
        maxUrgency,
        subscription);
  }

  /**
   * A webhook URL as given, checked: absolute http or https, with a host, no user info, at most
   * {@value #MAX_URL} characters. Whether its host may be reached is another check (the address
   * policy).
   */
  public static URI url(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("url: required");
    }
    if (url.length() > MAX_URL) {
      throw new IllegalArgumentException("url: at most " + MAX_URL + " characters");
    }
    try {
      URI u = new URI(url.trim());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        throw new IllegalArgumentException(
            "url: must be an absolute http or https URL with a host name or address");
      }
      if (u.getRawUserInfo() != null) {
        throw new IllegalArgumentException("url: must not contain user info (user@)");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url: not a URL");
    }
  }

  /** A secret chosen by the subscriber: null (one is generated) or 16 to 256 characters. */
  public static void checkSecret(String secret) {
    if (secret != null && (secret.length() < MIN_SECRET || secret.length() > MAX_SECRET)) {
      throw new IllegalArgumentException(
          "secret: "
              + MIN_SECRET
              + " to "
              + MAX_SECRET
              + " characters (or leave it out to get a generated one)");
    }
  }

  /** The subscription as listed: without its secret. */
  public Webhook withoutSecret() {
    return withSecret(null);
  }

  /** The same subscription with another secret (a rotation). */
  public Webhook withSecret(String newSecret) {
    return new Webhook(id, owner, url, tags, newSecret, createdAt, start, maxUrgency, subscription);
  }

  /** The same subscription delivering from {@code newStart}. */
  public Webhook withStart(StreamPosition newStart) {
    return new Webhook(id, owner, url, tags, secret, createdAt, newStart, maxUrgency, subscription);
  }

  /** Whether {@code subscriber} may see and manage it: its owner, or an admin. */
  public boolean visibleTo(String subscriber, boolean admin) {
    return admin || (!owner.isEmpty() && owner.equals(subscriber));
  }

  public static String newSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * The webhook's own filter: one of its tags (any when it has none) and its maxUrgency. A saved
   * {@link #subscription} is another filter the event must pass as well.
   */
  public Filter filter() {
    return Filter.of(tags, maxUrgency);
  }
}
