package io.newswire.enrich.core.clusters;

import java.time.Duration;

/**
 * The clustering parameters (docs/enrichment.md, "Clusters", says how they were chosen on the
 * labelled pairs of {@code corpus/clusters/}).
 *
 * @param hashes MinHash signature size
 * @param bands LSH bands ({@code bands * rows <= hashes})
 * @param rows positions per band
 * @param words shingle size in words (scripts written with spaces)
 * @param chars shingle size in characters (scripts written without spaces)
 * @param threshold the estimated Jaccard similarity a candidate must reach to be the same story
 * @param numberOverlap when both stories carry numbers, the share of the smaller set of numbers the
 *     other must carry too (the same template with other figures is another event)
 * @param minShingles a story with fewer shingles is not matched (a one-line flash, an empty body):
 *     it gets a cluster of its own, later stories may still join it only through an update of it
 * @param window how long a story can be joined; older members are ignored and purged
 * @param bucketCap members kept per LSH bucket (the most recent)
 * @param candidateCap candidates verified per story at most (those sharing the most buckets)
 * @param clusterCap members listed per cluster (the most recent), so {@code related} is bounded
 */
public record ClusterSettings(
    int hashes,
    int bands,
    int rows,
    int words,
    int chars,
    double threshold,
    double numberOverlap,
    int minShingles,
    Duration window,
    int bucketCap,
    int candidateCap,
    int clusterCap) {

  public static final Duration DEFAULT_WINDOW = Duration.ofHours(72);

  public ClusterSettings {
    if (hashes < 1 || bands < 1 || rows < 1 || bands * rows > hashes) {
      throw new IllegalArgumentException("need bands * rows <= hashes, all positive");
    }
    if (words < 1 || chars < 1 || threshold <= 0 || threshold > 1) {
      throw new IllegalArgumentException("bad shingle size or threshold");
    }
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the cluster window must be positive");
    }
    if (bucketCap < 1 || candidateCap < 1 || clusterCap < 1) {
      throw new IllegalArgumentException("caps must be positive");
    }
  }

  /** The tuned defaults, with a 72 h window. */
  public static ClusterSettings defaults() {
    return new ClusterSettings(128, 32, 4, 1, 4, 0.5, 0.8, 10, DEFAULT_WINDOW, 32, 64, 20);
  }

  public ClusterSettings withWindow(Duration w) {
    return new ClusterSettings(
        hashes,
        bands,
        rows,
        words,
        chars,
        threshold,
        numberOverlap,
        minShingles,
        w,
        bucketCap,
        candidateCap,
        clusterCap);
  }

  public ClusterSettings withShape(int b, int r, int w, int c, double t) {
    return new ClusterSettings(
        hashes,
        b,
        r,
        w,
        c,
        t,
        numberOverlap,
        minShingles,
        window,
        bucketCap,
        candidateCap,
        clusterCap);
  }

  public ClusterSettings withNumberOverlap(double n) {
    return new ClusterSettings(
        hashes,
        bands,
        rows,
        words,
        chars,
        threshold,
        n,
        minShingles,
        window,
        bucketCap,
        candidateCap,
        clusterCap);
  }

  public ClusterSettings withCaps(int bucket, int candidates, int cluster) {
    return new ClusterSettings(
        hashes,
        bands,
        rows,
        words,
        chars,
        threshold,
        numberOverlap,
        minShingles,
        window,
        bucket,
        candidates,
        cluster);
  }
}
