package io.newswire.enrich.topology;

import io.newswire.enrich.core.clusters.Bucket;
import io.newswire.enrich.core.clusters.ClusterIndex;
import io.newswire.enrich.core.clusters.Clusters;
import io.newswire.enrich.core.clusters.Member;
import io.newswire.enrich.core.clusters.Refs;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The cluster index ({@link ClusterIndex}) over four persistent key-value stores (RocksDB, each
 * with its changelog, so it survives restarts and moves with its single task):
 *
 * <ul>
 *   <li>{@value #MEMBERS}: member id (hex, {@link Clusters#idOf} of the URN) → member (URN,
 *       signature, numbers, cluster, agency, language, time);
 *   <li>{@value #BUCKETS}: LSH bucket key (hex) → the most recent members in it, as member ids and
 *       times ({@link Bucket});
 *   <li>{@value #LISTS}: cluster id → its most recent members;
 *   <li>{@value #EXPIRY}: {@code <time, 19 digits>|<urn>} → nothing, the members in time order, for
 *       the purge.
 * </ul>
 *
 * <p>The names end in {@code -v2}: the first layout (members by URN, buckets as lists of URNs and
 * agencies, decoded and rewritten whole by every story) made this single task the pipeline's
 * bottleneck once stories written from one template filled the buckets
 * (docs/performance-publish.md, "Flashes"). It is not read: an index written in it is left behind,
 * and stories received before the upgrade are not candidates.
 */
public final class ClusterStores implements ClusterIndex {
  public static final String MEMBERS = "cluster-members-v2";
  public static final String BUCKETS = "cluster-buckets-v2";
  public static final String LISTS = "cluster-lists-v2";
  public static final String EXPIRY = "cluster-expiry-v2";
  static final String[] ALL = {MEMBERS, BUCKETS, LISTS, EXPIRY};

  private static final byte[] NOTHING = new byte[0];

  private final KeyValueStore<String, byte[]> members;
  private final KeyValueStore<String, byte[]> buckets;
  private final KeyValueStore<String, byte[]> lists;
  private final KeyValueStore<String, byte[]> expiry;

  ClusterStores(org.apache.kafka.streams.processor.api.ProcessingContext context) {
    this(
        context.getStateStore(MEMBERS),
        context.getStateStore(BUCKETS),
        context.getStateStore(LISTS),
        context.getStateStore(EXPIRY));
  }

  /** Over four stores the caller opened (the benchmark of docs/performance-enrich.md). */
  public ClusterStores(
      KeyValueStore<String, byte[]> members,
      KeyValueStore<String, byte[]> buckets,
      KeyValueStore<String, byte[]> lists,
      KeyValueStore<String, byte[]> expiry) {
    this.members = members;
    this.buckets = buckets;
    this.lists = lists;
    this.expiry = expiry;
  }

  static void addTo(StreamsBuilder builder) {
    for (String name : ALL) {
      builder.addStateStore(
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray()));
    }
  }

  /** The key of a story's member in {@value #MEMBERS}: its member id in hex. */
  public static String memberKey(String urn) {
    return Long.toHexString(Clusters.idOf(urn));
  }

  static String expiryKey(long time, String urn) {
    String t = Long.toString(Math.max(0, time));
    return "0".repeat(19 - t.length()) + t + "|" + urn;
  }

  @Override
  public Member member(long id) {
    byte[] b = members.get(Long.toHexString(id));
    return b == null ? null : Member.decode(b);
  }

  @Override
  public void putMember(Member m, Member previous) {
    if (previous != null && previous.time() != m.time()) {
      expiry.delete(expiryKey(previous.time(), previous.urn()));
    }
    members.put(memberKey(m.urn()), m.encode());
    expiry.put(expiryKey(m.time(), m.urn()), NOTHING);
  }

  @Override
  public void removeMember(Member m) {
    members.delete(memberKey(m.urn()));
    expiry.delete(expiryKey(m.time(), m.urn()));
  }

  @Override
  public Bucket bucket(long key) {
    return Bucket.decode(buckets.get(Long.toHexString(key)));
  }

  @Override
  public void putBucket(long key, Bucket bucket) {
    if (bucket.isEmpty()) {
      buckets.delete(Long.toHexString(key));
    } else {
      buckets.put(Long.toHexString(key), bucket.encode());
    }
  }

  @Override
  public List<Ref> cluster(String clusterId) {
    return Refs.decode(lists.get(clusterId));
  }

  @Override
  public void putCluster(String clusterId, List<Ref> refs) {
    put(lists, clusterId, refs);
  }

  @Override
  public List<String> olderThan(long cutoff, int max) {
    List<String> out = new ArrayList<>();
    if (cutoff <= 0) {
      return out;
    }
    try (KeyValueIterator<String, byte[]> it =
        expiry.range(expiryKey(0, ""), expiryKey(cutoff, ""))) {
      while (it.hasNext() && out.size() < max) {
        String key = it.next().key;
        out.add(key.substring(key.indexOf('|') + 1));
      }
    }
    return out;
  }

  private static void put(KeyValueStore<String, byte[]> store, String key, List<Ref> refs) {
    if (refs.isEmpty()) {
      store.delete(key);
    } else {
      store.put(key, Refs.encode(refs));
    }
  }
}
