package io.newswire.publish.core;

import io.newswire.publish.core.subscriptions.EventFields;
import io.newswire.schema.v1.AgencySubject;
import io.newswire.schema.v1.AltId;
import io.newswire.schema.v1.Body;
import io.newswire.schema.v1.ChangeType;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.Entity;
import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.Headline;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.Subject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns an enriched story into its public, ninjs-shaped NewsEvent. Pure mapping: no Kafka, no HTTP.
 */
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
        .setHeadlines(
            List.of(new Headline(s.getHeadlineDerived() ? "derived" : "main", s.getHeadline())))
        .setBodies(
            List.of(
                new Body("main", "text/plain", s.getBody(), s.getCharCount(), s.getWordCount())))
        .setBy(s.getByline())
        .setLocated(located(s))
        .setSlugline(s.getSlugline())
        .setSubjects(subjects(s))
        .setPlaces(
            s.getPlaces().stream()
                .filter(pl -> firstNonNull(pl.getName(), pl.getCode()) != null)
                .map(pl -> new Entity(firstNonNull(pl.getName(), pl.getCode()), pl.getUri()))
                .toList())
        .setOrganisations(List.of())
        .setPeople(List.of())
        .setAltIds(altIds(s))
        .setCaptions(s.getCaptions())
        .setSource(s.getAgency())
        .setTaggerVersion(s.getTaggerVersion())
        .setReceivedAt(s.getReceivedAt())
        .setUrgency(s.getUrgency())
        .setEmbargoed(rfc3339(s.getEmbargoedUtc(), "Z"))
        .setClusterId(s.getClusterId())
        .setRelated(s.getRelated())
        .build();
  }

  /** Who assigned Newswire's own tags, in {@code subjects[].creator}. */
  public static final String NEWSWIRE = "newswire";

  /**
   * Newswire's tags (creator {@value #NEWSWIRE}), then the agency's own subjects (creator: the
   * agency, or the creator its document names; code {@code scheme:code}), side by side: neither
   * overwrites the other.
   */
  static List<Subject> subjects(EnrichedStory s) {
    List<Subject> out = new ArrayList<>();
    for (var t : s.getTags()) {
      out.add(
          Subject.newBuilder()
              .setCode(t.getId())
              .setName(t.getLabel())
              .setUri(t.getMediaTopicUri())
              .setRelevance(t.getRelevance())
              .setConfidence(t.getConfidence())
              .setCreator(NEWSWIRE)
              .build());
    }
    for (AgencySubject a : s.getAgencySubjects()) {
      String code = agencyCode(a);
      if (code == null) {
        continue;
      }
      out.add(
          Subject.newBuilder()
              .setCode(code)
              .setName(firstNonNull(a.getName(), code))
              .setUri(a.getUri())
              .setRelevance(100)
              .setConfidence(100)
              .setCreator(firstNonNull(a.getCreator(), s.getAgency()))
              .setScheme(a.getScheme())
              .build());
    }
    return out;
  }

  /**
   * {@code scheme:code} (a URI scheme ending in / or : is joined as it is), the code alone, the
   * URI, or the name.
   */
  static String agencyCode(AgencySubject a) {
    String scheme = a.getScheme();
    if (a.getCode() == null) {
      return a.getUri() != null ? a.getUri() : a.getName(); // a subject the agency only named
    }
    if (scheme == null) {
      return a.getCode();
    }
    return scheme.endsWith("/") || scheme.endsWith(":")
        ? scheme + a.getCode()
        : scheme + ":" + a.getCode();
  }

  /**
   * Where the story was reported from: the first place the agency named, else the place of the
   * dateline it gave apart from the body, else the place of a dateline Newswire found at the start
   * of the body. The agency's word wins.
   */
  static String located(EnrichedStory s) {
    for (var p : s.getPlaces()) {
      if (p.getName() != null) {
        return p.getName();
      }
    }
    String given = placeOf(s.getAgencyDateline());
    if (given != null) {
      return given;
    }
    return s.getDateline() == null ? null : s.getDateline().getPlace();
  }

  /**
   * The place of a dateline as written: up to the comma that starts its date ({@code HANOI, Nov.
   * 27} → HANOI, {@code New York, NY, Oct. 21} → New York, NY), else all of it.
   */
  static String placeOf(String dateline) {
    if (dateline == null || dateline.isBlank()) {
      return null;
    }
    int digit = 0;
    while (digit < dateline.length() && !Character.isDigit(dateline.charAt(digit))) {
      digit++;
    }
    int comma = digit == dateline.length() ? -1 : dateline.lastIndexOf(',', digit);
    String place = (comma < 0 ? dateline : dateline.substring(0, comma)).strip();
    return place.isEmpty() ? null : place;
  }

  /** The agency's story id, then its own identifiers when the id was derived from them. */
  static List<AltId> altIds(EnrichedStory s) {
    List<AltId> out = new ArrayList<>();
    out.add(new AltId(s.getAgency(), s.getAgencyStoryId()));
    s.getAgencyAltIds().forEach(a -> out.add(new AltId(a.getType(), a.getValue())));
    return out;
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  /** Whether {@code s} is one of Newswire's own tags (not an agency's subject). */
  public static boolean isNewswireTag(Subject s) {
    return s.getCreator() == null || NEWSWIRE.equals(s.getCreator());
  }

  /** RFC 3339 with seconds always written, and fractions only when there are some. */
  private static final DateTimeFormatter RFC_3339 =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .appendPattern("HH:mm:ss")
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .appendOffset("+HH:MM", "Z")
          .toFormatter(Locale.ROOT);

  /**
   * A story time as ninjs wants it: an RFC 3339 date-time with seconds (enrich read the agency's
   * text into an instant and the offset it was written with, or its zone's), in that offset. Null
   * when the agency's time could not be read: the event leaves it out rather than carry a string
   * that is not a date-time (news.enriched.v1 keeps the text).
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
   * The event as published, given the story's previous event (null for a first sight): a WITHDRAWN
   * event also carries the subjects of the version it withdraws (a kill notice usually has none of
   * its own), so it reaches every tag topic and tag filter the story was on. Other events are
   * published as they are.
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

  /** Whether the event carries Newswire's tag {@code code} (the agency's subjects do not count). */
  /**
   * What a {@link io.newswire.publish.core.subscriptions.Filter} looks at in {@code e}: its
   * Newswire tags (not the agency's subjects), language, agency ({@code source}), urgency, and its
   * headlines and bodies.
   */
  public static EventFields fields(NewsEvent e) {
    List<String> tags = new ArrayList<>();
    for (Subject s : e.getSubjects()) {
      if (isNewswireTag(s)) {
        tags.add(s.getCode());
      }
    }
    StringBuilder text = new StringBuilder();
    for (Headline h : e.getHeadlines()) {
      text.append(h.getValue()).append('\n');
    }
    for (Body b : e.getBodies()) {
      text.append(b.getValue()).append('\n');
    }
    return new EventFields(tags, e.getLanguage(), e.getSource(), e.getUrgency(), text.toString());
  }

  public static boolean hasSubject(NewsEvent e, String code) {
    for (Subject s : e.getSubjects()) {
      if (isNewswireTag(s) && s.getCode().equals(code)) {
        return true;
      }
    }
    return false;
  }
}
