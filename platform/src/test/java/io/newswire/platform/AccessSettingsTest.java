package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.platform.core.access.KeyRing;
import io.newswire.platform.core.access.Scope;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessSettingsTest {
  @Test
  void readsOperatorsKeysAndTheThrottleFromTheEnvironment() {
    AccessSettings s =
        AccessSettings.from(
            new Env(
                Map.of(
                    "NEWSWIRE_ADMIN_KEYS", "ops:" + KeyRing.sha256Hex("k1"),
                    "NEWSWIRE_ADMIN_KEYS_FILE", "/etc/newswire/admin.keys",
                    "NEWSWIRE_AUTH_MAX_FAILURES", "3",
                    "NEWSWIRE_AUTH_LOCKOUT_SECONDS", "5")));
    assertThat(s.adminKeys().find("k1").orElseThrow().scopes()).containsOnly(Scope.ADMIN);
    assertThat(s.adminKeysFile()).hasToString("/etc/newswire/admin.keys");
    assertThat(s.maxFailures()).isEqualTo(3);
    assertThat(s.lockout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void defaultsToNoOperatorsAndTenFailuresAMinute() {
    AccessSettings s = AccessSettings.from(new Env(Map.of()));
    assertThat(s.adminKeys().size()).isZero();
    assertThat(s.adminKeysFile()).isNull();
    assertThat(s.maxFailures()).isEqualTo(10);
    assertThat(s.lockout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void anOperatorKeyCannotAskForAnotherScope_andNonsenseIsRefused() {
    assertThatThrownBy(
            () ->
                AccessSettings.from(
                    new Env(
                        Map.of(
                            "NEWSWIRE_ADMIN_KEYS", "ops:" + KeyRing.sha256Hex("k") + ":ingest"))))
        .hasMessageContaining("scope 'ingest'");
    assertThatThrownBy(
            () -> AccessSettings.from(new Env(Map.of("NEWSWIRE_AUTH_MAX_FAILURES", "0"))))
        .hasMessageContaining("NEWSWIRE_AUTH_MAX_FAILURES");
    assertThatThrownBy(
            () -> AccessSettings.from(new Env(Map.of("NEWSWIRE_AUTH_LOCKOUT_SECONDS", "0"))))
        .hasMessageContaining("NEWSWIRE_AUTH_LOCKOUT_SECONDS");
  }
}
