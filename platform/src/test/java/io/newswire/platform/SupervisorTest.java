package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SupervisorTest {
  static final Duration FIRST = Duration.ofMillis(40);
  static final Duration MAX = Duration.ofMillis(160);

  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  final Supervisor supervisor = new Supervisor(metrics, FIRST, MAX, Clock.systemUTC());

  @AfterEach
  void stop() {
    supervisor.close();
  }

  double restarts(String loop) {
    var c = metrics.find("newswire_loop_restarts_total").tag("loop", loop).counter();
    return c == null ? 0 : c.count();
  }

  double failing() {
    return metrics.get("newswire_loops_failing").gauge().value();
  }

  @Test
  void theBackoffDoublesFromTheFirstWaitUpToTheCap() {
    Supervisor defaults = new Supervisor(null);
    assertThat(
            List.of(1, 2, 3, 5, 6, 7, 100).stream()
                .map(defaults::backoff)
                .map(Duration::toSeconds)
                .toList())
        .containsExactly(1L, 2L, 4L, 16L, 30L, 30L, 30L);
  }

  @Test
  void aFailingLoopIsRestartedWithBackoff_readinessIsDownWithItsErrorUntilItRecovers() {
    AtomicBoolean fixed = new AtomicBoolean(false);
    List<Long> attempts = new CopyOnWriteArrayList<>();
    supervisor.start(
        "mirror-x",
        loop -> {
          attempts.add(System.nanoTime());
          if (!fixed.get()) {
            throw new IllegalStateException("broker at 127.0.0.1:1 unreachable");
          }
          loop.healthy();
          while (loop.sleep(Duration.ofSeconds(10))) {
            loop.healthy();
          }
        });

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() >= 4);
    ServiceHttp.Readiness down = supervisor.readiness();
    assertThat(down.ready()).isFalse();
    assertThat(down.detail())
        .contains("loop mirror-x failing since ")
        .contains("IllegalStateException: broker at 127.0.0.1:1 unreachable");
    assertThat(supervisor.states())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.status()).isEqualTo(Supervisor.Status.FAILING);
              assertThat(s.failingSince()).isNotNull();
              assertThat(s.restarts()).isGreaterThanOrEqualTo(3);
              assertThat(s.lastError()).contains("unreachable");
            });
    assertThat(failing()).isEqualTo(1);
    assertThat(restarts("mirror-x")).isGreaterThanOrEqualTo(3);
    // each restart waited at least its backoff: 40 ms, 80 ms, 160 ms (the cap)
    for (int i = 1; i < 4; i++) {
      long expected = Math.min(FIRST.toMillis() << (i - 1), MAX.toMillis());
      assertThat(TimeUnit.NANOSECONDS.toMillis(attempts.get(i) - attempts.get(i - 1)))
          .as("wait before restart %d", i)
          .isGreaterThanOrEqualTo(expected);
    }

    fixed.set(true);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.readiness().ready());
    assertThat(supervisor.readiness().detail()).isEqualTo("1 loops running");
    assertThat(supervisor.states())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.status()).isEqualTo(Supervisor.Status.RUNNING);
              assertThat(s.failingSince()).isNull();
              assertThat(s.lastError()).isNull();
            });
    assertThat(failing()).isZero();
  }

  @Test
  void aLoopThatReturnsWithoutBeingStoppedIsAFailureToo() {
    AtomicInteger runs = new AtomicInteger();
    supervisor.start("returns", loop -> runs.incrementAndGet());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 2);
    assertThat(supervisor.readiness().detail())
        .contains("loop returns failing")
        .contains("ended without being stopped");
  }

  @Test
  void anExternalLoopIsReportedButKeepsTheServiceReady() {
    supervisor.start(
        "feed-vna-0",
        Supervisor.Kind.EXTERNAL,
        loop -> {
          throw new java.io.IOException("HTTP 500");
        });
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> failing() == 1);
    ServiceHttp.Readiness r = supervisor.readiness();
    assertThat(r.ready()).isTrue();
    assertThat(r.detail())
        .contains("loop feed-vna-0 failing since")
        .contains("IOException: HTTP 500");
  }

  @Test
  void closeStopsALoopPromptlyThroughItsWakeUp_andAStopIsNotAFailure() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch released = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean ended = new AtomicBoolean();
    Supervisor.Loop loop =
        supervisor.start(
            "consumer",
            l -> {
              l.onStop(released::countDown); // like consumer::wakeup
              blocked.countDown();
              try {
                while (!released.await(1, TimeUnit.HOURS)) {
                  l.healthy();
                }
              } catch (InterruptedException e) {
                interrupted.set(true);
              }
              ended.set(true);
              throw new IllegalStateException(
                  "woken up"); // like a WakeupException: caused by the stop, not a failure
            });
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    loop.close();
    assertThat(ended).isTrue();
    assertThat(interrupted)
        .as("stopped by its wake-up, not by an interrupt after the grace")
        .isFalse();
    assertThat(loop.state().status()).isEqualTo(Supervisor.Status.STOPPED);
    assertThat(loop.state().restarts()).isZero();
    assertThat(supervisor.states()).isEmpty();
    assertThat(restarts("consumer")).isZero();
    assertThat(supervisor.readiness().ready()).isTrue();
  }

  @Test
  void closeEndsALoopWaitingInItsBackoffAndTheSupervisorStopsEveryLoop() {
    AtomicInteger runs = new AtomicInteger();
    Supervisor slow =
        new Supervisor(null, Duration.ofHours(1), Duration.ofHours(1), Clock.systemUTC());
    Supervisor.Loop failing =
        slow.start(
            "failing",
            loop -> {
              runs.incrementAndGet();
              throw new IllegalStateException("down");
            });
    Supervisor.Loop sleeping =
        slow.start(
            "sleeping",
            loop -> {
              while (loop.sleep(Duration.ofHours(1))) {
                loop.healthy();
              }
            });
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> failing.state().status() == Supervisor.Status.FAILING);
    slow.close();
    assertThat(failing.state().status()).isEqualTo(Supervisor.Status.STOPPED);
    assertThat(sleeping.state().status()).isEqualTo(Supervisor.Status.STOPPED);
    assertThat(runs).hasValue(1);
    assertThat(slow.states()).isEmpty();
  }

  @Test
  void aPeriodicTaskThatFailsIsRetriedAfterTheBackoffNotAfterItsPeriod() {
    AtomicInteger runs = new AtomicInteger();
    supervisor.every(
        "poll",
        Supervisor.Kind.ESSENTIAL,
        Duration.ofHours(1),
        loop -> {
          if (runs.incrementAndGet() < 3) {
            throw new java.io.IOException("no answer");
          }
        });
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> runs.get() == 3 && supervisor.readiness().ready());
    assertThat(supervisor.states())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.status()).isEqualTo(Supervisor.Status.RUNNING);
              assertThat(s.restarts()).isEqualTo(2);
            });
    assertThat(runs).as("after a success, the next run is a period away").hasValue(3);
  }

  @Test
  void namesAreUniqueAmongRunningLoops() {
    supervisor.start("one", loop -> loop.sleep(Duration.ofHours(1)));
    assertThatThrownBy(() -> supervisor.start("one", loop -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
