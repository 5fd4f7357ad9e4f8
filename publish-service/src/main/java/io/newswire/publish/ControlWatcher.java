package io.newswire.publish;

import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.PipelineSetting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the operators' {@code publish.input} setting on news.control.v1 (set by {@code newswire reprocess
 * switch}): reads the current value at start, then calls back on every change.
 */
final class ControlWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlWatcher.class);

  private final KafkaConsumer<String, PipelineSetting> consumer;
  private final TopicPartition partition = new TopicPartition(Topics.CONTROL, 0);
  private Thread thread;

  ControlWatcher(KafkaSettings kafka) {
    Map<String, Object> props = kafka.clientProps();
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", false);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), AvroSerdes.deserializer(kafka, false));
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
    return Optional.ofNullable(value);
  }

  /** Calls {@code onChange} with each new value, on a thread of its own, until closed. */
  void follow(Consumer<String> onChange) {
    thread = new Thread(() -> {
      try {
        if (consumer.assignment().isEmpty()) {
          consumer.assign(List.of(partition));
        }
        while (!Thread.currentThread().isInterrupted()) {
          for (var r : consumer.poll(Duration.ofSeconds(1))) {
            if (Topics.PUBLISH_INPUT_SETTING.equals(r.key()) && r.value() != null) {
              log.info("operator set {} = {} ({} at {})", r.key(), r.value().getValue(), r.value().getSetBy(),
                  r.value().getSetAt());
              onChange.accept(r.value().getValue());
            }
          }
        }
      } catch (WakeupException e) {
        // closing
      } catch (RuntimeException e) {
        log.error("stopped following {}: {}", Topics.CONTROL, e.getMessage(), e);
      } finally {
        consumer.close();
      }
    }, "publish-control-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    if (thread == null) {
      consumer.close();
      return;
    }
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
