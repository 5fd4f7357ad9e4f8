package io.newswire.publish.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswire.platform.AvroJson;
import io.newswire.schema.v1.NewsEvent;

/**
 * A NewsEvent as plain JSON ({@link AvroJson}), with {@code receivedAt} as an ISO-8601 instant.
 * AvroJson resolves unions with the generic model, which does not know the {@code ["null",
 * timestamp-millis]} union's Instant, so that field is written here (field order is kept).
 */
public final class NewsEventJson {
  private NewsEventJson() {}

  public static ObjectNode of(NewsEvent e) {
    if (e.getReceivedAt() == null) {
      return AvroJson.toJson(e);
    }
    ObjectNode o = AvroJson.toJson(NewsEvent.newBuilder(e).setReceivedAt(null).build());
    o.put("receivedAt", e.getReceivedAt().toString());
    return o;
  }
}
