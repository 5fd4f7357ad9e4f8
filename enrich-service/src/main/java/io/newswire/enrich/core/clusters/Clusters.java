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
   */
  public record Assignment(
      String clusterId, boolean kept, Match match, List<Ref> related, int candidates) {}

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
    Member previous = index.member(story.urn());
    Signature sig = sign(story.body());
    long[] keys =
        sig.minHash().length == 0
            ? new long[0]
            : Bands.keys(sig.minHash(), settings.bands(), settings.rows());
    String clusterId;
    Match match = null;
    int compared = 0;
    Map<Long, List<Ref>> read = new HashMap<>(); // each bucket is read once per story
    if (previous != null) {
      clusterId = previous.clusterId();
      unlinkBuckets(previous, keys);
    } else {
      List<String> candidates = candidates(story.urn(), keys, cutoff, read);
      compared = candidates.size();
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
      List<Ref> bucket = read.containsKey(key) ? read.get(key) : index.bucket(key);
      index.putBucket(key, appendCapped(bucket, ref, settings.bucketCap(), cutoff));
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
    Member m = index.member(urn);
    if (m == null) {
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
      Member m = index.member(urn);
      if (m != null) {
        remove(m);
        n++;
      }
    }
    return n;
  }

  private void remove(Member m) {
    if (m.matchable()) {
      for (long key : Bands.keys(m.signature(), settings.bands(), settings.rows())) {
        index.putBucket(key, without(index.bucket(key), m.urn()));
      }
    }
    index.putCluster(m.clusterId(), without(index.cluster(m.clusterId()), m.urn()));
    index.removeMember(m);
  }

  /** Removes an updated member from the buckets its new text no longer falls in. */
  private void unlinkBuckets(Member previous, long[] newKeys) {
    if (!previous.matchable()) {
      return;
    }
    long[] sorted = newKeys.clone();
    Arrays.sort(sorted);
    for (long key : Bands.keys(previous.signature(), settings.bands(), settings.rows())) {
      if (Arrays.binarySearch(sorted, key) < 0) {
        index.putBucket(key, without(index.bucket(key), previous.urn()));
      }
    }
  }

  /**
   * The members sharing a bucket with the story, seen within the window, those sharing the most
   * buckets first, at most candidateCap. Reads at most bands × bucketCap entries.
   */
  private List<String> candidates(String urn, long[] keys, long cutoff, Map<Long, List<Ref>> read) {
    Map<String, Integer> shared = new HashMap<>();
    for (long key : keys) {
      List<Ref> bucket = index.bucket(key);
      read.put(key, bucket);
      for (Ref r : bucket) {
        if (r.time() >= cutoff && !r.urn().equals(urn)) {
          shared.merge(r.urn(), 1, Integer::sum);
        }
      }
    }
    List<Map.Entry<String, Integer>> byCount = new ArrayList<>(shared.entrySet());
    byCount.sort(
        Map.Entry.<String, Integer>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < byCount.size() && i < settings.candidateCap(); i++) {
      out.add(byCount.get(i).getKey());
    }
    return out;
  }

  private Match bestMatch(Story story, Signature sig, List<String> candidates, long cutoff) {
    String language = language(story.language());
    Member best = null;
    double bestSimilarity = -1;
    for (String urn : candidates) {
      Member m = index.member(urn);
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
