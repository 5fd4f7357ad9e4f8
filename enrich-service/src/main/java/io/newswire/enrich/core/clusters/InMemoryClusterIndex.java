package io.newswire.enrich.core.clusters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** A {@link ClusterIndex} in hash maps, for tests, evaluations and benchmarks. */
public final class InMemoryClusterIndex implements ClusterIndex {
  private record Expiry(long time, String urn) implements Comparable<Expiry> {
    @Override
    public int compareTo(Expiry o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : urn.compareTo(o.urn);
    }
  }

  private final Map<String, Member> members = new HashMap<>();
  private final Map<Long, List<Ref>> buckets = new HashMap<>();
  private final Map<String, List<Ref>> clusters = new HashMap<>();
  private final TreeSet<Expiry> byTime = new TreeSet<>();

  @Override
  public Member member(String urn) {
    return members.get(urn);
  }

  @Override
  public void putMember(Member m, Member previous) {
    if (previous != null) {
      byTime.remove(new Expiry(previous.time(), previous.urn()));
    }
    members.put(m.urn(), m);
    byTime.add(new Expiry(m.time(), m.urn()));
  }

  @Override
  public void removeMember(Member m) {
    members.remove(m.urn());
    byTime.remove(new Expiry(m.time(), m.urn()));
  }

  @Override
  public List<Ref> bucket(long key) {
    return buckets.getOrDefault(key, List.of());
  }

  @Override
  public void putBucket(long key, List<Ref> refs) {
    if (refs.isEmpty()) {
      buckets.remove(key);
    } else {
      buckets.put(key, List.copyOf(refs));
    }
  }

  @Override
  public List<Ref> cluster(String clusterId) {
    return clusters.getOrDefault(clusterId, List.of());
  }

  @Override
  public void putCluster(String clusterId, List<Ref> refs) {
    if (refs.isEmpty()) {
      clusters.remove(clusterId);
    } else {
      clusters.put(clusterId, List.copyOf(refs));
    }
  }

  @Override
  public List<String> olderThan(long cutoff, int max) {
    List<String> out = new ArrayList<>();
    for (Expiry e : byTime) {
      if (e.time() >= cutoff || out.size() >= max) {
        break;
      }
      out.add(e.urn());
    }
    return out;
  }

  /** Members held (tests). */
  public int members() {
    return members.size();
  }

  /** Buckets held (tests). */
  public int buckets() {
    return buckets.size();
  }

  /** The largest bucket (tests). */
  public int largestBucket() {
    return buckets.values().stream().mapToInt(List::size).max().orElse(0);
  }
}
