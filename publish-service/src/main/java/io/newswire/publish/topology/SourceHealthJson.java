package io.newswire.publish.topology;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newswire.publish.core.sources.SourceEvent;
import io.newswire.publish.core.sources.SourceState;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The source health topology's internal formats, JSON: the events on its repartition topic and the
 * states in its store and changelog. Internal to publish-service (no registry contract); unknown
 * fields are ignored and missing ones take their defaults, so a newer version reads what an older
 * one wrote.
 */
final class SourceHealthJson {
  private SourceHealthJson() {}

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** A {@link SourceEvent} as written: {@code event} is {@code received} or {@code refused}. */
  record Event(
      String event,
      String source,
      String kind,
      long at,
      String type,
      int status,
      String title,
      String detail,
      int count) {

    static Event of(SourceEvent e) {
      if (e instanceof SourceEvent.Refused r) {
        return new Event(
            "refused",
            r.source(),
            r.kind(),
            r.atMillis(),
            r.type(),
            r.status(),
            r.title(),
            r.detail(),
            r.count());
      }
      return new Event("received", e.source(), e.kind(), e.atMillis(), null, 0, null, null, 1);
    }

    SourceEvent toEvent() {
      return "refused".equals(event)
          ? new SourceEvent.Refused(source, kind, type, status, title, detail, at, count)
          : new SourceEvent.Received(source, kind, at);
    }
  }

  static Serde<SourceEvent> events() {
    return Serdes.serdeFrom(
        (topic, e) -> e == null ? null : write(Event.of(e)),
        (topic, bytes) -> bytes == null ? null : read(bytes, Event.class).toEvent());
  }

  static Serde<SourceState> states() {
    return Serdes.serdeFrom(
        (topic, s) -> s == null ? null : write(s),
        (topic, bytes) -> bytes == null ? null : read(bytes, SourceState.class));
  }

  static byte[] write(Object o) {
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new SerializationException("source health: cannot write " + o.getClass(), e);
    }
  }

  static <T> T read(byte[] bytes, Class<T> type) {
    try {
      return JSON.readValue(bytes, type);
    } catch (IOException e) {
      throw new SerializationException("source health: not a " + type.getSimpleName(), e);
    }
  }
}
