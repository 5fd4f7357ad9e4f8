package io.newswire.publish.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswire.platform.ServiceHttp;
import io.newswire.publish.core.CloudEvents;
import io.newswire.schema.v1.NewsEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A published record as a CloudEvent in the JSON structured format ({@code
 * application/cloudevents+json}): the attributes from the record's {@code ce_*} headers, {@code
 * data} the NewsEvent as plain JSON. What the SSE stream and webhooks send.
 */
public final class CloudEventJson {
  private CloudEventJson() {}

  static final String MEDIA_TYPE = "application/cloudevents+json";

  public static ObjectNode of(ConsumerRecord<String, NewsEvent> r) {
    ObjectNode o = ServiceHttp.JSON.createObjectNode();
    o.put("specversion", header(r, CloudEvents.SPECVERSION_HEADER));
    o.put("id", header(r, CloudEvents.ID));
    o.put("source", header(r, CloudEvents.SOURCE_HEADER));
    o.put("type", header(r, CloudEvents.TYPE_HEADER));
    o.put("time", header(r, CloudEvents.TIME_HEADER));
    o.put("subject", r.key());
    o.put("datacontenttype", "application/json");
    o.set("data", NewsEventJson.of(r.value()));
    return o;
  }

  static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
