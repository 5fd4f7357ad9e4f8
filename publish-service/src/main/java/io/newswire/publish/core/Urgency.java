package io.newswire.publish.core;

import io.newswire.publish.core.subscriptions.Filter;
import io.newswire.schema.v1.NewsEvent;

/**
 * A subscriber's {@code maxUrgency} (the list, the stream, webhooks and saved subscriptions): its
 * parsing; the rule itself is {@link Filter}'s, like every criterion of which events a subscriber
 * gets. Urgency is the agency's, 1 (most urgent) to 9 (least); 1–2 is a flash.
 *
 * <p>An event passes when no {@code maxUrgency} is asked, or when its urgency is known and at most
 * {@code maxUrgency}: a story without urgency is never taken for an urgent one.
 */
public final class Urgency {
  /** The parameter (query parameter, webhook field) that asks for it. */
  public static final String MAX_URGENCY = "maxUrgency";

  public static final int MOST_URGENT = 1;
  public static final int LEAST_URGENT = 9;

  private Urgency() {}

  /**
   * A {@code maxUrgency} as a request wrote it: null when absent or blank, else a whole number from
   * 1 to 9; anything else is an IllegalArgumentException whose message starts with {@code
   * maxUrgency:}.
   */
  public static Integer parseMax(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.length() == 1 && v.charAt(0) >= '1' && v.charAt(0) <= '9') {
      return v.charAt(0) - '0';
    }
    throw invalid("'" + (v.length() > 20 ? v.substring(0, 20) + "..." : v) + "'");
  }

  /** Checks a {@code maxUrgency} given as a number (a webhook registration); null is none. */
  public static Integer checkMax(Integer value) {
    return Filter.checkMaxUrgency(value);
  }

  private static IllegalArgumentException invalid(String got) {
    return new IllegalArgumentException(
        MAX_URGENCY + ": must be a whole number from 1 (most urgent) to 9, got " + got);
  }

  /** Whether an event of {@code urgency} (null: unknown) passes {@code maxUrgency} (null: none). */
  public static boolean passes(Integer urgency, Integer maxUrgency) {
    return Filter.urgencyPasses(urgency, maxUrgency);
  }

  /** Whether {@code e} passes {@code maxUrgency} (null: none). */
  public static boolean passes(NewsEvent e, Integer maxUrgency) {
    return passes(e.getUrgency(), maxUrgency);
  }

  /** Whether an event of {@code urgency} is a flash (1 or 2). */
  public static boolean isFlash(Integer urgency) {
    return urgency != null && urgency <= 2;
  }
}
