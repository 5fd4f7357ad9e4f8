package io.newswire.publish.core;

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
 * empty) to {@code url}, signed with {@code secret}.
 */
public record Webhook(
    String id,
    String url,
    List<String> tags,
    String secret,
    Instant createdAt,
    StreamPosition start) {
  public Webhook {
    tags = List.copyOf(tags);
  }

  /**
   * A new subscription from a registration request; invalid input is an IllegalArgumentException
   * naming the field.
   */
  public static Webhook register(
      String url, List<String> tags, String secret, Instant now, StreamPosition start) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("url: required");
    }
    try {
      URI u = new URI(url.trim());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        throw new IllegalArgumentException("url: must be an absolute http or https URL");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url: not a URL (" + e.getReason() + ")");
    }
    List<String> t =
        tags == null ? List.of() : tags.stream().map(s -> s == null ? "" : s.trim()).toList();
    if (t.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("tags: must not contain empty tags");
    }
    if (secret != null && secret.length() < 16) {
      throw new IllegalArgumentException(
          "secret: at least 16 characters (or leave it out to get a generated one)");
    }
    return new Webhook(
        UUID.randomUUID().toString(),
        url.trim(),
        t.stream().distinct().toList(),
        secret != null ? secret : newSecret(),
        now,
        start);
  }

  /** The subscription as listed: without its secret. */
  public Webhook withoutSecret() {
    return new Webhook(id, url, tags, null, createdAt, start);
  }

  static String newSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Whether an event with these subject codes goes to this subscriber. */
  public boolean wants(List<String> subjectCodes) {
    return tags.isEmpty() || subjectCodes.stream().anyMatch(tags::contains);
  }
}
