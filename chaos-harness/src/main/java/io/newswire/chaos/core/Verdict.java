package io.newswire.chaos.core;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a chaos run in Jepsen's terms: what was {@code lost} (a 202 with no record, or an
 * event a subscriber never received), {@code duplicated} (more than one record of a story version
 * where one is promised), {@code out-of-order} (a version that goes back), {@code stale-latest}
 * (news.stories.latest.v1 not holding the last version, or no tombstone after a withdrawal), {@code
 * unexpected} (output nothing was accepted for, or an answer the contract does not allow) and
 * {@code open-transactions}. Each count is broken down by where it was seen, with the first
 * examples.
 */
public record Verdict(
    int acceptedStories,
    int acceptedVersions,
    int replays,
    Map<String, Integer> lost,
    Map<String, Integer> duplicated,
    Map<String, Integer> outOfOrder,
    int staleLatest,
    Map<String, Integer> unexpected,
    int openTransactions,
    int rawCopies,
    int sseRepeats,
    int webhookRepeats,
    int deadLetters,
    Delays delays,
    List<String> examples) {

  /** Delay from a 202 to the subscriber's first sight of the event, in milliseconds. */
  public record Delays(int count, long p50, long p90, long p99, long max) {
    public static Delays of(long[] millis) {
      long[] sorted = millis.clone();
      java.util.Arrays.sort(sorted);
      if (sorted.length == 0) {
        return new Delays(0, 0, 0, 0, 0);
      }
      return new Delays(
          sorted.length,
          at(sorted, 0.50),
          at(sorted, 0.90),
          at(sorted, 0.99),
          sorted[sorted.length - 1]);
    }

    private static long at(long[] sorted, double q) {
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
  }

  public int lostTotal() {
    return sum(lost);
  }

  public int duplicatedTotal() {
    return sum(duplicated);
  }

  public int outOfOrderTotal() {
    return sum(outOfOrder);
  }

  public int unexpectedTotal() {
    return sum(unexpected);
  }

  /** True when nothing was lost, duplicated, reordered, stale, unexpected or left open. */
  public boolean valid() {
    return lostTotal() == 0
        && duplicatedTotal() == 0
        && outOfOrderTotal() == 0
        && staleLatest == 0
        && unexpectedTotal() == 0
        && openTransactions == 0
        && acceptedVersions > 0;
  }

  private static int sum(Map<String, Integer> m) {
    return m.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The verdict as an EDN map, the way Jepsen prints a checker's result. */
  public String edn(Map<String, Object> run) {
    StringBuilder b = new StringBuilder("{:valid? ").append(valid());
    line(b, ":lost", lostTotal(), lost);
    line(b, ":duplicated", duplicatedTotal(), duplicated);
    line(b, ":out-of-order", outOfOrderTotal(), outOfOrder);
    b.append("\n :stale-latest ").append(staleLatest);
    line(b, ":unexpected", unexpectedTotal(), unexpected);
    b.append("\n :open-transactions ").append(openTransactions);
    b.append("\n :accepted {:stories ")
        .append(acceptedStories)
        .append(" :versions ")
        .append(acceptedVersions)
        .append(" :idempotent-replays ")
        .append(replays)
        .append('}');
    b.append("\n :allowed {:raw-copies ")
        .append(rawCopies)
        .append(" :sse-repeats ")
        .append(sseRepeats)
        .append(" :webhook-repeats ")
        .append(webhookRepeats)
        .append(" :dead-letters ")
        .append(deadLetters)
        .append('}');
    b.append(
        String.format(
            Locale.ROOT,
            "%n :delay-ms {:count %d :p50 %d :p90 %d :p99 %d :max %d}",
            delays.count(),
            delays.p50(),
            delays.p90(),
            delays.p99(),
            delays.max()));
    new TreeMap<>(run).forEach((k, v) -> b.append("\n :").append(k).append(' ').append(v));
    if (!examples.isEmpty()) {
      b.append("\n :examples [");
      examples.forEach(e -> b.append("\n   \"").append(e.replace("\"", "'")).append('"'));
      b.append(']');
    }
    return b.append('}').toString();
  }

  private static void line(StringBuilder b, String name, int total, Map<String, Integer> by) {
    b.append("\n ").append(name).append(' ').append(total);
    if (total > 0) {
      b.append(" ").append(by);
    }
  }
}
