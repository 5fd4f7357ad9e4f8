package io.newswire.publish.core;

import io.newswire.schema.v1.AltId;
import io.newswire.schema.v1.Body;
import io.newswire.schema.v1.ChangeType;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.Headline;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.Subject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/** Turns an enriched story into its public, ninjs-shaped NewsEvent. Pure mapping: no Kafka, no HTTP. */
public final class NewsEvents {
  private NewsEvents() {}

  public static EventType eventType(ChangeType change) {
    return switch (change) {
      case NEW -> EventType.PUBLISHED;
      case UPDATE -> EventType.UPDATED;
      case CORRECTION -> EventType.CORRECTED;
      case KILL -> EventType.WITHDRAWN;
    };
  }

  public static NewsEvent from(EnrichedStory s) {
    return NewsEvent.newBuilder()
        .setUri(s.getUrn())
        .setVersion(Integer.toString(s.getVersion()))
        .setEventType(eventType(s.getChange()))
        .setType("text")
        .setFirstCreated(rfc3339(s.getFirstCreatedUtc(), s.getFirstCreatedOffset()))
        .setVersionCreated(rfc3339(s.getVersionCreatedUtc(), s.getVersionCreatedOffset()))
        .setPubStatus(s.getPubStatus())
        .setLanguage(s.getLanguage())
        .setHeadlines(List.of(new Headline(s.getHeadlineDerived() ? "derived" : "main", s.getHeadline())))
        .setBodies(List.of(new Body("main", "text/plain", s.getBody(), s.getCharCount(), s.getWordCount())))
        .setBy(s.getByline())
        .setLocated(s.getDateline() == null ? null : s.getDateline().getPlace())
        .setSlugline(s.getSlugline())
        .setSubjects(s.getTags().stream()
            .map(t -> new Subject(t.getId(), t.getLabel(), t.getMediaTopicUri(), t.getRelevance(), t.getConfidence()))
            .toList())
        .setPlaces(List.of())
        .setOrganisations(List.of())
        .setPeople(List.of())
        .setAltIds(List.of(new AltId(s.getAgency(), s.getAgencyStoryId())))
        .setCaptions(s.getCaptions())
        .setSource(s.getAgency())
        .setTaggerVersion(s.getTaggerVersion())
        .setReceivedAt(s.getReceivedAt())
        .build();
  }

  /** RFC 3339 with seconds always written, and fractions only when there are some. */
  private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
      .appendPattern("HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
      .appendOffset("+HH:MM", "Z").toFormatter(Locale.ROOT);

  /**
   * A story time as ninjs wants it: an RFC 3339 date-time with seconds (enrich read the agency's text into an instant
   * and the offset it was written with, or its zone's), in that offset. Null when the agency's time could not be read:
   * the event leaves it out rather than carry a string that is not a date-time (news.enriched.v1 keeps the text).
   */
  public static String rfc3339(java.time.Instant utc, String offset) {
    if (utc == null) {
      return null;
    }
    ZoneOffset zone;
    try {
      zone = offset == null ? ZoneOffset.UTC : ZoneOffset.of(offset);
    } catch (java.time.DateTimeException e) {
      zone = ZoneOffset.UTC;
    }
    return RFC_3339.format(utc.atOffset(zone));
  }

  /**
   * The event as published, given the story's previous event (null for a first sight): a WITHDRAWN event also carries
   * the subjects of the version it withdraws (a kill notice usually has none of its own), so it reaches every tag
   * topic and tag filter the story was on. Other events are published as they are.
   */
  public static NewsEvent withHistory(NewsEvent previous, NewsEvent event) {
    if (previous == null || event.getEventType() != EventType.WITHDRAWN) {
      return event;
    }
    java.util.Map<String, Subject> subjects = new java.util.LinkedHashMap<>();
    for (Subject s : event.getSubjects()) {
      subjects.put(s.getCode(), s);
    }
    for (Subject s : previous.getSubjects()) {
      subjects.putIfAbsent(s.getCode(), s);
    }
    return NewsEvent.newBuilder(event).setSubjects(List.copyOf(subjects.values())).build();
  }

  /** Whether the event carries the subject (tag) {@code code}. */
  public static boolean hasSubject(NewsEvent e, String code) {
    for (Subject s : e.getSubjects()) {
      if (s.getCode().equals(code)) {
        return true;
      }
    }
    return false;
  }
}
