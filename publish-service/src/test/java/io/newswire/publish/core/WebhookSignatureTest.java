package io.newswire.publish.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  @Test
  void isTheHmacSha256OfTheBody_rfc4231Case2() {
    byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.sign("Jefe", body))
        .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    assertThat(
            WebhookSignature.verify(
                "Jefe",
                body,
                "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"))
        .isTrue();
  }

  @Test
  void aChangedBodyOrAnotherSecretDoesNotVerify() {
    byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
    String sig = WebhookSignature.sign("secret-one-0123456", body);
    assertThat(WebhookSignature.verify("secret-two-0123456", body, sig)).isFalse();
    assertThat(
            WebhookSignature.verify(
                "secret-one-0123456", "{\"id\":2}".getBytes(StandardCharsets.UTF_8), sig))
        .isFalse();
    assertThat(WebhookSignature.verify("secret-one-0123456", body, null)).isFalse();
  }

  @Test
  void backoffDoublesUpToItsCeilingAndStopsAfterTheLastAttempt() {
    Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(3), 5);
    assertThat(b.delayAfter(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(b.delayAfter(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delayAfter(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.delayAfter(4)).isEqualTo(Duration.ofSeconds(3));
    assertThat(b.delayAfter(60)).isEqualTo(Duration.ofSeconds(3));
    assertThat(b.retryAfter(4)).isTrue();
    assertThat(b.retryAfter(5)).isFalse();
  }
}
