package io.newswire.enrich.core.clusters;

import java.util.List;

/**
 * Where the clusters are held: the members by member id ({@link Clusters#idOf}, a 64-bit hash of
 * the URN), the LSH buckets (bucket key → the most recent members in it, {@link Bucket}) and the
 * member list of each cluster. {@link InMemoryClusterIndex} for tests and benchmarks; enrich's
 * topology implements it over Kafka Streams state stores. Lists are written back whole: an
 * implementation only stores what it is given (the caps are applied by {@link Clusters}).
 */
public interface ClusterIndex {

  /**
   * A member in a bucket or a cluster list: its URN, agency, last-seen time, and until when it is
   * under embargo (ms since the epoch; {@link Long#MIN_VALUE} when it is not): another story does
   * not list it as related before then, or the related list would name a story not yet public.
   */
  record Ref(String urn, String agency, long time, long embargoedUntil) {
    public Ref(String urn, String agency, long time) {
      this(urn, agency, time, Long.MIN_VALUE);
    }
  }

  /** The member held under this id ({@link Clusters#idOf} of its URN), null when none. */
  Member member(long id);

  /**
   * Stores a member under {@link Clusters#idOf} of its URN (replacing {@code previous}, null when
   * none); the index keeps it findable by time for {@link #olderThan}.
   */
  void putMember(Member m, Member previous);

  void removeMember(Member m);

  /** The members of a bucket, oldest first; {@link Bucket#EMPTY} when none. */
  Bucket bucket(long key);

  /** Replaces a bucket; an empty one removes the bucket. */
  void putBucket(long key, Bucket bucket);

  /** The member list of a cluster, oldest first; empty when none. */
  List<Ref> cluster(String clusterId);

  /** Replaces a cluster's list; an empty list removes the cluster. */
  void putCluster(String clusterId, List<Ref> refs);

  /** URNs of members last seen before {@code cutoff}, oldest first, at most {@code max}. */
  List<String> olderThan(long cutoff, int max);
}
