package io.newswire.platform.core.access;

import io.newswire.platform.core.net.AddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Which address a request comes from, for throttling failed authentications: the TCP peer's, unless
 * the peer is a trusted reverse proxy (one terminating TLS in front of the service); then the
 * right-most address of {@code X-Forwarded-For} that is not itself a trusted proxy. Entries a
 * client wrote itself sit left of what the proxies appended, so they are never reached while a
 * proxy's entry is there. At most {@link #MAX_HOPS} entries are read.
 */
public final class ClientAddress {
  /** The most {@code X-Forwarded-For} entries read, from the right. */
  public static final int MAX_HOPS = 16;

  private static final int MAX_ENTRY = 64;

  private final List<AddressPolicy.Cidr> trustedProxies;

  private ClientAddress(List<AddressPolicy.Cidr> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  /** Trusts no proxy: the client is always the TCP peer. */
  public static ClientAddress direct() {
    return new ClientAddress(List.of());
  }

  /**
   * Trusts the proxies {@code spec} names: addresses or CIDRs separated by commas, as in {@code
   * NEWSWIRE_TRUSTED_PROXIES}; blank: {@link #direct()}.
   */
  public static ClientAddress trusting(String spec) {
    return new ClientAddress(AddressPolicy.allowing(spec).allowed());
  }

  public boolean trustsAnyProxy() {
    return !trustedProxies.isEmpty();
  }

  /** The client of a request from {@code peer} carrying {@code forwardedFor} (or null). */
  public String of(String peer, String forwardedFor) {
    if (forwardedFor == null || !trusted(peer)) {
      return peer;
    }
    String client = peer;
    int end = forwardedFor.length();
    for (int hop = 0; hop < MAX_HOPS && end > 0; hop++) {
      int comma = forwardedFor.lastIndexOf(',', end - 1);
      String entry = forwardedFor.substring(comma + 1, end).trim();
      end = Math.max(comma, 0);
      if (entry.isEmpty()) {
        continue;
      }
      Optional<byte[]> address = AddressPolicy.literal(entry);
      if (address.isEmpty()) {
        // not an address: what the nearest proxy was told; keep it as the client's name
        return entry.length() > MAX_ENTRY ? entry.substring(0, MAX_ENTRY) : entry;
      }
      client = text(address.get());
      if (!trusted(address.get())) {
        return client;
      }
    }
    return client;
  }

  private boolean trusted(String peer) {
    return peer != null && AddressPolicy.literal(peer).map(this::trusted).orElse(false);
  }

  private boolean trusted(byte[] address) {
    return trustedProxies.stream().anyMatch(c -> c.contains(address));
  }

  private static String text(byte[] address) {
    try {
      return InetAddress.getByAddress(address).getHostAddress(); // no lookup: an address is given
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
