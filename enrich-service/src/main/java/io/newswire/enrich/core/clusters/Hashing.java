package io.newswire.enrich.core.clusters;

import java.nio.charset.StandardCharsets;

/**
 * 64-bit hashing that is the same on every JVM and every run (no {@code String.hashCode}, no random
 * seeds): FNV-1a over UTF-8, finished with MurmurHash3's fmix64.
 */
final class Hashing {
  private Hashing() {}

  static long of(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** MurmurHash3's 64-bit finalizer: every input bit affects every output bit. */
  static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
