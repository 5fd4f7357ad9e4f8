package io.newswire.publish;

import io.newswire.platform.CompactedTopicMirror;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Supervisor;
import io.newswire.platform.TopicSerdes;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.PipelineSetting;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the operators' {@code publish.input} setting on news.control.v1 (set by {@code newswire
 * reprocess switch}), mirrored by a {@link CompactedTopicMirror} as the supervised loop {@value
 * #LOOP}: {@link #start} answers the setting's value once everything the topic held is read, then
 * calls back on every later change. A change whose callback throws is handed again after the loop
 * restarts, so a failed switch is retried.
 */
final class ControlWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlWatcher.class);
  static final String LOOP = "publish-control-watcher";

  /** How long {@link #start} waits for the topic to be read. */
  static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

  private final CompactedTopicMirror<String, PipelineSetting> mirror;

  /** The setting's value as the topic held it when loaded; only read once the mirror is loaded. */
  private volatile String initial;

  private volatile Consumer<String> onChange;

  ControlWatcher(KafkaSettings kafka) {
    this.mirror =
        new CompactedTopicMirror<>(
            Topics.SETTINGS, kafka, TopicSerdes.registry(kafka), this::apply);
  }

  /** A watcher whose consumers {@code consumers} makes (tests give mock consumers). */
  ControlWatcher(
      Supplier<org.apache.kafka.clients.consumer.Consumer<String, PipelineSetting>> consumers) {
    this.mirror = new CompactedTopicMirror<>(Topics.CONTROL, consumers, this::apply);
  }

  private void apply(String key, PipelineSetting setting) {
    if (!Topics.PUBLISH_INPUT_SETTING.equals(key) || setting == null) {
      return;
    }
    if (!mirror.isLoaded()) {
      initial = setting.getValue();
      return;
    }
    log.info(
        "operator set {} = {} ({} at {})",
        key,
        setting.getValue(),
        setting.getSetBy(),
        setting.getSetAt());
    onChange.accept(setting.getValue());
  }

  /**
   * Starts following the setting in a loop of {@code loops}; answers its current value (empty when
   * never set or when the control topic does not exist) and calls {@code onChange} with each value
   * set after that.
   *
   * @throws IllegalStateException when the topic could not be read within {@link #LOAD_TIMEOUT} (or
   *     the wait was interrupted)
   */
  Optional<String> start(Supervisor loops, Consumer<String> onChange) {
    this.onChange = onChange;
    mirror.start(loops, LOOP);
    if (!awaitLoaded()) {
      throw new IllegalStateException(
          "could not read "
              + Topics.CONTROL
              + " within "
              + LOAD_TIMEOUT.toSeconds()
              + " s: is Kafka reachable?");
    }
    return Optional.ofNullable(initial);
  }

  private boolean awaitLoaded() {
    try {
      return mirror.awaitLoaded(LOAD_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + Topics.CONTROL, e);
    }
  }

  @Override
  public void close() {
    mirror.close();
  }
}
