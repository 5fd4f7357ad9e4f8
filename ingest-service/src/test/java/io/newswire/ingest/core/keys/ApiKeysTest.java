package io.newswire.ingest.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

  @Test
  void aKeyBelongsToTheAgencyWhoseHashItMatches() {
    var keys =
        ApiKeys.parse("vov:" + ApiKeys.sha256Hex("k1") + ", VNA:sha256:" + ApiKeys.sha256Hex("k2"));
    assertThat(keys.find("k1").map(p -> p.name())).hasValue("vov");
    assertThat(keys.find("k2").map(p -> p.name())).hasValue("vna");
    assertThat(keys.find("k3")).isEmpty();
    assertThat(keys.find(null)).isEmpty();
    assertThat(keys.find("")).isEmpty();
  }

  @Test
  void anAgencyCanHoldTwoKeysDuringARotation() {
    var keys =
        ApiKeys.parse("afp:" + ApiKeys.sha256Hex("old") + ",afp:" + ApiKeys.sha256Hex("new"));
    assertThat(keys.find("old").map(p -> p.name())).hasValue("afp");
    assertThat(keys.find("new").map(p -> p.name())).hasValue("afp");
  }

  @Test
  void refusesPlainKeysAndMalformedEntries() {
    assertThatThrownBy(() -> ApiKeys.parse("vov:secret")).hasMessageContaining("SHA-256");
    assertThatThrownBy(() -> ApiKeys.parse("noseparator"))
        .hasMessageContaining("agency key entry must be name:sha256hex");
    assertThatThrownBy(() -> ApiKeys.parse("Bad Agency:" + ApiKeys.sha256Hex("k")))
        .hasMessageContaining("agency");
    assertThat(ApiKeys.parse("").size()).isZero();
  }

  @Test
  void hashesAreSha256Hex() {
    assertThat(ApiKeys.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
