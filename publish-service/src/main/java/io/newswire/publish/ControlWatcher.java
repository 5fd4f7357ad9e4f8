package io.newswire.publish;

import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Supervisor;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.PipelineSetting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the operators' {@code publish.input} setting on news.control.v1 (set by {@code newswire reprocess
 * switch}): reads the current value at start, then calls back on every change, as the supervised loop
 * {@value #LOOP}. After a failure it goes on with a new consumer from the record after the last one it handled.
 */
final class ControlWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlWatcher.class);
  static final String LOOP = "publish-control-watcher";

  private final Supplier<org.apache.kafka.clients.consumer.Consumer<String, PipelineSetting>> consumers;
  private final TopicPartition partition = new TopicPartition(Topics.CONTROL, 0);
  /** The consumer of the next attempt: the one {@link #current()} used, then a new one after each failure. */
  private org.apache.kafka.clients.consumer.Consumer<String, PipelineSetting> consumer;
  /** The offset to follow from; -1 until known (the partition's end, once the topic exists). */
  private long next = -1;
  private Supervisor.Loop loop;

  ControlWatcher(KafkaSettings kafka) {
    this(() -> {
      Map<String, Object> props = kafka.clientProps();
      props.put("isolation.level", "read_committed");
      props.put("enable.auto.commit", false);
      return new KafkaConsumer<>(props, new StringDeserializer(), AvroSerdes.deserializer(kafka, false));
    });
  }

  ControlWatcher(Supplier<org.apache.kafka.clients.consumer.Consumer<String, PipelineSetting>> consumers) {
    this.consumers = consumers;
    this.consumer = consumers.get();
  }

  /** The setting's current value, if the control topic exists and holds one. */
  Optional<String> current() {
    if (consumer.partitionsFor(Topics.CONTROL, Duration.ofSeconds(10)).isEmpty()) {
      return Optional.empty();
    }
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    long end = consumer.endOffsets(List.of(partition)).get(partition);
    String value = null;
    while (consumer.position(partition) < end) {
      for (var r : consumer.poll(Duration.ofMillis(200))) {
        if (Topics.PUBLISH_INPUT_SETTING.equals(r.key()) && r.value() != null) {
          value = r.value().getValue();
        }
      }
    }
    next = consumer.position(partition);
    return Optional.ofNullable(value);
  }

  /** Calls {@code onChange} with each new value, in a loop of {@code supervisor}, until closed. */
  void follow(Supervisor supervisor, Consumer<String> onChange) {
    loop = supervisor.start(LOOP, l -> {
      var c = consumer != null ? consumer : consumers.get();
      consumer = null;
      l.onStop(c::wakeup);
      try (c) {
        c.assign(List.of(partition));
        if (next >= 0) {
          c.seek(partition, next);
        }
        while (l.running()) {
          for (var r : c.poll(Duration.ofSeconds(1))) {
            if (Topics.PUBLISH_INPUT_SETTING.equals(r.key()) && r.value() != null) {
              log.info("operator set {} = {} ({} at {})", r.key(), r.value().getValue(), r.value().getSetBy(),
                  r.value().getSetAt());
              onChange.accept(r.value().getValue());
            }
            next = r.offset() + 1; // only once handled: a failed switch is tried again after the restart
          }
          l.healthy();
        }
      }
    });
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.close();
    }
    if (consumer != null) {
      consumer.close();
    }
  }
}
