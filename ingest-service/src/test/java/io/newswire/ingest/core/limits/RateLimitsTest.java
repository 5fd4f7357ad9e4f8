package io.newswire.ingest.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
  final AtomicLong now = new AtomicLong();

  @Test
  void aBucketAllowsItsBurstThenRefillsAtItsRate() {
    RateLimits limits = RateLimits.parse("afp:2/4,*:100", now::get);
    for (int i = 0; i < 4; i++) {
      assertThat(limits.tryAcquire("afp")).isEmpty();
    }
    assertThat(limits.tryAcquire("afp")).hasValue(500_000_000L);
    now.addAndGet(500_000_000L);
    assertThat(limits.tryAcquire("afp")).isEmpty();
    assertThat(limits.tryAcquire("vna")).isEmpty();
    assertThat(limits.limitOf("vna").perSecond()).isEqualTo(100);
  }

  @Test
  void badSpecsAreRefused() {
    assertThatThrownBy(() -> RateLimits.parse("afp", now::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimits.parse("afp:fast", now::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimits.parse("afp:0", now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
