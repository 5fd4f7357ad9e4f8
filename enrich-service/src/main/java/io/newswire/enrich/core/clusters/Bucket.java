package io.newswire.enrich.core.clusters;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The members of one LSH bucket, oldest first: each as its member id ({@link Clusters#idOf}, a
 * 64-bit hash of its URN) and the time it was last seen. Fixed-width entries, so a bucket is read,
 * appended to and written back without building an object per member: stories written from one
 * template fill the same buckets up to the cap, and every story reads and rewrites all its bands.
 */
public final class Bucket {
  public static final Bucket EMPTY = new Bucket(new long[0], new long[0]);

  private static final byte VERSION = 1;

  private final long[] ids;
  private final long[] times;

  private Bucket(long[] ids, long[] times) {
    this.ids = ids;
    this.times = times;
  }

  public int size() {
    return ids.length;
  }

  public long id(int i) {
    return ids[i];
  }

  public long time(int i) {
    return times[i];
  }

  public boolean isEmpty() {
    return ids.length == 0;
  }

  /**
   * This bucket with {@code id} appended as its newest entry (replacing its older entry), entries
   * last seen before {@code cutoff} dropped, and only the newest {@code cap} kept.
   */
  public Bucket with(long id, long time, int cap, long cutoff) {
    long[] i2 = new long[ids.length + 1];
    long[] t2 = new long[ids.length + 1];
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] != id && times[i] >= cutoff) {
        i2[n] = ids[i];
        t2[n++] = times[i];
      }
    }
    i2[n] = id;
    t2[n++] = time;
    int from = Math.max(0, n - cap);
    return new Bucket(Arrays.copyOfRange(i2, from, n), Arrays.copyOfRange(t2, from, n));
  }

  /** This bucket without {@code id}. */
  public Bucket without(long id) {
    long[] i2 = new long[ids.length];
    long[] t2 = new long[ids.length];
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] != id) {
        i2[n] = ids[i];
        t2[n++] = times[i];
      }
    }
    return n == ids.length ? this : new Bucket(Arrays.copyOf(i2, n), Arrays.copyOf(t2, n));
  }

  /** Binary form for a state store: a version byte, then (id, time) pairs of 16 bytes. */
  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(1 + 16 * ids.length);
    b.put(VERSION);
    for (int i = 0; i < ids.length; i++) {
      b.putLong(ids[i]).putLong(times[i]);
    }
    return b.array();
  }

  /** Reads {@link #encode}'s form; null is the empty bucket. */
  public static Bucket decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return EMPTY;
    }
    if (bytes[0] != VERSION || (bytes.length - 1) % 16 != 0) {
      throw new IllegalArgumentException("unknown bucket encoding");
    }
    int n = (bytes.length - 1) / 16;
    ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    long[] ids = new long[n];
    long[] times = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = b.getLong();
      times[i] = b.getLong();
    }
    return new Bucket(ids, times);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bucket b && Arrays.equals(ids, b.ids) && Arrays.equals(times, b.times);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + Arrays.hashCode(times);
  }

  @Override
  public String toString() {
    return "Bucket" + Arrays.toString(ids);
  }
}
