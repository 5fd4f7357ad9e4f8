package io.newswire.publish.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.publish.core.StreamPosition;
import io.newswire.publish.core.Webhook;
import io.newswire.schema.v1.ParkedDelivery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook API's JSON, byte for byte: what subscribers' tools read. */
class WebhooksApiTest {
  static final Webhook HOOK =
      new Webhook(
          "9b0c",
          "acme",
          "https://example.org/newswire",
          List.of("AI", "ASEAN"),
          "a-long-shared-secret",
          Instant.parse("2026-11-27T02:00:00.123Z"),
          new StreamPosition(Map.of(0, 1042L, 1, 987L)),
          null);

  /** {@code s} with single quotes as double quotes. */
  static String json(String s) {
    return s.replace('\'', '"');
  }

  @Test
  void aRegistrationIsShownWithItsSecretOnlyWhenAsked() {
    assertThat(WebhooksApi.json(HOOK, true).toString())
        .isEqualTo(
            json(
                "{'id':'9b0c','owner':'acme',"
                    + "'url':'https://example.org/newswire','tags':['AI','ASEAN'],'secret':'a-long-shared-secret',"
                    + "'createdAt':'2026-11-27T02:00:00.123Z','start':'0-1042.1-987','maxUrgency':null,'subscription':null}"));
    assertThat(WebhooksApi.json(HOOK, false).toString())
        .isEqualTo(
            json(
                "{'id':'9b0c','owner':'acme',"
                    + "'url':'https://example.org/newswire','tags':['AI','ASEAN'],"
                    + "'createdAt':'2026-11-27T02:00:00.123Z','start':'0-1042.1-987','maxUrgency':null,'subscription':null}"));
  }

  @Test
  void aRegistrationWithoutAStartShowsNull() {
    Webhook h =
        new Webhook(
            "9b0c",
            "acme",
            "https://example.org/newswire",
            List.of(),
            "a-long-shared-secret",
            Instant.parse("2026-11-27T02:00:00Z"),
            null,
            null);
    assertThat(WebhooksApi.json(h, false).toString())
        .isEqualTo(
            json(
                "{'id':'9b0c','owner':'acme',"
                    + "'url':'https://example.org/newswire','tags':[],'createdAt':'2026-11-27T02:00:00Z','start':null,'maxUrgency':null,'subscription':null}"));
    assertThat(
            WebhooksApi.json(h.withStart(null).withSecret(null), false).get("maxUrgency").isNull())
        .isTrue();
    Webhook flashes =
        new Webhook(h.id(), h.owner(), h.url(), h.tags(), h.secret(), h.createdAt(), null, 2);
    assertThat(WebhooksApi.json(flashes, false).toString())
        .endsWith(json("'start':null,'maxUrgency':2,'subscription':null}"));
  }

  @Test
  void aParkedDeliveryIsShownWithTheEventAsJson() {
    String event =
        json(
            "{'specversion':'1.0','id':'5f1e','source':'/newswire/publish',"
                + "'type':'io.newswire.news.published.v1','time':'2026-11-27T02:00:00Z','subject':'urn:newswire:vna:1',"
                + "'datacontenttype':'application/json','data':{'uri':'urn:newswire:vna:1','version':'1'}}");
    ParkedDelivery p =
        ParkedDelivery.newBuilder()
            .setWebhookId("9b0c")
            .setEventId("5f1e")
            .setUri("urn:newswire:vna:1")
            .setAttempts(6)
            .setLastError("HTTP 503")
            .setParkedAt(Instant.parse("2026-11-27T02:01:00.250Z"))
            .setPartition(2)
            .setOffset(1011L)
            .setEvent(event)
            .build();
    assertThat(WebhooksApi.json(p).toString())
        .isEqualTo(
            json(
                    "{'webhookId':'9b0c','eventId':'5f1e',"
                        + "'uri':'urn:newswire:vna:1','attempts':6,'lastError':'HTTP 503','parkedAt':'2026-11-27T02:01:00.250Z',"
                        + "'partition':2,'offset':1011,'event':")
                + event
                + "}");
  }
}
