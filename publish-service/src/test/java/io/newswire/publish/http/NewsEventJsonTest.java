package io.newswire.publish.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.PubStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewsEventJsonTest {
  @Test
  void writesReceivedAtAsAnInstantAndEverythingElseAsAvroJsonDoes() {
    io.newswire.schema.Contracts.trustGeneratedClasses();
    NewsEvent e =
        NewsEvent.newBuilder()
            .setUri("urn:x:1")
            .setVersion("1")
            .setEventType(EventType.PUBLISHED)
            .setLanguage("en")
            .setPubStatus(PubStatus.usable)
            .setHeadlines(List.of())
            .setBodies(List.of())
            .setSubjects(List.of())
            .setAltIds(List.of())
            .setSource("vna")
            .setTaggerVersion("t")
            .setReceivedAt(Instant.parse("2026-11-27T02:00:00.123Z"))
            .build();
    var json = NewsEventJson.of(e);
    assertThat(json.get("receivedAt").asText()).isEqualTo("2026-11-27T02:00:00.123Z");
    assertThat(json.get("eventType").asText()).isEqualTo("PUBLISHED");
    assertThat(json.get("versionCreated").isNull()).isTrue();
    e.setReceivedAt(null);
    assertThat(NewsEventJson.of(e).get("receivedAt").isNull()).isTrue();
  }
}
