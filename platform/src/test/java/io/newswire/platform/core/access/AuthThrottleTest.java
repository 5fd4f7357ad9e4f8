package io.newswire.platform.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
  final AtomicLong now = new AtomicLong();
  final AuthThrottle throttle =
      new AuthThrottle(3, Duration.ofSeconds(60), Duration.ofSeconds(30), 100, now::get);

  @Test
  void anAddressIsLockedOutAfterTooManyFailuresWithinTheWindow() {
    throttle.failed("10.0.0.1");
    throttle.failed("10.0.0.1");
    assertThat(throttle.lockedOut("10.0.0.1")).isEmpty();
    throttle.failed("10.0.0.1");
    assertThat(throttle.lockedOut("10.0.0.1")).hasValue(30);
    assertThat(throttle.lockedOut("10.0.0.2")).as("other addresses are not").isEmpty();
    now.addAndGet(Duration.ofSeconds(29).toNanos() + 1);
    assertThat(throttle.lockedOut("10.0.0.1")).hasValue(1);
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(throttle.lockedOut("10.0.0.1")).isEmpty();
  }

  @Test
  void failuresSpreadBeyondTheWindowDoNotAddUp() {
    for (int i = 0; i < 10; i++) {
      throttle.failed("10.0.0.1");
      throttle.failed("10.0.0.1");
      now.addAndGet(Duration.ofSeconds(61).toNanos());
    }
    assertThat(throttle.lockedOut("10.0.0.1")).isEmpty();
  }

  @Test
  void aSuccessForgetsEarlierFailuresButDoesNotLiftALockout() {
    throttle.failed("a");
    throttle.failed("a");
    throttle.succeeded("a");
    throttle.failed("a");
    assertThat(throttle.lockedOut("a")).isEmpty();
    throttle.failed("a");
    throttle.failed("a");
    assertThat(throttle.lockedOut("a")).isPresent();
    throttle.succeeded("a");
    assertThat(throttle.lockedOut("a")).isPresent();
  }

  @Test
  void aFloodOfAddressesCostsBoundedMemory() {
    for (int i = 0; i < 10_000; i++) {
      throttle.failed("addr-" + i);
    }
    assertThat(throttle.remembered()).isEqualTo(100);
  }
}
