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

  private final Map<Long, Member> members = new HashMap<>();
  private final Map<Long, Bucket> buckets = new HashMap<>();
  private final Map<String, List<Ref>> clusters = new HashMap<>();
  private final TreeSet<Expiry> byTime = new TreeSet<>();

  @Override
  public Member member(long id) {
    return members.get(id);
  }

  @Override
  public void putMember(Member m, Member previous) {
    if (previous != null) {
      byTime.remove(new Expiry(previous.time(), previous.urn()));
    }
    members.put(Clusters.idOf(m.urn()), m);
    byTime.add(new Expiry(m.time(), m.urn()));
  }

  @Override
  public void removeMember(Member m) {
    members.remove(Clusters.idOf(m.urn()));
    byTime.remove(new Expiry(m.time(), m.urn()));
  }

  @Override
  public Bucket bucket(long key) {
    return buckets.getOrDefault(key, Bucket.EMPTY);
  }

  @Override
  public void putBucket(long key, Bucket bucket) {
    if (bucket.isEmpty()) {
      buckets.remove(key);
    } else {
      buckets.put(key, bucket);
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
    return buckets.values().stream().mapToInt(Bucket::size).max().orElse(0);
  }
}
