package io.newswire.enrich.core.clusters;

/**
 * Locality-sensitive hashing of MinHash signatures: the signature is cut into {@code bands} bands
 * of {@code rows} positions, and each band is hashed (with its index) into a bucket key. Two
 * stories of Jaccard similarity J share at least one bucket with probability 1 - (1 -
 * J<sup>rows</sup>)<sup>bands</sup>: an S-curve whose steep part is near
 * (1/bands)<sup>1/rows</sup>.
 */
public final class Bands {
  private Bands() {}

  /** The bucket key of every band of {@code signature}. */
  public static long[] keys(int[] signature, int bands, int rows) {
    if (bands * rows > signature.length) {
      throw new IllegalArgumentException(
          bands + " bands of " + rows + " rows need " + bands * rows + " positions");
    }
    long[] keys = new long[bands];
    for (int b = 0; b < bands; b++) {
      long h = Hashing.mix(0xBA4DL + b);
      for (int r = 0; r < rows; r++) {
        h = Hashing.mix(h ^ (signature[b * rows + r] & 0xffffffffL)) + r;
      }
      keys[b] = h;
    }
    return keys;
  }

  /** The probability that two stories of Jaccard similarity {@code j} share a bucket. */
  public static double candidateProbability(double j, int bands, int rows) {
    return 1 - Math.pow(1 - Math.pow(j, rows), bands);
  }
}
