package io.newswire.platform.core.generations;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the tags two generations of enrichment gave the same stories: which stories' tags
 * changed, and how many stories each tag has in each generation. Plain Java over "story → tags"
 * maps.
 */
public final class GenerationDiff {
  private GenerationDiff() {}

  /** A story whose tags differ between the generations. */
  public record Change(String urn, Set<String> before, Set<String> after) {
    public Set<String> added() {
      Set<String> s = new TreeSet<>(after);
      s.removeAll(before);
      return s;
    }

    public Set<String> removed() {
      Set<String> s = new TreeSet<>(before);
      s.removeAll(after);
      return s;
    }
  }

  /** Per tag: stories tagged in the old and in the new generation. */
  public record TagCount(String tag, int before, int after) {}

  /** The comparison: changed stories, per-tag counts, and stories only one generation has seen. */
  public record Result(
      List<Change> changes,
      List<TagCount> counts,
      Set<String> onlyBefore,
      Set<String> onlyAfter,
      int compared) {}

  public static Result compare(Map<String, Set<String>> before, Map<String, Set<String>> after) {
    List<Change> changes = new ArrayList<>();
    Map<String, int[]> counts = new TreeMap<>();
    Set<String> onlyBefore = new TreeSet<>();
    Set<String> onlyAfter = new TreeSet<>();
    int compared = 0;
    Set<String> urns = new TreeSet<>(before.keySet());
    urns.addAll(after.keySet());
    for (String urn : urns) {
      Set<String> b = before.get(urn);
      Set<String> a = after.get(urn);
      if (b == null) {
        onlyAfter.add(urn);
        continue;
      }
      if (a == null) {
        onlyBefore.add(urn);
        continue;
      }
      compared++;
      b.forEach(t -> counts.computeIfAbsent(t, k -> new int[2])[0]++);
      a.forEach(t -> counts.computeIfAbsent(t, k -> new int[2])[1]++);
      if (!new HashSet<>(b).equals(new HashSet<>(a))) {
        changes.add(new Change(urn, new TreeSet<>(b), new TreeSet<>(a)));
      }
    }
    List<TagCount> tagCounts = new ArrayList<>();
    counts.forEach((tag, c) -> tagCounts.add(new TagCount(tag, c[0], c[1])));
    return new Result(changes, tagCounts, onlyBefore, onlyAfter, compared);
  }
}
