package io.newswire.publish.core.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The consumer lag of each stage (consumer group) over the last minutes, for the console's pipeline
 * chart: a bounded ring of samples per group. A group missing from the samples of the whole window
 * is forgotten; beyond {@code maxGroups} groups new ones are not kept.
 */
public final class LagHistory {
  /** One sample of a group: when, and its lag summed over its partitions. */
  public record Point(long atMillis, long lag) {}

  /** A group's samples, oldest first, and the topics it reads. */
  public record Series(String group, List<String> topics, List<Point> points) {}

  private final int capacity;
  private final int maxGroups;
  private final Map<String, Deque<Point>> points = new TreeMap<>();
  private final Map<String, List<String>> topics = new TreeMap<>();
  private final Deque<Long> sampledAt = new ArrayDeque<>();

  /**
   * @param capacity samples kept per group (the window is capacity × the sampling interval)
   * @param maxGroups groups kept at most
   */
  public LagHistory(int capacity, int maxGroups) {
    if (capacity < 1 || maxGroups < 1) {
      throw new IllegalArgumentException("capacity and maxGroups must be 1 or more");
    }
    this.capacity = capacity;
    this.maxGroups = maxGroups;
  }

  /** A group's lag at one sample: its total lag and the topics it reads. */
  public record Lag(long lag, List<String> topics) {}

  /** Records one sample of every group seen at {@code atMillis}. */
  public synchronized void record(long atMillis, Map<String, Lag> lagByGroup) {
    sampledAt.addLast(atMillis);
    while (sampledAt.size() > capacity) {
      sampledAt.removeFirst();
    }
    long oldest = sampledAt.peekFirst();
    lagByGroup.forEach(
        (group, lag) -> {
          if (!points.containsKey(group) && points.size() >= maxGroups) {
            return;
          }
          Deque<Point> d = points.computeIfAbsent(group, g -> new ArrayDeque<>());
          d.addLast(new Point(atMillis, Math.max(0, lag.lag())));
          topics.put(group, List.copyOf(lag.topics()));
        });
    for (var it = points.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Deque<Point> d = e.getValue();
      while (!d.isEmpty() && d.peekFirst().atMillis() < oldest) {
        d.removeFirst();
      }
      if (d.isEmpty()) {
        it.remove();
        topics.remove(e.getKey());
      }
    }
  }

  /** Every group's samples within the window, by group name. */
  public synchronized List<Series> snapshot() {
    List<Series> out = new ArrayList<>();
    points.forEach(
        (g, d) -> out.add(new Series(g, topics.getOrDefault(g, List.of()), List.copyOf(d))));
    return Collections.unmodifiableList(out);
  }

  /** When the samples in the window were taken, oldest first. */
  public synchronized List<Long> sampleTimes() {
    return List.copyOf(sampledAt);
  }

  /** The latest sample time, or null before the first. */
  public synchronized Long lastSample() {
    return sampledAt.peekLast();
  }

  public int capacity() {
    return capacity;
  }
}
