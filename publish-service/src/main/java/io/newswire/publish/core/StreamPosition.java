package io.newswire.publish.core;

import java.util.Map;
import java.util.TreeMap;

/**
 * A position in news.published.v1: for each partition, the offset of the next record to read. It is
 * the SSE event id ({@code 0-12.1-5.2-7}: partition-offset pairs joined by dots), so a client
 * reconnecting with {@code Last-Event-ID} resumes exactly after the last event it received.
 */
public record StreamPosition(Map<Integer, Long> next) {
  public StreamPosition {
    next = Map.copyOf(new TreeMap<>(next));
    next.forEach(
        (p, o) -> {
          if (p < 0 || o < 0) {
            throw new IllegalArgumentException("partitions and offsets are not negative");
          }
        });
  }

  public String encode() {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(next)
        .forEach((p, o) -> sb.append(sb.length() == 0 ? "" : ".").append(p).append('-').append(o));
    return sb.toString();
  }

  /**
   * Parses an encoded position; a malformed one is an {@link IllegalArgumentException} naming the
   * problem.
   */
  public static StreamPosition decode(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("empty position");
    }
    Map<Integer, Long> m = new TreeMap<>();
    for (String part : id.trim().split("\\.")) {
      int dash = part.indexOf('-');
      if (dash <= 0 || dash == part.length() - 1) {
        throw new IllegalArgumentException("'" + part + "' is not partition-offset");
      }
      try {
        int p = Integer.parseInt(part.substring(0, dash));
        long o = Long.parseLong(part.substring(dash + 1));
        if (m.put(p, o) != null) {
          throw new IllegalArgumentException("partition " + p + " appears twice");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + part + "' is not partition-offset", e);
      }
    }
    return new StreamPosition(m);
  }

  /** This position with {@code partition} moved to {@code nextOffset}. */
  public StreamPosition with(int partition, long nextOffset) {
    Map<Integer, Long> m = new TreeMap<>(next);
    m.put(partition, nextOffset);
    return new StreamPosition(m);
  }
}
