package io.newswire.platform.core.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterCoreTest {
  @Test
  void idsArePartitionColonOffsetAndABareOffsetIsPartitionZero() {
    assertThat(LetterId.parse("12")).isEqualTo(new LetterId(0, 12));
    assertThat(LetterId.parse("1:12")).isEqualTo(new LetterId(1, 12));
    assertThat(LetterId.parse("1:12").toString()).isEqualTo("1:12");
    for (String bad :
        new String[] {"", ":", "1:", ":2", "-1:2", "a:b", "1:2:3", "1 :2", "99999999999:1", null}) {
      assertThatThrownBy(() -> LetterId.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("partition:offset");
    }
    assertThatThrownBy(() -> LetterId.parse("1".repeat(1000)))
        .hasMessage("a dead letter id is partition:offset, e.g. 0:12");
  }

  @Test
  void payloadsShowAsTextWhenTheyAreUtf8TextElseAsBase64() {
    assertThat(PayloadText.describe("Xin chào\n\tnewline".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("Xin chào\n\tnewline");
    assertThat(PayloadText.describe(new byte[] {0, 0, 0, 1, (byte) 0xff}))
        .isEqualTo("base64:AAAAAf8=");
    assertThat(PayloadText.describe(new byte[] {'a', 0x07})).startsWith("base64:");
    assertThat(PayloadText.isText("ok".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(PayloadText.isText(new byte[] {(byte) 0xc3})).isFalse();
    assertThat(PayloadText.describe(null)).isNull();
  }
}
