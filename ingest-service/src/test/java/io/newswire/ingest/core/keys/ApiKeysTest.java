package io.newswire.ingest.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

  @Test
  void aKeyBelongsToTheAgencyWhoseHashItMatches() {
    ApiKeys keys =
        ApiKeys.parse("vov:" + ApiKeys.sha256Hex("k1") + ", VNA:sha256:" + ApiKeys.sha256Hex("k2"));
    assertThat(keys.agencyOf("k1")).hasValue("vov");
    assertThat(keys.agencyOf("k2")).hasValue("vna");
    assertThat(keys.agencyOf("k3")).isEmpty();
    assertThat(keys.agencyOf(null)).isEmpty();
    assertThat(keys.agencyOf("")).isEmpty();
  }

  @Test
  void anAgencyCanHoldTwoKeysDuringARotation() {
    ApiKeys keys =
        ApiKeys.parse("afp:" + ApiKeys.sha256Hex("old") + ",afp:" + ApiKeys.sha256Hex("new"));
    assertThat(keys.agencyOf("old")).hasValue("afp");
    assertThat(keys.agencyOf("new")).hasValue("afp");
  }

  @Test
  void refusesPlainKeysAndMalformedEntries() {
    assertThatThrownBy(() -> ApiKeys.parse("vov:secret")).hasMessageContaining("SHA-256");
    assertThatThrownBy(() -> ApiKeys.parse("noseparator")).hasMessageContaining("agency:sha256hex");
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
