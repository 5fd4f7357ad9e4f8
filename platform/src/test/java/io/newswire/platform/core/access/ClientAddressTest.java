package io.newswire.platform.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressTest {
  final ClientAddress behindProxy = ClientAddress.trusting("10.0.0.5, 10.1.0.0/16");

  @Test
  void withoutTrustedProxiesTheClientIsThePeerWhateverItForwards() {
    assertThat(ClientAddress.direct().of("203.0.113.7", "198.51.100.1")).isEqualTo("203.0.113.7");
    assertThat(ClientAddress.direct().trustsAnyProxy()).isFalse();
  }

  @Test
  void anUntrustedPeerCannotChooseItsAddressWithAHeader() {
    assertThat(behindProxy.of("203.0.113.7", "198.51.100.1")).isEqualTo("203.0.113.7");
  }

  @Test
  void behindATrustedProxyTheClientIsTheRightMostUntrustedEntry() {
    assertThat(behindProxy.of("10.0.0.5", "198.51.100.1")).isEqualTo("198.51.100.1");
    // the client's own entry (left) is ignored: the proxy appended the real peer
    assertThat(behindProxy.of("10.0.0.5", "127.0.0.1, 198.51.100.1")).isEqualTo("198.51.100.1");
    // two proxies in a row, both trusted
    assertThat(behindProxy.of("10.0.0.5", "192.0.2.9, 10.1.2.3")).isEqualTo("192.0.2.9");
    assertThat(behindProxy.of("10.0.0.5", " 2001:db8::1 ")).isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  void aTrustedProxyWithoutAHeaderOrWithOnlyProxiesInItIsTheLastAddressSeen() {
    assertThat(behindProxy.of("10.0.0.5", null)).isEqualTo("10.0.0.5");
    assertThat(behindProxy.of("10.0.0.5", "")).isEqualTo("10.0.0.5");
    assertThat(behindProxy.of("10.0.0.5", "10.1.0.1,10.1.0.2")).isEqualTo("10.1.0.1");
  }

  @Test
  void hostileHeadersCostBoundedWork() {
    String many = "198.51.100.1," + "10.1.0.1,".repeat(100_000) + "10.1.0.2";
    assertThat(behindProxy.of("10.0.0.5", many))
        .as("stops after %d hops", ClientAddress.MAX_HOPS)
        .isEqualTo("10.1.0.1");
    assertThat(behindProxy.of("10.0.0.5", "x".repeat(10_000))).hasSize(64);
    assertThat(behindProxy.of("10.0.0.5", ",,,")).isEqualTo("10.0.0.5");
  }
}
