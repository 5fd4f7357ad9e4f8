package io.newswire.enrich.core.clusters;

import io.newswire.enrich.core.clusters.ClusterIndex.Ref;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Assigns stories to clusters: stories that report the same event in near-identical or lightly
 * rewritten text, in the same language, share a cluster.
 *
 * <p>A new story's MinHash signature is cut into LSH bands; the members found in its buckets
 * (within the window) are its candidates, those sharing the most buckets first, at most {@link
 * ClusterSettings#candidateCap()}; a candidate matches when it is in the same primary language, its
 * estimated Jaccard similarity reaches {@link ClusterSettings#threshold()}, and, when both carry
 * numbers, the numbers agree ({@link ClusterSettings#numberOverlap()}). The story joins the cluster
 * of the most similar match (the oldest on a tie), else starts a cluster of its own, named after
 * its URN. Every step is bounded by the caps, never by the number of stories held, so the cost per
 * story does not grow with the index.
 *
 * <p>A story already held (an update, a correction) keeps its cluster whatever its new text says;
 * {@link #withdraw} takes a story out; {@link #purge} removes members not seen within the window.
 */
public final class Clusters {

  /**
   * A story to assign.
   *
   * @param time when this version was received (ms since the epoch)
   * @param embargoedUntil until when the story is under embargo (ms since the epoch), {@link
   *     Long#MIN_VALUE} when it is not
   */
  public record Story(
      String urn, String agency, String language, String body, long time, long embargoedUntil) {
    public Story(String urn, String agency, String language, String body, long time) {
      this(urn, agency, language, body, time, Long.MIN_VALUE);
    }
  }

  /** The member a story matched, with the estimated similarity. */
  public record Match(String urn, String agency, String clusterId, double similarity) {}

  /**
   * Where a story went.
   *
   * @param clusterId its cluster
   * @param kept true when the story was already held (an update keeps its cluster)
   * @param match the member it matched, null when it kept its cluster or started one
   * @param related the other members of its cluster that are not under embargo, oldest first (at
   *     most clusterCap - 1)
   * @param candidates members it was compared with
   * @param indexed false only when another URN held has the same member id: the story keeps a
   *     cluster of its own and is not findable by later stories
   */
  public record Assignment(
      String clusterId,
      boolean kept,
      Match match,
      List<Ref> related,
      int candidates,
      boolean indexed) {
    public Assignment(
        String clusterId, boolean kept, Match match, List<Ref> related, int candidates) {
      this(clusterId, kept, match, related, candidates, true);
    }
  }

  /** A story's signature and numbers. */
  public record Signature(int[] minHash, long[] numbers, int shingles) {}

  /** The prefix of a cluster id: {@code urn:newswire:cluster:} + the first member's URN's tail. */
  public static final String CLUSTER_PREFIX = "urn:newswire:cluster:";

  private static final String URN_PREFIX = "urn:newswire:";

  private final ClusterSettings settings;
  private final MinHash minHash;
  private final ClusterIndex index;

  public Clusters(ClusterSettings settings, ClusterIndex index) {
    this.settings = settings;
    this.minHash = new MinHash(settings.hashes());
    this.index = index;
  }

  public ClusterSettings settings() {
    return settings;
  }

  /**
   * A story's member id in the index: a 64-bit hash of its URN, the same on every instance and run.
   * Buckets hold ids, not URNs, so reading and rewriting them builds no strings. Two URNs with one
   * id (a chance of about one in 37 million with a million stories held) are told apart by the URN
   * the member keeps: the later story is not indexed ({@link Assignment#indexed()} false).
   */
  public static long idOf(String urn) {
    return Hashing.of(urn);
  }

  /** The cluster id a story starts: derived from its URN, the same on every instance and run. */
  public static String clusterIdOf(String urn) {
    return CLUSTER_PREFIX + (urn.startsWith(URN_PREFIX) ? urn.substring(URN_PREFIX.length()) : urn);
  }

  /** The signature of a body with these settings. */
  public Signature sign(String body) {
    Shingles s = Shingles.of(body, settings.words(), settings.chars());
    int[] sig =
        s.hashes().length < settings.minShingles() ? new int[0] : minHash.signature(s.hashes());
    return new Signature(sig, s.numbers(), s.hashes().length);
  }

  /** Assigns a story (a first version, an update or a correction) to a cluster. */
  public Assignment assign(Story story) {
    long cutoff = story.time() - settings.window().toMillis();
    long id = idOf(story.urn());
    Member previous = index.member(id);
    if (previous != null && !previous.urn().equals(story.urn())) {
      return new Assignment(clusterIdOf(story.urn()), false, null, List.of(), 0, false);
    }
    Signature sig = sign(story.body());
    long[] keys =
        sig.minHash().length == 0
            ? new long[0]
            : Bands.keys(sig.minHash(), settings.bands(), settings.rows());
    String clusterId;
    Match match = null;
    int compared = 0;
    Map<Long, Bucket> read = new HashMap<>(); // each bucket is read once per story
    if (previous != null) {
      clusterId = previous.clusterId();
      unlinkBuckets(previous, id, keys);
    } else {
      long[] candidates = candidates(id, keys, cutoff, read);
      compared = candidates.length;
      match = bestMatch(story, sig, candidates, cutoff);
      clusterId = match != null ? match.clusterId() : clusterIdOf(story.urn());
    }
    Member m =
        new Member(
            story.urn(),
            story.agency(),
            language(story.language()),
            clusterId,
            story.time(),
            sig.minHash(),
            sig.numbers());
    index.putMember(m, previous);
    Ref ref = new Ref(story.urn(), story.agency(), story.time(), story.embargoedUntil());
    for (long key : keys) {
      Bucket bucket = read.containsKey(key) ? read.get(key) : index.bucket(key);
      index.putBucket(key, bucket.with(id, story.time(), settings.bucketCap(), cutoff));
    }
    List<Ref> members =
        appendCapped(index.cluster(clusterId), ref, settings.clusterCap(), Long.MIN_VALUE);
    index.putCluster(clusterId, members);
    // A member still under embargo when this version came in is not named: it is not public yet.
    List<Ref> related =
        members.stream()
            .filter(r -> !r.urn().equals(story.urn()) && r.embargoedUntil() <= story.time())
            .toList();
    return new Assignment(clusterId, previous != null, match, related, compared);
  }

  /**
   * Takes a story out of its cluster and the index (a kill). Returns the cluster it left, null when
   * it was not held.
   */
  public String withdraw(String urn) {
    Member m = index.member(idOf(urn));
    if (m == null || !m.urn().equals(urn)) {
      return null;
    }
    remove(m);
    return m.clusterId();
  }

  /**
   * Removes at most {@code max} members last seen before {@code now} minus the window; returns how
   * many.
   */
  public int purge(long now, int max) {
    int n = 0;
    for (String urn : index.olderThan(now - settings.window().toMillis(), max)) {
      Member m = index.member(idOf(urn));
      if (m != null && m.urn().equals(urn)) {
        remove(m);
        n++;
      }
    }
    return n;
  }

  private void remove(Member m) {
    if (m.matchable()) {
      long id = idOf(m.urn());
      for (long key : Bands.keys(m.signature(), settings.bands(), settings.rows())) {
        index.putBucket(key, index.bucket(key).without(id));
      }
    }
    index.putCluster(m.clusterId(), without(index.cluster(m.clusterId()), m.urn()));
    index.removeMember(m);
  }

  /** Removes an updated member from the buckets its new text no longer falls in. */
  private void unlinkBuckets(Member previous, long id, long[] newKeys) {
    if (!previous.matchable()) {
      return;
    }
    long[] sorted = newKeys.clone();
    Arrays.sort(sorted);
    for (long key : Bands.keys(previous.signature(), settings.bands(), settings.rows())) {
      if (Arrays.binarySearch(sorted, key) < 0) {
        index.putBucket(key, index.bucket(key).without(id));
      }
    }
  }

  /**
   * The ids of the members sharing a bucket with the story, seen within the window, those sharing
   * the most buckets first (then by id), at most candidateCap. Reads at most bands × bucketCap
   * entries and counts them in an open-addressing table of primitives, then orders by count with a
   * counting sort (a count is at most the number of bands): linear, no object per entry.
   */
  private long[] candidates(long id, long[] keys, long cutoff, Map<Long, Bucket> read) {
    int total = 0;
    Bucket[] buckets = new Bucket[keys.length];
    for (int k = 0; k < keys.length; k++) {
      buckets[k] = index.bucket(keys[k]);
      read.put(keys[k], buckets[k]);
      total += buckets[k].size();
    }
    if (total == 0) {
      return new long[0];
    }
    int capacity = Integer.highestOneBit(Math.max(4, total) * 2) * 2; // load factor < 1/2
    long[] ids = new long[capacity];
    int[] counts = new int[capacity]; // 0: an empty slot
    int distinct = 0;
    int mask = capacity - 1;
    for (Bucket b : buckets) {
      for (int i = 0; i < b.size(); i++) {
        long member = b.id(i);
        if (b.time(i) < cutoff || member == id) {
          continue;
        }
        int slot = (int) Hashing.mix(member) & mask;
        while (counts[slot] != 0 && ids[slot] != member) {
          slot = (slot + 1) & mask;
        }
        if (counts[slot] == 0) {
          ids[slot] = member;
          distinct++;
        }
        counts[slot]++;
      }
    }
    // ids grouped by how many buckets they share, the most first
    int most = keys.length; // an id is once per bucket; min() below only guards equal keys
    int[] starts = new int[most + 2];
    for (int slot = 0; slot < capacity; slot++) {
      if (counts[slot] != 0) {
        starts[most - Math.min(counts[slot], most) + 1]++;
      }
    }
    for (int c = 1; c < starts.length; c++) {
      starts[c] += starts[c - 1];
    }
    long[] byCount = new long[distinct];
    int[] next = starts.clone();
    for (int slot = 0; slot < capacity; slot++) {
      if (counts[slot] != 0) {
        byCount[next[most - Math.min(counts[slot], most)]++] = ids[slot];
      }
    }
    // within one count, by id: sorting only the groups that are taken
    int cap = Math.min(distinct, settings.candidateCap());
    for (int g = 0; g < most + 1 && starts[g] < cap; g++) {
      Arrays.sort(byCount, starts[g], starts[g + 1]);
    }
    return Arrays.copyOf(byCount, cap);
  }

  private Match bestMatch(Story story, Signature sig, long[] candidates, long cutoff) {
    String language = language(story.language());
    Member best = null;
    double bestSimilarity = -1;
    for (long candidate : candidates) {
      Member m = index.member(candidate);
      if (m == null || !m.matchable() || m.time() < cutoff || !m.language().equals(language)) {
        continue;
      }
      double similarity = MinHash.similarity(sig.minHash(), m.signature());
      if (similarity < settings.threshold() || !numbersAgree(sig.numbers(), m.numbers())) {
        continue;
      }
      if (similarity > bestSimilarity || (similarity == bestSimilarity && m.time() < best.time())) {
        best = m;
        bestSimilarity = similarity;
      }
    }
    return best == null
        ? null
        : new Match(best.urn(), best.agency(), best.clusterId(), bestSimilarity);
  }

  /**
   * Whether two stories' numbers agree: when both carry numbers, at least numberOverlap of the
   * smaller set is in the other (the same template with other figures is another event).
   */
  boolean numbersAgree(long[] a, long[] b) {
    if (a.length == 0 || b.length == 0) {
      return true;
    }
    int common = MinHash.common(a, b);
    return common >= Math.ceil(settings.numberOverlap() * Math.min(a.length, b.length));
  }

  /** The primary language subtag, lower case ({@code fr-FR} → {@code fr}). */
  static String language(String tag) {
    if (tag == null || tag.isBlank()) {
      return "und";
    }
    int dash = tag.indexOf('-');
    return (dash < 0 ? tag : tag.substring(0, dash)).toLowerCase(Locale.ROOT);
  }

  private static List<Ref> appendCapped(List<Ref> refs, Ref ref, int cap, long cutoff) {
    List<Ref> out = new ArrayList<>(refs.size() + 1);
    for (Ref r : refs) {
      if (!r.urn().equals(ref.urn()) && r.time() >= cutoff) {
        out.add(r);
      }
    }
    out.add(ref);
    return out.size() > cap ? new ArrayList<>(out.subList(out.size() - cap, out.size())) : out;
  }

  private static List<Ref> without(List<Ref> refs, String urn) {
    List<Ref> out = new ArrayList<>(refs.size());
    for (Ref r : refs) {
      if (!r.urn().equals(urn)) {
        out.add(r);
      }
    }
    return out;
  }
}
