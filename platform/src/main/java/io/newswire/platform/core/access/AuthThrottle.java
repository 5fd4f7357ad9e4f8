package io.newswire.platform.core.access;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Throttles guessing: a client address that failed authentication {@code maxFailures} times within
 * {@code window} is refused for {@code lockout} (the caller answers 429 with Retry-After), whatever
 * key it presents. A success clears the address's count. At most {@code maxClients} addresses are
 * remembered (the least recently seen is forgotten first), so a flood of addresses costs bounded
 * memory. Time comes from a nanosecond clock given in, so tests control it.
 */
public final class AuthThrottle {
  /** The defaults: 10 failures a minute lock an address out for a minute; 100,000 addresses. */
  public static final int DEFAULT_MAX_FAILURES = 10;

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  public static final Duration DEFAULT_LOCKOUT = Duration.ofMinutes(1);
  public static final int DEFAULT_MAX_CLIENTS = 100_000;

  private static final class Failures {
    long windowStart;
    int count;
    long blockedUntil;
  }

  private final int maxFailures;
  private final long windowNanos;
  private final long lockoutNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Failures> clients;

  public AuthThrottle(
      int maxFailures, Duration window, Duration lockout, int maxClients, LongSupplier nanoTime) {
    if (maxFailures < 1 || maxClients < 1) {
      throw new IllegalArgumentException("maxFailures and maxClients must be at least 1");
    }
    this.maxFailures = maxFailures;
    this.windowNanos = window.toNanos();
    this.lockoutNanos = lockout.toNanos();
    this.nanoTime = nanoTime;
    this.clients =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > maxClients;
          }
        };
  }

  public static AuthThrottle defaults(LongSupplier nanoTime) {
    return new AuthThrottle(
        DEFAULT_MAX_FAILURES, DEFAULT_WINDOW, DEFAULT_LOCKOUT, DEFAULT_MAX_CLIENTS, nanoTime);
  }

  /** Seconds (at least 1) the client must wait before trying again, if it is locked out. */
  public synchronized OptionalLong lockedOut(String client) {
    Failures f = clients.get(client);
    long now = nanoTime.getAsLong();
    if (f == null || f.blockedUntil - now <= 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.max(1, (f.blockedUntil - now + 999_999_999L) / 1_000_000_000L));
  }

  /** Counts a failed authentication of {@code client}. */
  public synchronized void failed(String client) {
    long now = nanoTime.getAsLong();
    Failures f = clients.computeIfAbsent(client, c -> new Failures());
    if (f.count == 0 || now - f.windowStart > windowNanos) {
      f.windowStart = now;
      f.count = 0;
    }
    f.count++;
    if (f.count >= maxFailures) {
      f.blockedUntil = now + lockoutNanos;
      f.count = 0;
    }
  }

  /** A successful authentication: the client's failures are forgotten. */
  public synchronized void succeeded(String client) {
    Failures f = clients.get(client);
    if (f != null && f.blockedUntil - nanoTime.getAsLong() <= 0) {
      clients.remove(client);
    }
  }

  synchronized int remembered() {
    return clients.size();
  }
}
