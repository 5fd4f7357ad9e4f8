package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mirror over mock consumers that serve {@link #records}: loading, tombstones, restarts and the
 * read barrier.
 */
class CompactedTopicMirrorTest {
  static final String TOPIC = "news.test.v1";
  static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

  final Supervisor loops =
      new Supervisor(null, Duration.ofMillis(50), Duration.ofMillis(200), Clock.systemUTC());
  final List<MockConsumer<String, String>> consumers = new CopyOnWriteArrayList<>();

  /** The topic's records in offset order; the test may append. */
  final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();

  final AtomicBoolean brokerDown = new AtomicBoolean();
  final AtomicBoolean topicExists = new AtomicBoolean(true);
  final Map<String, String> mirrored = new ConcurrentHashMap<>();
  final List<String> applied = new CopyOnWriteArrayList<>();
  CompactedTopicMirror<String, String> mirror;

  @AfterEach
  void stop() {
    if (mirror != null) {
      mirror.close();
    }
    loops.close();
  }

  void append(String key, String value) {
    records.add(new ConsumerRecord<>(TOPIC, 0, records.size(), key, value));
  }

  /** A mock consumer of the topic as it is now; each fails its polls while the broker is down. */
  MockConsumer<String, String> consumer() {
    MockConsumer<String, String> c = new MockConsumer<>("earliest");
    c.updateBeginningOffsets(Map.of(P0, 0L));
    c.updateEndOffsets(Map.of(P0, (long) records.size()));
    if (topicExists.get()) {
      c.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
    }
    AtomicInteger served = new AtomicInteger();
    Runnable task =
        new Runnable() {
          @Override
          public void run() {
            if (brokerDown.get()) {
              c.setPollException(new KafkaException("broker 127.0.0.1:1 not available"));
            } else {
              c.updateEndOffsets(Map.of(P0, (long) records.size()));
              if (topicExists.get()) {
                c.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
              }
              long from = c.assignment().isEmpty() ? records.size() : c.position(P0);
              for (int i = Math.max(served.get(), (int) from); i < records.size(); i++) {
                c.addRecord(records.get(i));
                served.set(i + 1);
              }
            }
            c.schedulePollTask(this);
          }
        };
    c.schedulePollTask(task);
    consumers.add(c);
    return c;
  }

  CompactedTopicMirror<String, String> start(CompactedTopicMirror.Apply<String, String> apply) {
    mirror = new CompactedTopicMirror<>(TOPIC, this::consumer, apply).start(loops, "mirror-test");
    return mirror;
  }

  void keep(String key, String value) {
    applied.add(key + "=" + value);
    if (value == null) {
      mirrored.remove(key);
    } else {
      mirrored.put(key, value);
    }
  }

  @Test
  void loadsWhatTheTopicHeld_inOrder_withTombstones() throws Exception {
    append("a", "1");
    append("b", "2");
    append("a", null);
    start(this::keep);
    assertThat(mirror.awaitLoaded(Duration.ofSeconds(10))).isTrue();
    assertThat(applied).containsExactly("a=1", "b=2", "a=null");
    assertThat(mirrored).containsExactly(Map.entry("b", "2"));
  }

  @Test
  void aFailingConsumerShowsInReadiness_andAfterRecoveryNothingIsAppliedTwice() throws Exception {
    append("a", "1");
    start(this::keep);
    assertThat(mirror.awaitLoaded(Duration.ofSeconds(10))).isTrue();
    brokerDown.set(true);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !loops.readiness().ready());
    assertThat(loops.readiness().detail())
        .contains("loop mirror-test failing since")
        .contains("broker 127.0.0.1:1 not available");
    append("b", "2");
    brokerDown.set(false);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> loops.readiness().ready() && mirrored.containsKey("b"));
    assertThat(applied).containsExactly("a=1", "b=2");
    assertThat(consumers.subList(0, consumers.size() - 1))
        .as("a failed consumer is closed and replaced")
        .allMatch(MockConsumer::closed);
  }

  @Test
  void aRecordWhoseApplyFailedIsAppliedAgain() throws Exception {
    append("a", "1");
    append("b", "2");
    AtomicInteger failures = new AtomicInteger();
    start(
        (k, v) -> {
          if (k.equals("b") && failures.getAndIncrement() == 0) {
            throw new IllegalStateException("could not apply b");
          }
          keep(k, v);
        });
    assertThat(mirror.awaitLoaded(Duration.ofSeconds(10))).isTrue();
    assertThat(applied).containsExactly("a=1", "b=2");
    assertThat(loops.states())
        .singleElement()
        .satisfies(s -> assertThat(s.restarts()).isEqualTo(1));
  }

  @Test
  void syncCompletesOnceEverythingCommittedBeforeItIsApplied() throws Exception {
    start(this::keep);
    assertThat(mirror.awaitLoaded(Duration.ofSeconds(10))).isTrue();
    append("late", "x");
    mirror.sync(Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
    assertThat(mirrored).containsEntry("late", "x");
  }

  @Test
  void aTopicThatDoesNotExistYetIsEmpty_andIsMirroredOnceItDoes() throws Exception {
    topicExists.set(false);
    start(this::keep);
    assertThat(mirror.awaitLoaded(Duration.ofSeconds(10))).isTrue();
    assertThat(mirrored).isEmpty();
    append("a", "1");
    topicExists.set(true); // provisioning creates it
    consumers.forEach(
        c -> c.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null))));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> mirrored.containsKey("a"));
    assertThat(loops.readiness().ready()).isTrue();
  }
}
