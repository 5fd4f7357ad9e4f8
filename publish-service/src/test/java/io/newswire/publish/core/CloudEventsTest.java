package io.newswire.publish.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.schema.v1.Body;
import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.Headline;
import io.newswire.schema.v1.NewsEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CloudEventsTest {
  static {
    io.newswire.schema.Contracts.trustGeneratedClasses();
  }

  static NewsEvent event(String uri, String version, EventType type, String body) {
    return NewsEvent.newBuilder()
        .setUri(uri)
        .setVersion(version)
        .setEventType(type)
        .setLanguage("en")
        .setHeadlines(List.of(new Headline("main", "H")))
        .setBodies(List.of(new Body("main", "text/plain", body, 1, 1)))
        .setSubjects(List.of())
        .setAltIds(List.of())
        .setSource("vov")
        .setTaggerVersion("t")
        .build();
  }

  @Test
  void uuid5MatchesTheRfcExample() {
    UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    assertThat(CloudEvents.uuid5(dns, "www.example.com"))
        .hasToString("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  }

  @Test
  void theSameUriAndVersionGetTheSameIdWhateverTheContent_forPublishedAndUpdated() {
    String a = CloudEvents.id(event("urn:x:1", "2", EventType.UPDATED, "one"));
    String b = CloudEvents.id(event("urn:x:1", "2", EventType.UPDATED, "two"));
    assertThat(a).isEqualTo(b);
    assertThat(UUID.fromString(a).version()).isEqualTo(5);
    assertThat(CloudEvents.id(event("urn:x:1", "3", EventType.UPDATED, "one"))).isNotEqualTo(a);
    assertThat(CloudEvents.id(event("urn:x:2", "2", EventType.UPDATED, "one"))).isNotEqualTo(a);
  }

  @Test
  void aCorrectionOrAKillOfTheSameVersionIsANewEvent_andAReplayedCorrectionKeepsItsId() {
    String published = CloudEvents.id(event("urn:x:1", "1", EventType.PUBLISHED, "text"));
    String corrected =
        CloudEvents.id(event("urn:x:1", "1", EventType.CORRECTED, "text, corrected"));
    String correctedAgain =
        CloudEvents.id(event("urn:x:1", "1", EventType.CORRECTED, "text, corrected twice"));
    String withdrawn = CloudEvents.id(event("urn:x:1", "1", EventType.WITHDRAWN, ""));
    assertThat(List.of(published, corrected, correctedAgain, withdrawn)).doesNotHaveDuplicates();
    assertThat(CloudEvents.id(event("urn:x:1", "1", EventType.CORRECTED, "text, corrected")))
        .isEqualTo(corrected);
  }

  @Test
  void aCorrectionOfTheUrgencyAloneIsANewEvent_andNoUrgencyKeepsTheIdItHad() {
    NewsEvent plain = event("urn:x:1", "1", EventType.CORRECTED, "text");
    String before = CloudEvents.id(plain);
    NewsEvent flash = event("urn:x:1", "1", EventType.CORRECTED, "text");
    flash.setUrgency(1);
    NewsEvent two = event("urn:x:1", "1", EventType.CORRECTED, "text");
    two.setUrgency(2);
    assertThat(CloudEvents.id(flash)).isNotEqualTo(before).isNotEqualTo(CloudEvents.id(two));
    assertThat(CloudEvents.id(event("urn:x:1", "1", EventType.CORRECTED, "text")))
        .isEqualTo(before);
  }

  @Property
  void idsAreDeterministicUuids(
      @ForAll String uri, @ForAll String version, @ForAll EventType type) {
    String id = CloudEvents.id(event(uri, version, type, "b"));
    assertThat(CloudEvents.id(event(uri, version, type, "b"))).isEqualTo(id);
    assertThat(UUID.fromString(id).variant()).isEqualTo(2);
  }

  @Test
  void timeIsTheVersionCreatedInstant_elseTheReceivedTime_elseTheFallback() {
    NewsEvent e = event("urn:x:1", "1", EventType.PUBLISHED, "b");
    Instant fallback = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(CloudEvents.time(e, fallback)).isEqualTo(fallback);
    e.setReceivedAt(Instant.parse("2026-11-27T02:00:00Z"));
    assertThat(CloudEvents.time(e, fallback)).isEqualTo(Instant.parse("2026-11-27T02:00:00Z"));
    e.setVersionCreated("not a time");
    assertThat(CloudEvents.time(e, fallback)).isEqualTo(Instant.parse("2026-11-27T02:00:00Z"));
    e.setVersionCreated("2026-11-27T09:30:00+07:00");
    assertThat(CloudEvents.time(e, fallback)).isEqualTo(Instant.parse("2026-11-27T02:30:00Z"));
    assertThat(CloudEvents.headers(e, fallback))
        .containsEntry("ce_time", "2026-11-27T02:30:00Z")
        .containsEntry("ce_specversion", "1.0")
        .containsEntry("ce_source", "/newswire/publish")
        .containsEntry("ce_type", "io.newswire.news.published.v1")
        .containsEntry("ce_subject", "urn:x:1")
        .containsKey("ce_id");
  }
}
