package io.newswire.platform.core.net;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which addresses a server-side request (a webhook delivery, a feed fetch) may connect to: none
 * that reaches inside — loopback, private (RFC 1918), CGNAT (100.64/10), link-local, unique-local
 * (fc00::/7), site-local, multicast, unspecified, broadcast, reserved, documentation and benchmark
 * ranges, Teredo and the IETF protocol block (2001::/23), the IPv6 forms that embed an IPv4 address
 * (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) when the embedded address is
 * one of those — unless an allow-list names it (CIDRs or single addresses, e.g. {@code
 * 127.0.0.1,10.1.0.0/16}).
 *
 * <p>A host is read as curl and browsers read it ({@link #literal}): {@code 2130706433}, {@code
 * 0x7f.1}, {@code 0177.0.0.1} and {@code 127.1} are all 127.0.0.1; {@code [::ffff:127.0.0.1]} is
 * too. A name is resolved by the {@link Resolver} given in, and refused if any of its addresses is;
 * {@code localhost} and {@code *.localhost} are loopback without a lookup (RFC 6761). The caller
 * connects only to the addresses {@link #check} returned, so a name that resolves differently the
 * next time (DNS rebinding) is checked again then.
 *
 * <p>Plain Java: no lookup happens here but through the resolver.
 */
public final class AddressPolicy {
  /** Resolves a host name (never a literal) to its addresses. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /**
   * A refused host; {@link #getMessage()} is safe to show to whoever gave the host: it never names
   * a resolved address.
   */
  public static final class Refused extends Exception {
    private Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** An address range: the first {@code prefix} bits of {@code network}. */
  public record Cidr(byte[] network, int prefix) {
    public Cidr {
      network = network.clone();
      if (network.length != 4 && network.length != 16) {
        throw new IllegalArgumentException("an address is 4 or 16 bytes");
      }
      if (prefix < 0 || prefix > network.length * 8) {
        throw new IllegalArgumentException("prefix out of range");
      }
    }

    static Cidr of(String spec) {
      String s = spec.trim();
      int slash = s.indexOf('/');
      String addr = slash < 0 ? s : s.substring(0, slash);
      byte[] a =
          literal(addr)
              .orElseThrow(
                  () -> new IllegalArgumentException("'" + spec.trim() + "' is not an address"));
      int prefix = a.length * 8;
      if (slash >= 0) {
        String p = s.substring(slash + 1);
        if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw new IllegalArgumentException("'" + spec.trim() + "' has no valid prefix length");
        }
        prefix = Integer.parseInt(p);
      }
      return new Cidr(a, prefix);
    }

    public boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
      try {
        return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static final List<Cidr> BLOCKED_V4 =
      cidrs(
          "0.0.0.0/8", // "this network", unspecified
          "10.0.0.0/8",
          "100.64.0.0/10", // CGNAT
          "127.0.0.0/8",
          "169.254.0.0/16", // link-local, cloud metadata
          "172.16.0.0/12",
          "192.0.0.0/24", // IETF protocol assignments
          "192.0.2.0/24", // TEST-NET-1
          "192.88.99.0/24", // 6to4 relay anycast
          "192.168.0.0/16",
          "198.18.0.0/15", // benchmarking
          "198.51.100.0/24", // TEST-NET-2
          "203.0.113.0/24", // TEST-NET-3
          "224.0.0.0/4", // multicast
          "240.0.0.0/4"); // reserved, and 255.255.255.255 broadcast

  private static final List<Cidr> BLOCKED_V6 =
      cidrs(
          "::/128", // unspecified
          "::1/128", // loopback
          "64:ff9b:1::/48", // local-use NAT64
          "100::/64", // discard-only
          "2001::/23", // IETF protocol assignments: Teredo, benchmarking, ORCHID...
          "2001:db8::/32", // documentation
          "3fff::/20", // documentation
          "fc00::/7", // unique-local
          "fe80::/10", // link-local
          "fec0::/10", // site-local (deprecated)
          "ff00::/8"); // multicast

  private static final Cidr MAPPED = Cidr.of("::ffff:0:0/96");
  private static final Cidr COMPATIBLE = Cidr.of("::/96");
  private static final Cidr NAT64 = Cidr.of("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.of("2002::/16");

  private static final int MAX_HOST = 253;
  private static final int MAX_ALLOWED = 256;

  private final List<Cidr> allowed;

  private AddressPolicy(List<Cidr> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  private static List<Cidr> cidrs(String... specs) {
    return Arrays.stream(specs).map(Cidr::of).toList();
  }

  /** Nothing inside allowed. */
  public static AddressPolicy strict() {
    return new AddressPolicy(List.of());
  }

  /**
   * Allows what {@code spec} names even if it is inside: addresses or CIDRs separated by commas or
   * spaces (e.g. {@code 127.0.0.1,10.1.0.0/16,::1}); blank: {@link #strict()}.
   */
  public static AddressPolicy allowing(String spec) {
    List<Cidr> list = new ArrayList<>();
    if (spec != null) {
      for (String s : spec.split("[,\\s]")) {
        if (!s.isBlank()) {
          if (list.size() >= MAX_ALLOWED) {
            throw new IllegalArgumentException("at most " + MAX_ALLOWED + " allowed ranges");
          }
          list.add(Cidr.of(s));
        }
      }
    }
    return new AddressPolicy(list);
  }

  public List<Cidr> allowed() {
    return allowed;
  }

  /** Whether a connection to this address is allowed. */
  public boolean permits(InetAddress address) {
    return permits(address.getAddress());
  }

  /** Whether a connection to this address (4 or 16 bytes) is allowed. */
  public boolean permits(byte[] address) {
    byte[] a = canonical(address);
    for (Cidr c : allowed) {
      if (c.contains(a) || c.contains(address)) {
        return true;
      }
    }
    return !isInternal(a);
  }

  /**
   * Whether an address is one of the blocked ranges (or an IPv6 form embedding one), whatever the
   * allow-list says.
   */
  public static boolean isInternal(byte[] address) {
    byte[] a = canonical(address);
    if (a.length == 4) {
      return BLOCKED_V4.stream().anyMatch(c -> c.contains(a));
    }
    if (a.length != 16) {
      return true; // not an IP address: nothing to connect to
    }
    if (BLOCKED_V6.stream().anyMatch(c -> c.contains(a))) {
      return true;
    }
    if (COMPATIBLE.contains(a) || NAT64.contains(a)) {
      return isInternal(Arrays.copyOfRange(a, 12, 16));
    }
    if (SIX_TO_FOUR.contains(a)) {
      return isInternal(Arrays.copyOfRange(a, 2, 6));
    }
    return false;
  }

  /** An IPv4-mapped IPv6 address as the IPv4 address it is; any other as it is. */
  static byte[] canonical(byte[] a) {
    return a.length == 16 && MAPPED.contains(a) ? Arrays.copyOfRange(a, 12, 16) : a.clone();
  }

  /**
   * The addresses a request to {@code host} (as in a URL: a name, an IPv4 address in any notation
   * inet_aton takes, or an IPv6 address in brackets) may connect to: all of them permitted, at
   * least one.
   *
   * @throws Refused "address not allowed", "host not found" or "not a valid host"
   */
  public List<InetAddress> check(String host, Resolver resolver) throws Refused {
    String h = normalize(host);
    Optional<byte[]> lit = literal(h);
    List<InetAddress> addresses = new ArrayList<>();
    if (lit.isPresent()) {
      addresses.add(address(lit.get()));
    } else if (looksNumeric(h) || !isHostName(h)) {
      throw new Refused("not a valid host");
    } else if (h.equals("localhost") || h.endsWith(".localhost")) {
      addresses.add(address(new byte[] {127, 0, 0, 1}));
      addresses.add(address(literal("::1").orElseThrow()));
    } else {
      InetAddress[] resolved;
      try {
        resolved = resolver.resolve(h);
      } catch (UnknownHostException e) {
        throw new Refused("host not found");
      }
      if (resolved == null || resolved.length == 0) {
        throw new Refused("host not found");
      }
      addresses.addAll(Arrays.asList(resolved).subList(0, Math.min(resolved.length, 64)));
    }
    for (InetAddress a : addresses) {
      if (!permits(a)) {
        throw new Refused("address not allowed");
      }
    }
    return addresses;
  }

  private static InetAddress address(byte[] a) {
    try {
      return InetAddress.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A URL's host as looked up: brackets kept, lower case, one trailing dot dropped, an
   * internationalized name in its ASCII form (which also folds full-width digits and dots).
   *
   * @throws Refused when it is empty, too long or not convertible
   */
  static String normalize(String host) throws Refused {
    if (host == null || host.isEmpty() || host.length() > MAX_HOST + 2) {
      throw new Refused("not a valid host");
    }
    String h = host;
    boolean ascii = h.chars().allMatch(c -> c < 0x80);
    if (!ascii) {
      try {
        h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        throw new Refused("not a valid host");
      }
    }
    h = h.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.isEmpty() || h.length() > MAX_HOST + 2) {
      throw new Refused("not a valid host");
    }
    return h;
  }

  /** Letters, digits, '-', '_' and '.' in labels of 1 to 63 characters. */
  private static boolean isHostName(String h) {
    if (h.length() > MAX_HOST) {
      return false;
    }
    int label = 0;
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      if (c == '.') {
        if (label == 0) {
          return false;
        }
        label = 0;
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        if (++label > 63) {
          return false;
        }
      } else {
        return false;
      }
    }
    return label > 0;
  }

  /**
   * Whether the last label is a number (decimal, or 0x hex): such a host is an IPv4 address or
   * nothing (WHATWG URL), never a name to resolve.
   */
  private static boolean looksNumeric(String h) {
    String last = h.substring(h.lastIndexOf('.') + 1);
    if (last.isEmpty()) {
      return false;
    }
    if (isHexPrefixed(last)) {
      return last.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80);
    }
    return last.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static boolean isHexPrefixed(String s) {
    return s.length() >= 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X');
  }

  /**
   * The address a host literal denotes, without any lookup: an IPv6 address (with or without
   * brackets, no zone) or an IPv4 address in any notation inet_aton and curl take (1 to 4 parts,
   * each decimal, octal with a leading 0 or hex with 0x; the last part fills the remaining bytes:
   * {@code 127.1}, {@code 0x7f.1}, {@code 2130706433}, {@code 0177.0.0.1}). Empty for a name or
   * anything else.
   */
  public static Optional<byte[]> literal(String host) {
    if (host == null || host.isEmpty() || host.length() > MAX_HOST + 2) {
      return Optional.empty();
    }
    String h = host;
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
      return ipv6(h);
    }
    if (h.indexOf(':') >= 0) {
      return ipv6(h);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return ipv4(h);
  }

  private static Optional<byte[]> ipv4(String h) {
    String[] parts = h.split("\\.", -1);
    if (parts.length < 1 || parts.length > 4) {
      return Optional.empty();
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = number(parts[i]);
      if (values[i] < 0) {
        return Optional.empty();
      }
    }
    long result = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (values[i] > 255) {
        return Optional.empty();
      }
      result |= values[i] << (8 * (3 - i));
    }
    long last = values[parts.length - 1];
    int lastBytes = 4 - (parts.length - 1);
    if (last >= (1L << (8 * lastBytes))) {
      return Optional.empty();
    }
    result |= last;
    return Optional.of(
        new byte[] {
          (byte) (result >>> 24), (byte) (result >>> 16), (byte) (result >>> 8), (byte) result
        });
  }

  /** One inet_aton part: decimal, 0-prefixed octal, or 0x hex; -1 if it is none (or too big). */
  static long number(String p) {
    if (p.isEmpty() || p.length() > 34) {
      return -1;
    }
    int radix = 10;
    String digits = p;
    if (isHexPrefixed(p)) {
      radix = 16;
      digits = p.substring(2);
      if (digits.isEmpty()) {
        return 0; // "0x" alone, as inet_aton and WHATWG read it
      }
    } else if (p.length() > 1 && p.charAt(0) == '0') {
      radix = 8;
      digits = p.substring(1);
    }
    long v = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = Character.digit(digits.charAt(i), radix);
      if (d < 0 || digits.charAt(i) > 0x7f) {
        return -1;
      }
      v = v * radix + d;
      if (v > 0xffffffffL) {
        return -1;
      }
    }
    return v;
  }

  private static Optional<byte[]> ipv6(String h) {
    if (h.isEmpty() || h.length() > 45) {
      return Optional.empty(); // longer than any IPv6 text form; a zone (%eth0) is refused too
    }
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == ':'
              || c == '.';
      if (!ok) {
        return Optional.empty();
      }
    }
    try {
      // a string of hex digits, colons and dots with a colon is parsed as an IPv6 literal: no
      // lookup
      byte[] a = InetAddress.getByName("[" + h + "]").getAddress();
      if (a.length == 4) { // Java turns ::ffff:a.b.c.d into an Inet4Address: keep the mapped form
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(a, 0, mapped, 12, 4);
        return Optional.of(mapped);
      }
      return Optional.of(a);
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
