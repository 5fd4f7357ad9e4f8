package io.newswire.enrich.core.clusters;

import io.newswire.enrich.core.clusters.ClusterIndex.Ref;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Binary form of a bucket's or a cluster's member list, for a state store. */
public final class Refs {
  private Refs() {}

  public static byte[] encode(List<Ref> refs) {
    int size = 1 + 4;
    List<byte[][]> parts = new ArrayList<>(refs.size());
    for (Ref r : refs) {
      byte[][] p = {
        r.urn().getBytes(StandardCharsets.UTF_8), r.agency().getBytes(StandardCharsets.UTF_8)
      };
      parts.add(p);
      size += 8 + p[0].length + p[1].length + 16;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put((byte) 2).putInt(refs.size());
    for (int i = 0; i < refs.size(); i++) {
      byte[][] p = parts.get(i);
      Ref r = refs.get(i);
      b.putInt(p[0].length).put(p[0]).putInt(p[1].length).put(p[1]).putLong(r.time());
      b.putLong(r.embargoedUntil());
    }
    return b.array();
  }

  public static List<Ref> decode(byte[] bytes) {
    if (bytes == null) {
      return List.of();
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte version = b.get(); // 1: before embargoes (no embargo field)
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("unknown member list encoding");
    }
    int n = b.getInt();
    List<Ref> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] urn = new byte[b.getInt()];
      b.get(urn);
      byte[] agency = new byte[b.getInt()];
      b.get(agency);
      long time = b.getLong();
      out.add(
          new Ref(
              new String(urn, StandardCharsets.UTF_8),
              new String(agency, StandardCharsets.UTF_8),
              time,
              version == 1 ? Long.MIN_VALUE : b.getLong()));
    }
    return out;
  }
}
