package io.newswire.enrich.topology;

import io.newswire.enrich.core.clusters.ClusterIndex;
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
 *   <li>{@value #MEMBERS}: story URN → member (signature, numbers, cluster, agency, language,
 *       time);
 *   <li>{@value #BUCKETS}: LSH bucket key (hex) → the most recent members in it;
 *   <li>{@value #LISTS}: cluster id → its most recent members;
 *   <li>{@value #EXPIRY}: {@code <time, 19 digits>|<urn>} → nothing, the members in time order, for
 *       the purge.
 * </ul>
 */
public final class ClusterStores implements ClusterIndex {
  public static final String MEMBERS = "cluster-members";
  public static final String BUCKETS = "cluster-buckets";
  public static final String LISTS = "cluster-lists";
  public static final String EXPIRY = "cluster-expiry";
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

  static String expiryKey(long time, String urn) {
    String t = Long.toString(Math.max(0, time));
    return "0".repeat(19 - t.length()) + t + "|" + urn;
  }

  @Override
  public Member member(String urn) {
    byte[] b = members.get(urn);
    return b == null ? null : Member.decode(b);
  }

  @Override
  public void putMember(Member m, Member previous) {
    if (previous != null && previous.time() != m.time()) {
      expiry.delete(expiryKey(previous.time(), previous.urn()));
    }
    members.put(m.urn(), m.encode());
    expiry.put(expiryKey(m.time(), m.urn()), NOTHING);
  }

  @Override
  public void removeMember(Member m) {
    members.delete(m.urn());
    expiry.delete(expiryKey(m.time(), m.urn()));
  }

  @Override
  public List<Ref> bucket(long key) {
    return Refs.decode(buckets.get(Long.toHexString(key)));
  }

  @Override
  public void putBucket(long key, List<Ref> refs) {
    put(buckets, Long.toHexString(key), refs);
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
