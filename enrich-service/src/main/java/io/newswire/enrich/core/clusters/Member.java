package io.newswire.enrich.core.clusters;

/**
 * A story held in the cluster index: what it takes to compare a newcomer with it and to list it.
 *
 * @param urn the story's URN
 * @param agency the agency that sent it
 * @param language its language (BCP 47); only stories of the same primary language are compared
 * @param clusterId the cluster it is in
 * @param time when it was last seen (ms since the epoch): its latest version's receipt time
 * @param signature its MinHash signature; empty when it had too few shingles to be matched
 * @param numbers hashes of its distinct numbers, sorted
 */
public record Member(
    String urn,
    String agency,
    String language,
    String clusterId,
    long time,
    int[] signature,
    long[] numbers) {

  /** Whether newcomers may be matched against it. */
  public boolean matchable() {
    return signature.length > 0;
  }

  /** Binary form for a state store (plain bytes, versioned by its first byte). */
  public byte[] encode() {
    byte[] u = urn.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] a = agency.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] l = language.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] c = clusterId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    var b =
        java.nio.ByteBuffer.allocate(
            1
                + 16
                + u.length
                + a.length
                + l.length
                + c.length
                + 8
                + 8
                + 4 * signature.length
                + 8 * numbers.length);
    b.put((byte) 1);
    for (byte[] s : new byte[][] {u, a, l, c}) {
      b.putInt(s.length).put(s);
    }
    b.putLong(time);
    b.putInt(signature.length);
    for (int x : signature) {
      b.putInt(x);
    }
    b.putInt(numbers.length);
    for (long x : numbers) {
      b.putLong(x);
    }
    return b.array();
  }

  public static Member decode(byte[] bytes) {
    var b = java.nio.ByteBuffer.wrap(bytes);
    if (b.get() != 1) {
      throw new IllegalArgumentException("unknown member encoding");
    }
    String[] s = new String[4];
    for (int i = 0; i < 4; i++) {
      byte[] x = new byte[b.getInt()];
      b.get(x);
      s[i] = new String(x, java.nio.charset.StandardCharsets.UTF_8);
    }
    long time = b.getLong();
    int[] sig = new int[b.getInt()];
    b.asIntBuffer().get(sig);
    b.position(b.position() + 4 * sig.length);
    long[] nums = new long[b.getInt()];
    b.asLongBuffer().get(nums);
    return new Member(s[0], s[1], s[2], s[3], time, sig, nums);
  }
}
