package io.newswire.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.platform.ServiceHttp;
import io.newswire.platform.Supervisor;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.PipelineSetting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The control watcher as a supervised loop: a consumer that fails shows in readiness, and no change
 * is lost.
 */
class ControlWatcherTest {
  static final TopicPartition CONTROL = new TopicPartition(Topics.CONTROL, 0);

  final Supervisor loops =
      new Supervisor(null, Duration.ofMillis(50), Duration.ofMillis(200), Clock.systemUTC());
  final List<MockConsumer<String, PipelineSetting>> consumers = new CopyOnWriteArrayList<>();
  final AtomicBoolean brokerDown = new AtomicBoolean();
  ControlWatcher watcher;

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.close();
    }
    loops.close();
  }

  static ConsumerRecord<String, PipelineSetting> setting(long offset, String value) {
    return new ConsumerRecord<>(
        Topics.CONTROL,
        0,
        offset,
        Topics.PUBLISH_INPUT_SETTING,
        new PipelineSetting(Topics.PUBLISH_INPUT_SETTING, value, "test", Instant.now()));
  }

  /** The control topic's records, in offset order; the test may append. */
  final List<ConsumerRecord<String, PipelineSetting>> records = new CopyOnWriteArrayList<>();

  /**
   * A watcher whose consumers read {@link #records}; each fails its polls while the broker is down.
   */
  ControlWatcher watcher() {
    return new ControlWatcher(
        () -> {
          MockConsumer<String, PipelineSetting> c = new MockConsumer<>("earliest");
          c.updateBeginningOffsets(Map.of(CONTROL, 0L));
          c.updateEndOffsets(Map.of(CONTROL, (long) records.size()));
          c.updatePartitions(
              Topics.CONTROL,
              List.of(
                  new org.apache.kafka.common.PartitionInfo(Topics.CONTROL, 0, null, null, null)));
          AtomicInteger added = new AtomicInteger();
          Runnable task =
              new Runnable() {
                @Override
                public void run() {
                  if (brokerDown.get()) {
                    c.setPollException(new KafkaException("broker 127.0.0.1:1 not available"));
                  } else {
                    while (added.get()
                        < records.size()) { // the mock serves them from the consumer's position on
                      c.addRecord(records.get(added.getAndIncrement()));
                    }
                  }
                  c.schedulePollTask(this);
                }
              };
          c.schedulePollTask(task);
          consumers.add(c);
          return c;
        });
  }

  @Test
  void aFailingConsumerMakesReadinessDownWithTheLoopsName_andAfterRecoveryEveryChangeIsAppliedOnce()
      throws Exception {
    List<String> changes = new CopyOnWriteArrayList<>();
    records.addAll(List.of(setting(0, Topics.ENRICHED), setting(1, "news.enriched.v1.g2")));
    watcher = watcher();
    brokerDown.set(true);
    var started =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> watcher.start(loops, changes::add));

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !loops.readiness().ready());
    ServiceHttp.Readiness down = loops.readiness();
    assertThat(down.detail())
        .contains("loop " + ControlWatcher.LOOP + " failing since")
        .contains("KafkaException: broker 127.0.0.1:1 not available");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> consumers.size() >= 3);
    assertThat(consumers.subList(0, consumers.size() - 1))
        .as("a failed consumer is closed and replaced")
        .allMatch(MockConsumer::closed);
    assertThat(started).isNotDone();

    brokerDown.set(false);
    assertThat(started.get(10, java.util.concurrent.TimeUnit.SECONDS))
        .as("the value when loaded")
        .contains("news.enriched.v1.g2");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> loops.readiness().ready());
    records.add(setting(2, "news.enriched.v1.g3"));
    brokerDown.set(true); // and once more: the change read after recovery is applied once
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !loops.readiness().ready());
    brokerDown.set(false);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> changes.size() == 1 && loops.readiness().ready());
    assertThat(changes).containsExactly("news.enriched.v1.g3");
    assertThat(loops.states())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.name()).isEqualTo(ControlWatcher.LOOP);
              assertThat(s.status()).isEqualTo(Supervisor.Status.RUNNING);
              assertThat(s.restarts()).isGreaterThanOrEqualTo(2);
            });
  }

  @Test
  void afterAFailedSwitchTheWatcherGoesOnFromTheSettingItCouldNotApply() {
    List<String> changes = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    records.addAll(List.of(setting(0, Topics.ENRICHED), setting(1, "news.enriched.v1.g2")));
    watcher = watcher();
    assertThat(
            watcher.start(
                loops,
                next -> {
                  if (calls.getAndIncrement() == 0) {
                    throw new IllegalStateException("could not start the topology for " + next);
                  }
                  changes.add(next);
                }))
        .contains("news.enriched.v1.g2");
    // a new setting after start: the first switch fails (e.g. Streams could not start), the retry
    // applies it
    records.add(setting(2, "news.enriched.v1.g3"));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> changes.size() == 1);
    assertThat(changes).containsExactly("news.enriched.v1.g3");
  }

  @Test
  void aTopicThatNeverHeldTheSettingAnswersEmpty() {
    records.add(
        new ConsumerRecord<>(
            Topics.CONTROL,
            0,
            0,
            "other.setting",
            new PipelineSetting("other.setting", "x", "test", Instant.now())));
    watcher = watcher();
    assertThat(watcher.start(loops, next -> {})).isEmpty();
  }
}
