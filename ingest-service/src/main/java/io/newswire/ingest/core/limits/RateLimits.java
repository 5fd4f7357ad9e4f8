package io.newswire.ingest.core.limits;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-agency rate limits: a token bucket per agency, refilled continuously at {@code rate} stories
 * per second, holding at most {@code burst}. Spec, as in {@code INGEST_RATE_LIMITS}: {@code
 * agency:rate[/burst],...}, with {@code *} for every other agency (default {@code *:1000}; burst
 * defaults to the rate). Time comes from a nanosecond clock given in, so tests control it.
 */
public final class RateLimits {
  /** A limit: sustained rate per second and the largest burst. */
  public record Limit(double perSecond, double burst) {}

  private final Map<String, Limit> limits;
  private final Limit fallback;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private RateLimits(Map<String, Limit> limits, Limit fallback, LongSupplier nanoTime) {
    this.limits = Map.copyOf(limits);
    this.fallback = fallback;
    this.nanoTime = nanoTime;
  }

  public static RateLimits parse(String spec, LongSupplier nanoTime) {
    Map<String, Limit> m = new HashMap<>();
    Limit fallback = new Limit(1000, 1000);
    if (spec != null) {
      for (String entry : spec.split(",")) {
        String e = entry.trim();
        if (e.isEmpty()) {
          continue;
        }
        int colon = e.indexOf(':');
        if (colon <= 0) {
          throw new IllegalArgumentException(
              "rate limit entry must be agency:rate[/burst], got '" + e + "'");
        }
        String agency = e.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String[] rb = e.substring(colon + 1).trim().split("/", 2);
        double rate;
        double burst;
        try {
          rate = Double.parseDouble(rb[0]);
          burst = rb.length > 1 ? Double.parseDouble(rb[1]) : Math.max(1, rate);
        } catch (NumberFormatException ex) {
          throw new IllegalArgumentException(
              "rate limit of '" + agency + "' must be a number, got '" + e + "'");
        }
        if (!(rate > 0) || !(burst >= 1)) {
          throw new IllegalArgumentException(
              "rate limit of '" + agency + "' must be > 0 with a burst >= 1");
        }
        if (agency.equals("*")) {
          fallback = new Limit(rate, burst);
        } else {
          m.put(agency, new Limit(rate, burst));
        }
      }
    }
    return new RateLimits(m, fallback, nanoTime);
  }

  public Limit limitOf(String agency) {
    return limits.getOrDefault(agency, fallback);
  }

  /** Takes one token: empty when allowed, else how many nanoseconds until a token is available. */
  public OptionalLong tryAcquire(String agency) {
    Bucket b = buckets.computeIfAbsent(agency, a -> new Bucket(limitOf(a), nanoTime.getAsLong()));
    return b.take(nanoTime.getAsLong());
  }

  private static final class Bucket {
    private final Limit limit;
    private double tokens;
    private long last;

    Bucket(Limit limit, long now) {
      this.limit = limit;
      this.tokens = limit.burst();
      this.last = now;
    }

    synchronized OptionalLong take(long now) {
      if (now > last) {
        tokens = Math.min(limit.burst(), tokens + (now - last) / 1e9 * limit.perSecond());
        last = now;
      }
      if (tokens >= 1) {
        tokens -= 1;
        return OptionalLong.empty();
      }
      return OptionalLong.of((long) Math.ceil((1 - tokens) / limit.perSecond() * 1e9));
    }
  }
}
