package io.newswire.platform.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyRingTest {
  static final KeyRing.Kind SUBSCRIBERS =
      new KeyRing.Kind(
          "subscriber",
          n -> n.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-'),
          Set.of(Scope.READ, Scope.WEBHOOKS, Scope.ADMIN),
          Set.of(Scope.READ));

  @Test
  void anEntryWithoutScopesGetsTheKindsDefaults() {
    KeyRing ring = KeyRing.parse("desk:" + KeyRing.sha256Hex("k1"), SUBSCRIBERS);
    assertThat(ring.find("k1")).contains(new Principal("desk", Set.of(Scope.READ)));
  }

  @Test
  void scopesAreNamedAfterTheHash() {
    KeyRing ring =
        KeyRing.parse(
            "desk:sha256:"
                + KeyRing.sha256Hex("k1")
                + ":read+webhooks\nops:"
                + KeyRing.sha256Hex("k2")
                + ":admin",
            SUBSCRIBERS);
    assertThat(ring.find("k1").orElseThrow().scopes()).containsOnly(Scope.READ, Scope.WEBHOOKS);
    Principal ops = ring.find("k2").orElseThrow();
    assertThat(ops.isAdmin()).isTrue();
    assertThat(ops.may(Scope.WEBHOOKS)).isTrue();
    assertThat(ops.may(Scope.INGEST)).as("an operator is not an agency").isFalse();
    assertThat(ring.find("k1").orElseThrow().may(Scope.ADMIN)).isFalse();
  }

  @Test
  void aScopeTheKindDoesNotAllowIsRefused() {
    assertThatThrownBy(
            () -> KeyRing.parse("desk:" + KeyRing.sha256Hex("k") + ":ingest", SUBSCRIBERS))
        .hasMessageContaining("scope 'ingest'")
        .hasMessageContaining("[admin, read, webhooks]");
    assertThatThrownBy(() -> KeyRing.parse("desk:" + KeyRing.sha256Hex("k") + ":root", SUBSCRIBERS))
        .hasMessageContaining("scope 'root'");
  }

  @Test
  void errorsNeverEchoTheHashOrAPlainKey() {
    assertThatThrownBy(() -> KeyRing.parse("desk:my-plain-secret", SUBSCRIBERS))
        .hasMessageContaining("not 64 hex digits")
        .hasMessageNotContaining("my-plain-secret");
    assertThatThrownBy(() -> KeyRing.parse("desk", SUBSCRIBERS))
        .hasMessageContaining("name:sha256hex");
    assertThatThrownBy(() -> KeyRing.parse("a b:" + KeyRing.sha256Hex("k"), SUBSCRIBERS))
        .hasMessageContaining("invalid subscriber name");
  }

  @Test
  void unknownEmptyAndMissingKeysFindNobody() {
    KeyRing ring = KeyRing.parse("# comment\n\ndesk:" + KeyRing.sha256Hex("k1"), SUBSCRIBERS);
    assertThat(ring.size()).isEqualTo(1);
    assertThat(ring.find("k2")).isEmpty();
    assertThat(ring.find("")).isEmpty();
    assertThat(ring.find(null)).isEmpty();
  }

  @Test
  void plusKeepsBothRingsKeys() {
    KeyRing a = KeyRing.parse("a:" + KeyRing.sha256Hex("ka"), SUBSCRIBERS);
    KeyRing b = KeyRing.parse("b:" + KeyRing.sha256Hex("kb"), SUBSCRIBERS);
    KeyRing both = a.plus(b);
    assertThat(both.find("ka").map(Principal::name)).hasValue("a");
    assertThat(both.find("kb").map(Principal::name)).hasValue("b");
    assertThat(KeyRing.empty().plus(a).size()).isEqualTo(1);
  }

  @Test
  void operatorsKeysCarryAdminOnly_andASinglePrincipalIsKnownByItsHash() {
    KeyRing ops = AdminKeys.parse("ops:" + KeyRing.sha256Hex("k1"));
    assertThat(ops.find("k1")).contains(new Principal("ops", Set.of(Scope.ADMIN)));
    assertThatThrownBy(() -> AdminKeys.parse("Ops!:" + KeyRing.sha256Hex("k1")))
        .hasMessageContaining("invalid operator name");
    KeyRing peer =
        AdminKeys.single("publish-peer", KeyRing.sha256Hex("shared"), Set.of(Scope.ADMIN));
    assertThat(peer.find("shared")).contains(new Principal("publish-peer", Set.of(Scope.ADMIN)));
    assertThat(peer.find("other")).isEmpty();
  }
}
