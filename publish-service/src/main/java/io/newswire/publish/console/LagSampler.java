package io.newswire.publish.console;

import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Topics;
import io.newswire.publish.core.console.LagHistory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Samples the consumer lag of every group reading the pipeline's topics ({@code news.*}) into a
 * {@link LagHistory}: committed offsets against end offsets, summed per group. One Admin client,
 * kept; a supervised loop calls {@link #sample()} every few seconds.
 */
public final class LagSampler implements AutoCloseable {
  /** Groups looked at per sample, at most (the first by name). */
  public static final int MAX_GROUPS = 40;

  private static final long TIMEOUT_SECONDS = 10;

  private final KafkaSettings settings;
  private final LagHistory history;
  private final Clock clock;
  private Admin admin;
  private volatile String lastError;

  public LagSampler(KafkaSettings settings, LagHistory history, Clock clock) {
    this.settings = settings;
    this.history = history;
    this.clock = clock;
  }

  public LagHistory history() {
    return history;
  }

  /** Why the last sample failed, or null when it did not. */
  public String lastError() {
    return lastError;
  }

  /** Takes one sample of every group; throws when the cluster does not answer in time. */
  public synchronized void sample() throws Exception {
    try {
      sampleOnce();
      lastError = null;
    } catch (Exception e) {
      Throwable cause =
          e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
              ? e.getCause()
              : e;
      lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
      throw e;
    }
  }

  private void sampleOnce() throws Exception {
    if (admin == null) {
      Map<String, Object> props = settings.clientProps();
      props.putIfAbsent("default.api.timeout.ms", 10_000);
      props.putIfAbsent("request.timeout.ms", 8_000);
      admin = Admin.create(props);
    }
    List<String> groups =
        admin.listGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
            .map(GroupListing::groupId)
            .sorted()
            .limit(MAX_GROUPS)
            .toList();
    Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
    for (String g : groups) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(g)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .entrySet()
              .stream()
              .filter(e -> e.getValue() != null)
              .filter(e -> e.getKey().topic().startsWith(Topics.PIPELINE_PREFIX))
              .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      if (!offsets.isEmpty()) {
        committed.put(g, offsets);
      }
    }
    Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
    committed.values().forEach(m -> m.keySet().forEach(tp -> wanted.put(tp, OffsetSpec.latest())));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        wanted.isEmpty()
            ? Map.of()
            : admin.listOffsets(wanted).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<String, LagHistory.Lag> lags = new HashMap<>();
    committed.forEach(
        (g, offsets) -> {
          long lag = 0;
          var topics = new TreeSet<String>();
          for (var e : offsets.entrySet()) {
            var end = ends.get(e.getKey());
            if (end != null) {
              lag += Math.max(0, end.offset() - e.getValue().offset());
            }
            topics.add(e.getKey().topic());
          }
          lags.put(g, new LagHistory.Lag(lag, new ArrayList<>(topics)));
        });
    history.record(clock.millis(), lags);
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(java.time.Duration.ofSeconds(2));
    }
  }
}
