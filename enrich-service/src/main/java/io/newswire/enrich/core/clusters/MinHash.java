package io.newswire.enrich.core.clusters;

/**
 * MinHash signatures: for each of {@code size} seeded 64-bit hash functions, the smallest hash of
 * any shingle. The share of positions where two signatures agree estimates the Jaccard similarity
 * of the two shingle sets (standard error sqrt(J(1-J)/size): 0.044 at J = 0.5 with 128).
 *
 * <p>Each minimum is computed on 64 bits and its top 32 bits are kept: two different minima then
 * agree by chance with probability 2<sup>-32</sup>, and a stored signature takes 4 bytes per
 * position (512 bytes at 128). The seeds are a fixed SplitMix64 sequence: the same on every JVM, so
 * signatures stored by one instance are compared by another.
 */
public final class MinHash {
  private final long[] seeds;

  public MinHash(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("MinHash size must be positive");
    }
    seeds = new long[size];
    long x = 0x5EED_C1A5_7E25L;
    for (int i = 0; i < size; i++) {
      x += 0x9E3779B97F4A7C15L;
      seeds[i] = Hashing.mix(x);
    }
  }

  public int size() {
    return seeds.length;
  }

  /** The signature of a set of shingle hashes (an empty set gives all {@code MAX_VALUE}). */
  public int[] signature(long[] shingles) {
    long[] min = new long[seeds.length];
    java.util.Arrays.fill(min, Long.MAX_VALUE);
    for (long s : shingles) {
      for (int i = 0; i < seeds.length; i++) {
        long h = Hashing.mix(s ^ seeds[i]) >>> 1; // non-negative: compare as signed longs
        if (h < min[i]) {
          min[i] = h;
        }
      }
    }
    int[] sig = new int[seeds.length];
    for (int i = 0; i < sig.length; i++) {
      sig[i] = (int) (min[i] >>> 31);
    }
    return sig;
  }

  /** The estimated Jaccard similarity: the share of positions where the signatures agree. */
  public static double similarity(int[] a, int[] b) {
    if (a.length != b.length || a.length == 0) {
      return 0;
    }
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) {
        same++;
      }
    }
    return same / (double) a.length;
  }

  /** The exact Jaccard similarity of two sorted sets of distinct hashes. */
  public static double jaccard(long[] a, long[] b) {
    if (a.length == 0 && b.length == 0) {
      return 0;
    }
    int common = common(a, b);
    return common / (double) (a.length + b.length - common);
  }

  /** How many values two sorted arrays of distinct values share. */
  static int common(long[] a, long[] b) {
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return common;
  }
}
