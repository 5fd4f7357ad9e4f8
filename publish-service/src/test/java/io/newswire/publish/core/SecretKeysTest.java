package io.newswire.publish.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretKeysTest {
  static final String K1 = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);
  static final String K2 =
      "k2:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  @Test
  void aSecretSealedForAWebhookOpensForItAndDoesNotShowInTheBytes() throws Exception {
    SecretKeys keys = SecretKeys.parse(K1);
    SecretKeys.Sealed s = keys.seal("a-long-shared-secret", "hook-1");
    assertThat(s.keyId()).isEqualTo("k1");
    assertThat(new String(s.bytes(), StandardCharsets.ISO_8859_1))
        .doesNotContain("a-long-shared-secret");
    assertThat(s.bytes()).hasSize(12 + "a-long-shared-secret".length() + 16);
    assertThat(keys.open(s, "hook-1")).isEqualTo("a-long-shared-secret");
    assertThat(s.toString()).doesNotContain("secret");
  }

  @Test
  void everySealingHasItsOwnNonce() {
    SecretKeys keys = SecretKeys.parse(K1);
    byte[] a = keys.seal("same", "h").bytes();
    byte[] b = keys.seal("same", "h").bytes();
    assertThat(Arrays.copyOf(a, 12)).isNotEqualTo(Arrays.copyOf(b, 12));
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void aSecretMovedToAnotherWebhookDoesNotOpen() {
    SecretKeys keys = SecretKeys.parse(K1);
    SecretKeys.Sealed s = keys.seal("a-long-shared-secret", "hook-1");
    assertThatThrownBy(() -> keys.open(s, "hook-2")).isInstanceOf(SecretKeys.CannotOpen.class);
  }

  @Test
  void aTamperedSealDoesNotOpen() {
    SecretKeys keys = SecretKeys.parse(K1);
    SecretKeys.Sealed s = keys.seal("a-long-shared-secret", "hook-1");
    for (int i : new int[] {0, 11, 12, s.bytes().length - 1}) {
      byte[] b = s.bytes();
      b[i] ^= 1;
      assertThatThrownBy(() -> keys.open(new SecretKeys.Sealed("k1", b), "hook-1"))
          .as("byte " + i)
          .isInstanceOf(SecretKeys.CannotOpen.class);
    }
    assertThatThrownBy(() -> keys.open(new SecretKeys.Sealed("k1", new byte[20]), "hook-1"))
        .isInstanceOf(SecretKeys.CannotOpen.class);
  }

  @Test
  void aSealUnderAnUnknownOrAnotherKeyDoesNotOpen() {
    SecretKeys.Sealed s = SecretKeys.parse(K1).seal("a-long-shared-secret", "hook-1");
    assertThatThrownBy(() -> SecretKeys.parse(K2).open(s, "hook-1"))
        .isInstanceOf(SecretKeys.CannotOpen.class)
        .hasMessageContaining("'k1'");
    // the right id on another key: the tag does not match
    String otherK1 = "k1:" + K2.substring(3);
    assertThatThrownBy(() -> SecretKeys.parse(otherK1).open(s, "hook-1"))
        .isInstanceOf(SecretKeys.CannotOpen.class);
  }

  @Test
  void rotation_theFirstKeySeals_everyListedKeyOpens() throws Exception {
    SecretKeys before = SecretKeys.parse(K1);
    SecretKeys.Sealed old = before.seal("old-secret-of-hook", "h");
    SecretKeys rotated = SecretKeys.parse(K2 + "," + K1);
    assertThat(rotated.currentId()).contains("k2");
    assertThat(rotated.ids()).containsExactly("k2", "k1");
    assertThat(rotated.open(old, "h")).isEqualTo("old-secret-of-hook");
    assertThat(rotated.isStale(old.keyId())).isTrue();
    SecretKeys.Sealed again = rotated.seal(rotated.open(old, "h"), "h");
    assertThat(again.keyId()).isEqualTo("k2");
    assertThat(rotated.isStale(again.keyId())).isFalse();
    // once k1 is dropped, what it sealed no longer opens; what k2 sealed does
    SecretKeys after = SecretKeys.parse("# k1 retired\n" + K2);
    assertThatThrownBy(() -> after.open(old, "h")).isInstanceOf(SecretKeys.CannotOpen.class);
    assertThat(after.open(again, "h")).isEqualTo("old-secret-of-hook");
  }

  @Test
  void noKeyConfigured_sealingIsRefused() {
    assertThat(SecretKeys.parse("").isEmpty()).isTrue();
    assertThat(SecretKeys.none().currentId()).isEmpty();
    assertThatThrownBy(() -> SecretKeys.none().seal("x", "h"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void invalidSpecsAreRefusedWithoutEchoingTheKey() {
    String key = Base64.getEncoder().encodeToString(new byte[31]);
    assertThatThrownBy(() -> SecretKeys.parse("k:" + key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes")
        .message()
        .doesNotContain(key);
    assertThatThrownBy(() -> SecretKeys.parse("k:not base64!"))
        .hasMessageContaining("base64")
        .message()
        .doesNotContain("not base64!");
    assertThatThrownBy(() -> SecretKeys.parse("nocolon"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecretKeys.parse("bad id:" + key))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecretKeys.parse(K1 + "," + K1)).hasMessageContaining("repeated");
    assertThat(SecretKeys.parse(SecretKeys.generateEntry("gen")).currentId()).contains("gen");
    assertThat(SecretKeys.parse(K1).toString()).isEqualTo("SecretKeys[k1]");
  }
}
