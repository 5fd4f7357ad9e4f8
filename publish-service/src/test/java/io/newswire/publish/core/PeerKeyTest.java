package io.newswire.publish.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.platform.core.access.Scope;
import org.junit.jupiter.api.Test;

class PeerKeyTest {
  @Test
  void aConfiguredKeyIsKnownByItsHashAsAnAdminPeer_andNeverShown() {
    String secret = "0123456789abcdef-shared-secret";
    PeerKey key = PeerKey.of(" " + secret + "\n");
    assertThat(key.generated()).isFalse();
    assertThat(key.authorization()).isEqualTo("Bearer " + secret);
    var principal = key.ring().find(secret).orElseThrow();
    assertThat(principal.name()).isEqualTo(PeerKey.PRINCIPAL);
    assertThat(principal.may(Scope.ADMIN)).isTrue();
    assertThat(principal.may(Scope.INGEST)).isFalse();
    assertThat(key.ring().find(secret + "x")).isEmpty();
    assertThat(key.toString()).doesNotContain(secret);
  }

  @Test
  void aShortOrSpacedKeyIsRefusedWithoutBeingEchoed() {
    assertThatThrownBy(() -> PeerKey.of("short-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("short-secret");
    assertThatThrownBy(() -> PeerKey.of("a long enough key with spaces"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void generatedKeysDifferAndAreEachTheirOwn() {
    PeerKey a = PeerKey.random();
    PeerKey b = PeerKey.random();
    assertThat(a.generated()).isTrue();
    assertThat(a.authorization()).isNotEqualTo(b.authorization());
    String aKey = a.authorization().substring(7);
    assertThat(aKey.length()).isGreaterThanOrEqualTo(PeerKey.MIN_LENGTH);
    assertThat(a.ring().find(aKey)).isPresent();
    assertThat(b.ring().find(aKey)).isEmpty();
  }
}
