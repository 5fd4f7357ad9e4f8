package io.newswire.publish.core.subscriptions;

import java.time.Instant;
import java.util.Objects;

/**
 * A saved subscription: a subscriber's ({@code owner}'s) named {@link Filter}, used by name on the
 * story list, the SSE stream and webhooks. Stored under {@link #key()}, {@code <owner>/<name>}.
 */
public record Subscription(
    String owner, String name, Filter filter, Instant createdAt, Instant updatedAt) {
  /** The longest name. */
  public static final int MAX_NAME = 64;

  public Subscription {
    Objects.requireNonNull(owner, "owner");
    checkName(name);
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (owner.isEmpty() || owner.indexOf('/') >= 0) {
      throw new IllegalArgumentException("owner: a subscriber's name, without '/'");
    }
  }

  /**
   * Checks a name: 1 to {@value #MAX_NAME} characters among a-z, 0-9, '-' and '_'; anything else is
   * an IllegalArgumentException whose message starts with {@code name:}.
   */
  public static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name: required");
    }
    if (name.length() > MAX_NAME) {
      throw new IllegalArgumentException("name: at most " + MAX_NAME + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        throw new IllegalArgumentException(
            "name: only lower-case letters a-z, digits, '-' and '_', e.g. asean-flashes");
      }
    }
    return name;
  }

  /** The record key of {@code owner}'s subscription {@code name}. */
  public static String key(String owner, String name) {
    return owner + "/" + name;
  }

  public String key() {
    return key(owner, name);
  }

  /** The same subscription saved again at {@code now} with {@code newFilter}. */
  public Subscription replacedBy(Filter newFilter, Instant now) {
    return new Subscription(owner, name, newFilter, createdAt, now);
  }

  /** Whether {@code subscriber} may see and manage it: its owner, or an admin. */
  public boolean visibleTo(String subscriber, boolean admin) {
    return admin || owner.equals(subscriber);
  }
}
