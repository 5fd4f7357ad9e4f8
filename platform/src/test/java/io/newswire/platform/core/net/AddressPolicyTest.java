package io.newswire.platform.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The address policy as a function: no test here connects anywhere or looks a name up (names go to
 * a resolver that answers from a map and records what it was asked).
 */
class AddressPolicyTest {
  static final AddressPolicy STRICT = AddressPolicy.strict();

  static byte[] ip(String literal) {
    return AddressPolicy.literal(literal).orElseThrow(() -> new AssertionError(literal));
  }

  static String text(byte[] a) throws UnknownHostException {
    return InetAddress.getByAddress(a).getHostAddress();
  }

  /** Answers from a fixed map (literal addresses only), remembering each name asked. */
  static final class MapResolver implements AddressPolicy.Resolver {
    final Map<String, List<String>> names;
    final List<String> asked = new ArrayList<>();

    MapResolver(Map<String, List<String>> names) {
      this.names = names;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      asked.add(host);
      List<String> a = names.get(host);
      if (a == null) {
        throw new UnknownHostException(host);
      }
      InetAddress[] out = new InetAddress[a.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = InetAddress.getByAddress(ip(a.get(i)));
      }
      return out;
    }
  }

  static final MapResolver NONE = new MapResolver(Map.of());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.0.0.0",
        "0.1.2.3",
        "10.0.0.1",
        "10.255.255.255",
        "100.64.0.1",
        "100.127.255.254",
        "127.0.0.1",
        "127.255.255.254",
        "169.254.169.254",
        "172.16.0.1",
        "172.31.255.255",
        "192.0.0.8",
        "192.0.2.1",
        "192.88.99.1",
        "192.168.1.1",
        "198.18.0.1",
        "198.19.255.255",
        "198.51.100.7",
        "203.0.113.9",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::",
        "::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "::ffff:7f00:1",
        "::127.0.0.1",
        "::10.0.0.1",
        "64:ff9b::127.0.0.1",
        "64:ff9b::a9fe:a9fe",
        "64:ff9b:1::1",
        "2002:7f00:1::",
        "2002:a00:1::1",
        "2001::1",
        "2001:0:4136:e378::1",
        "2001:db8::1",
        "3fff::1",
        "fc00::1",
        "fd12:3456::1",
        "fe80::1",
        "febf::1",
        "fec0::1",
        "ff02::1",
        "ff05::2",
        "100::1",
        "0:0:0:0:0:0:0:1",
        "0:0:0:0:0:ffff:127.0.0.1"
      })
  void insideAddressesAreRefused(String address) {
    assertThat(STRICT.permits(ip(address))).as(address).isFalse();
    assertThat(AddressPolicy.isInternal(ip(address))).as(address).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "9.255.255.255",
        "11.0.0.0",
        "100.63.255.255",
        "100.128.0.0",
        "126.255.255.255",
        "128.0.0.0",
        "169.253.255.255",
        "172.15.255.255",
        "172.32.0.0",
        "192.167.255.255",
        "192.169.0.0",
        "198.17.255.255",
        "198.20.0.0",
        "223.255.255.255",
        "2606:4700::1111",
        "2a00:1450:4001::200e",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
        "2002:808:808::1",
        "2001:200::1",
        "fbff::1",
        "fe7f::1"
      })
  void publicAddressesAreAllowed(String address) {
    assertThat(STRICT.permits(ip(address))).as(address).isTrue();
  }

  @Test
  void cidrBoundariesAreExact() {
    AddressPolicy.Cidr c = AddressPolicy.Cidr.of("100.64.0.0/10");
    assertThat(c.contains(ip("100.64.0.0"))).isTrue();
    assertThat(c.contains(ip("100.127.255.255"))).isTrue();
    assertThat(c.contains(ip("100.128.0.0"))).isFalse();
    assertThat(c.contains(ip("100.63.255.255"))).isFalse();
    assertThat(c.contains(ip("::ffff:100.64.0.0"))).isFalse(); // another length
    assertThat(AddressPolicy.Cidr.of("0.0.0.0/0").contains(ip("8.8.8.8"))).isTrue();
    assertThat(AddressPolicy.Cidr.of("fc00::/7").contains(ip("fdff::1"))).isTrue();
    assertThat(AddressPolicy.Cidr.of("fc00::/7").contains(ip("fe00::1"))).isFalse();
    assertThatThrownBy(() -> AddressPolicy.Cidr.of("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AddressPolicy.Cidr.of("10.0.0.0/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AddressPolicy.Cidr.of("example.org"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inetAtonNotationsAreReadAsCurlReadsThem() throws Exception {
    for (String h :
        List.of(
            "127.0.0.1",
            "127.1",
            "127.0.1",
            "2130706433",
            "0x7f000001",
            "0X7F000001",
            "0x7f.1",
            "0x7f.0.0.1",
            "0177.0.0.1",
            "0177.1",
            "017700000001",
            "127.0.0.1.",
            "0x7f.0x0.0x0.0x1",
            "[::ffff:127.0.0.1]",
            "[::ffff:7f00:1]")) {
      byte[] a = AddressPolicy.canonical(ip(h));
      assertThat(text(a)).as(h).isEqualTo("127.0.0.1");
    }
    assertThat(text(ip("[::1]"))).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(text(ip("[0:0:0:0:0:0:0:1]"))).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(text(ip("0"))).isEqualTo("0.0.0.0");
    assertThat(text(ip("0x"))).isEqualTo("0.0.0.0");
    assertThat(text(ip("10.1"))).isEqualTo("10.0.0.1");
    assertThat(text(ip("192.168.257"))).isEqualTo("192.168.1.1");
    assertThat(text(ip("4294967295"))).isEqualTo("255.255.255.255");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4294967296", "256.0.0.1", "1.2.3.4.5", "1.256.0.0", "1.2.65536", "08.0.0.1", "0x1g.0.0.1",
        "1..2.3", ".1.2.3", "[1.2.3.4]", "[::1%eth0]", "[::1", "::zz", "[fe80::1%25en0]",
        "example.org", "localhost", "", "1.2.3.4:80"
      })
  void anythingElseIsNotALiteral(String host) {
    assertThat(AddressPolicy.literal(host)).as(host).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.1",
        "0x7f.1",
        "2130706433",
        "0177.0.0.1",
        "0x7F000001",
        "127.0.0.1.",
        "[::1]",
        "[0:0:0:0:0:0:0:1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "[::127.0.0.1]",
        "[64:ff9b::7f00:1]",
        "[2002:7f00:1::1]",
        "[fe80::1]",
        "[fd00::1]",
        "[::]",
        "0",
        "0.0.0.0",
        "10.0.0.1",
        "012.0.0.1",
        "0xa.0.0.1",
        "167772161",
        "169.254.169.254",
        "0xa9fea9fe",
        "2852039166",
        "172.16.0.1",
        "192.168.0.1",
        "100.64.0.1",
        "255.255.255.255",
        "224.0.0.1",
        "localhost",
        "LOCALHOST",
        "localhost.",
        "LocalHost.",
        "api.localhost",
        "x.y.localhost.",
        "１２７.０.０.１",
        "127。0。0。1",
        "０ｘ７ｆ.１"
      })
  void insideHostsInAnyNotationAreRefusedWithoutALookup(String host) {
    assertThatThrownBy(() -> STRICT.check(host, NONE))
        .as(host)
        .isInstanceOf(AddressPolicy.Refused.class)
        .hasMessage("address not allowed");
    assertThat(NONE.asked).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.2.3.4.5",
        "4294967296",
        "256.1.1.1",
        "0x100000000",
        "09.1.1.1",
        "example.09",
        "exa mple.org",
        "evil.com/x",
        "a..b",
        ".",
        "..",
        "[::1%lo]",
        "[1.2.3.4]",
        "ex@mple.org"
      })
  void malformedHostsAreRefusedWithoutALookup(String host) {
    assertThatThrownBy(() -> STRICT.check(host, NONE))
        .as(host)
        .isInstanceOf(AddressPolicy.Refused.class)
        .hasMessage("not a valid host");
    assertThat(NONE.asked).isEmpty();
  }

  @Test
  void aNameIsAllowedOnlyWhenEveryAddressItResolvesToIs() throws Exception {
    MapResolver dns =
        new MapResolver(
            Map.of(
                "news.example", List.of("93.184.216.34", "2606:2800:220:1::1"),
                "mixed.example", List.of("93.184.216.34", "10.0.0.7"),
                "rebind.example", List.of("::ffff:169.254.169.254"),
                "empty.example", List.of()));
    assertThat(STRICT.check("News.Example.", dns))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("93.184.216.34", "2606:2800:220:1:0:0:0:1");
    assertThat(dns.asked).containsExactly("news.example");
    for (String h : List.of("mixed.example", "rebind.example")) {
      assertThatThrownBy(() -> STRICT.check(h, dns))
          .as(h)
          .isInstanceOf(AddressPolicy.Refused.class)
          .hasMessage("address not allowed");
    }
    for (String h : List.of("empty.example", "unknown.example")) {
      assertThatThrownBy(() -> STRICT.check(h, dns))
          .as(h)
          .isInstanceOf(AddressPolicy.Refused.class)
          .hasMessage("host not found");
    }
  }

  @Test
  void anInternationalizedNameIsLookedUpInItsAsciiForm() throws Exception {
    MapResolver dns = new MapResolver(Map.of("xn--bcher-kva.example", List.of("93.184.216.34")));
    assertThat(STRICT.check("bücher.example", dns)).hasSize(1);
    assertThat(dns.asked).containsExactly("xn--bcher-kva.example");
  }

  @Test
  void theAllowListOpensExactlyWhatItNames() throws Exception {
    AddressPolicy local = AddressPolicy.allowing("127.0.0.1, 10.1.0.0/16 ::1");
    assertThat(local.permits(ip("127.0.0.1"))).isTrue();
    assertThat(local.permits(ip("::ffff:127.0.0.1"))).isTrue();
    assertThat(local.permits(ip("::1"))).isTrue();
    assertThat(local.permits(ip("10.1.200.3"))).isTrue();
    assertThat(local.permits(ip("127.0.0.2"))).isFalse();
    assertThat(local.permits(ip("10.2.0.1"))).isFalse();
    assertThat(local.permits(ip("169.254.169.254"))).isFalse();
    assertThat(local.check("127.1", NONE))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("127.0.0.1");
    assertThat(local.check("0x7f.1", NONE)).hasSize(1);
    assertThatThrownBy(() -> local.check("127.0.0.2", NONE))
        .isInstanceOf(AddressPolicy.Refused.class);
    // localhost is 127.0.0.1 and ::1: both allowed here
    assertThat(local.check("localhost", NONE)).hasSize(2);
    assertThatThrownBy(() -> AddressPolicy.allowing("127.0.0.1").check("localhost", NONE))
        .isInstanceOf(AddressPolicy.Refused.class);
    assertThat(AddressPolicy.allowing("").allowed()).isEmpty();
    assertThat(AddressPolicy.allowing(null).allowed()).isEmpty();
    assertThatThrownBy(() -> AddressPolicy.allowing("127.0.0.1,not-an-ip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not-an-ip");
  }

  @Test
  void theRefusalNeverNamesTheResolvedAddress() {
    MapResolver dns = new MapResolver(Map.of("internal.example", List.of("10.20.30.40")));
    assertThatThrownBy(() -> STRICT.check("internal.example", dns))
        .isInstanceOf(AddressPolicy.Refused.class)
        .message()
        .doesNotContain("10.20.30.40")
        .doesNotContain("internal");
  }

  @Test
  void aLongHostIsRefusedBeforeAnyWork() {
    String longName = "a".repeat(64) + ".example";
    assertThatThrownBy(() -> STRICT.check(longName, NONE))
        .isInstanceOf(AddressPolicy.Refused.class);
    assertThatThrownBy(() -> STRICT.check("a.".repeat(200) + "org", NONE))
        .isInstanceOf(AddressPolicy.Refused.class);
    assertThat(AddressPolicy.literal("1".repeat(300))).isEmpty();
    assertThat(AddressPolicy.number("1".repeat(40))).isEqualTo(-1);
    assertThat(NONE.asked).isEmpty();
  }
}
