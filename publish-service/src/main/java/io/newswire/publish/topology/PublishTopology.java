package io.newswire.publish.topology;

import io.newswire.platform.Topic;
import io.newswire.platform.TopicSerdes;
import io.newswire.platform.Topics;
import io.newswire.publish.core.CloudEvents;
import io.newswire.publish.core.Embargoes;
import io.newswire.publish.core.NewsEvents;
import io.newswire.publish.core.StoryQuery;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.NewsEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish topology (Kafka Streams; {@code StreamsApp} runs it): news.enriched.v1 → NewsEvent →
 * the embargo desk ({@link EmbargoDesk}: a version under embargo is held in the {@value
 * #EMBARGO_HELD_STORE} store and sent to news.embargoed.v1 at once, and released into the rest of
 * the topology when its embargo lifts) → (with CloudEvents headers)
 *
 * <ul>
 *   <li>news.published.v1: every event;
 *   <li>news.tag.&lt;tag&gt;.v1: every event carrying that tag (a story with two tags goes to two
 *       topics);
 *   <li>news.stories.latest.v1 (compacted): the latest event of each story, a tombstone when it is
 *       withdrawn;
 *   <li>the {@value #LATEST_STORE} store (latest event by URN) and the {@value #BY_TIME_STORE}
 *       store (time index), which the HTTP API reads through interactive queries.
 * </ul>
 */
public final class PublishTopology {
  private PublishTopology() {}

  public static final String LATEST_STORE = "latest-events";
  public static final String BY_TIME_STORE = "stories-by-time";

  /** The version of each story held under embargo (the latest pending one), by URN. */
  public static final String EMBARGO_HELD_STORE = "embargo-held";

  /** The held versions by the time their embargo lifts ({@link Embargoes#dueKey}) → URN. */
  public static final String EMBARGO_DUE_STORE = "embargo-due";

  private static final Logger log = LoggerFactory.getLogger(PublishTopology.class);

  /** The topology reading news.enriched.v1. */
  public static Topology build(TopicSerdes serdes) {
    return build(serdes, Topics.ENRICHED_STORIES);
  }

  /**
   * @param input the enriched topic to read: news.enriched.v1, or a reprocessing generation's topic
   */
  public static Topology build(TopicSerdes serdes, Topic<String, EnrichedStory> input) {
    return build(serdes, input, Embargoes.DEFAULT_CHECK_INTERVAL);
  }

  /**
   * @param input the enriched topic to read: news.enriched.v1, or a reprocessing generation's topic
   * @param embargoCheck how often (wall clock) held versions are looked at for release
   */
  public static Topology build(
      TopicSerdes serdes, Topic<String, EnrichedStory> input, Duration embargoCheck) {
    if (embargoCheck.isNegative() || embargoCheck.isZero()) {
      throw new IllegalArgumentException(
          "the embargo check interval must be positive, got " + embargoCheck);
    }
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(LATEST_STORE),
            Serdes.String(),
            serdes.value(Topics.LATEST_EVENTS)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(BY_TIME_STORE), Serdes.String(), Serdes.String()));

    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(EMBARGO_HELD_STORE),
            Serdes.String(),
            serdes.value(Topics.EMBARGOED_EVENTS)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(EMBARGO_DUE_STORE), Serdes.String(), Serdes.String()));

    Map<String, KStream<String, Routed>> routes =
        builder.stream(input.name(), serdes.consumed(input))
            .mapValues(NewsEvents::from, Named.as("to-news-event"))
            .process(
                () -> new EmbargoDesk(embargoCheck),
                Named.as("embargo-desk"),
                EMBARGO_HELD_STORE,
                EMBARGO_DUE_STORE,
                LATEST_STORE)
            .split(Named.as("embargo-"))
            .branch((urn, r) -> r.earlyAccess(), Branched.as("early-access"))
            .defaultBranch(Branched.as("public"));

    routes
        .get("embargo-early-access")
        .mapValues(Routed::event, Named.as("early-access-event"))
        .processValues(CloudEventHeaders::new, Named.as("early-access-cloudevents-headers"))
        .to(Topics.EMBARGOED, serdes.produced(Topics.EMBARGOED_EVENTS));

    KStream<String, NewsEvent> published =
        routes
            .get("embargo-public")
            .mapValues(Routed::event, Named.as("public-event"))
            .processValues(
                LatestEvents::new, Named.as("latest-events"), LATEST_STORE, BY_TIME_STORE)
            .processValues(CloudEventHeaders::new, Named.as("cloudevents-headers"));

    published.to(Topics.PUBLISHED, serdes.produced(Topics.PUBLISHED_EVENTS));
    published
        .mapValues(
            e -> e.getEventType() == EventType.WITHDRAWN ? null : e,
            Named.as("tombstone-withdrawn"))
        .to(Topics.STORIES_LATEST, serdes.produced(Topics.LATEST_EVENTS));
    for (String tag : Topics.TAG_TOPIC_TAGS) {
      Topic<String, NewsEvent> tagged = Topics.taggedEvents(tag);
      published
          .filter((urn, e) -> NewsEvents.hasSubject(e, tag), Named.as("tagged-" + tag))
          .to(tagged.name(), serdes.produced(tagged));
    }
    return builder.build();
  }

  /**
   * An event on its way out of the embargo desk: to the public topics, or to early access
   * (news.embargoed.v1). Lives only between two processors of one task, never serialized.
   */
  record Routed(NewsEvent event, boolean earlyAccess) {}

  /**
   * The embargo desk: decides each event with {@link Embargoes#decide}, keeps the held version of
   * each story in {@value #EMBARGO_HELD_STORE} (with its due time in {@value #EMBARGO_DUE_STORE}),
   * and, on wall-clock punctuation, releases the versions whose embargo has lifted into the rest of
   * the topology, in due-time then URN order. Both stores are persistent with changelogs (exactly
   * once, like the outputs), so a held version survives a restart or a rebalance and is released by
   * whichever instance owns its partition then.
   */
  static final class EmbargoDesk implements Processor<String, NewsEvent, String, Routed> {
    private final Duration interval;
    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, NewsEvent> held;
    private KeyValueStore<String, String> due;
    private KeyValueStore<String, NewsEvent> latest;

    EmbargoDesk(Duration interval) {
      this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
      this.context = context;
      this.held = context.getStateStore(EMBARGO_HELD_STORE);
      this.due = context.getStateStore(EMBARGO_DUE_STORE);
      this.latest = context.getStateStore(LATEST_STORE);
      context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::release);
    }

    @Override
    public void process(Record<String, NewsEvent> record) {
      String urn = record.key();
      NewsEvent event = record.value();
      Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
      NewsEvent pending = held.get(urn);
      boolean kill = event.getEventType() == EventType.WITHDRAWN;
      // only a story with a held version needs its public state (a kill, a first publication)
      String publicVersion = pending != null ? publicVersion(urn) : null;
      Embargoes.Decision d =
          Embargoes.decide(now, embargo(event), kill, pending != null, publicVersion != null);
      if (pending != null && d.dropsHeld()) {
        drop(urn, pending);
      }
      if (d instanceof Embargoes.Hold hold) {
        held.put(urn, event);
        due.put(Embargoes.dueKey(hold.until(), urn), urn);
        log.info(
            "story {} v{}: held under embargo until {}{}",
            urn,
            event.getVersion(),
            event.getEmbargoed(),
            pending != null ? " (replaces the held v" + pending.getVersion() + ")" : "");
      } else if (d instanceof Embargoes.DropKilled) {
        log.info(
            "story {} v{}: killed before its embargo lifted; the held v{} is dropped and nothing"
                + " is published",
            urn,
            event.getVersion(),
            pending.getVersion());
      } else if (d instanceof Embargoes.PublishNow p) {
        if (p.dropsHeld()) {
          log.info(
              "story {} v{}: {} the held v{}; published now",
              urn,
              event.getVersion(),
              kill ? "withdraws the story and drops" : "lifts the embargo of",
              pending.getVersion());
        }
        event = asPublished(event, kill, p.dropsHeld(), publicVersion);
      }
      if (d.toEarlyAccess()) {
        context.forward(record.withValue(new Routed(event, true)));
      }
      if (d instanceof Embargoes.PublishNow) {
        context.forward(record.withValue(new Routed(event, false)));
      }
    }

    /** Releases, in due order, every held version whose embargo has lifted (a bounded batch). */
    private void release(long wallClockMs) {
      Instant now = Instant.ofEpochMilli(wallClockMs);
      List<KeyValue<String, String>> lifted = new ArrayList<>();
      try (KeyValueIterator<String, String> it = due.range(null, Embargoes.dueUpTo(now))) {
        while (it.hasNext() && lifted.size() < Embargoes.MAX_RELEASES_PER_CHECK) {
          lifted.add(it.next());
        }
      }
      for (KeyValue<String, String> kv : lifted) {
        due.delete(kv.key);
        String urn = kv.value;
        NewsEvent event = held.get(urn);
        Instant until = event == null ? null : embargo(event);
        if (event == null
            || until == null
            || !Embargoes.dueKey(until, urn).equals(kv.key)
            || !Embargoes.due(now, until)) {
          continue; // a stale index entry: that version was replaced or dropped
        }
        held.delete(urn);
        NewsEvent released = asPublished(event, false, true, publicVersion(urn));
        log.info(
            "story {} v{}: embargo until {} lifted; released as {}",
            urn,
            released.getVersion(),
            released.getEmbargoed(),
            released.getEventType());
        context.forward(new Record<>(urn, new Routed(released, false), wallClockMs));
      }
    }

    private void drop(String urn, NewsEvent pending) {
      held.delete(urn);
      Instant until = embargo(pending);
      if (until != null) {
        due.delete(Embargoes.dueKey(until, urn));
      }
    }

    /**
     * The version of the story the public has (its latest published event, unless a withdrawal),
     * null when it has none.
     */
    private String publicVersion(String urn) {
      NewsEvent last = latest.get(urn);
      return last != null && last.getEventType() != EventType.WITHDRAWN ? last.getVersion() : null;
    }

    /** The event as published: announced for what it is to the public ({@link Embargoes}). */
    private static NewsEvent asPublished(
        NewsEvent event, boolean kill, boolean replacesHeld, String publicVersion) {
      EventType type =
          switch (Embargoes.announcedAs(kill, replacesHeld, publicVersion, event.getVersion())) {
            case AS_IS -> event.getEventType();
            case FIRST -> EventType.PUBLISHED;
            case UPDATE -> EventType.UPDATED;
            case CORRECTION -> EventType.CORRECTED;
          };
      return type == event.getEventType()
          ? event
          : NewsEvent.newBuilder(event).setEventType(type).build();
    }

    /** The event's embargo, null when none (or, never from NewsEvents, not RFC 3339). */
    private static Instant embargo(NewsEvent e) {
      if (e.getEmbargoed() == null) {
        return null;
      }
      try {
        return OffsetDateTime.parse(e.getEmbargoed()).toInstant();
      } catch (DateTimeParseException ex) {
        log.warn(
            "story {} v{}: embargoed '{}' is not RFC 3339; published without embargo",
            e.getUri(),
            e.getVersion(),
            e.getEmbargoed());
        return null;
      }
    }
  }

  /**
   * Keeps the latest event of each story and the time index; a withdrawal inherits the story's
   * subjects.
   */
  static final class LatestEvents implements FixedKeyProcessor<String, NewsEvent, NewsEvent> {
    private FixedKeyProcessorContext<String, NewsEvent> context;
    private KeyValueStore<String, NewsEvent> latest;
    private KeyValueStore<String, String> byTime;

    @Override
    public void init(FixedKeyProcessorContext<String, NewsEvent> context) {
      this.context = context;
      this.latest = context.getStateStore(LATEST_STORE);
      this.byTime = context.getStateStore(BY_TIME_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, NewsEvent> record) {
      NewsEvent previous = latest.get(record.key());
      NewsEvent event = NewsEvents.withHistory(previous, record.value());
      if (previous != null) {
        byTime.delete(StoryQuery.indexKey(previous));
      }
      latest.put(record.key(), event);
      byTime.put(StoryQuery.indexKey(event), record.key());
      context.forward(record.withValue(event));
    }
  }

  /** Replaces the record's headers with the event's CloudEvents Kafka-binding headers. */
  static final class CloudEventHeaders implements FixedKeyProcessor<String, NewsEvent, NewsEvent> {
    private FixedKeyProcessorContext<String, NewsEvent> context;

    @Override
    public void init(FixedKeyProcessorContext<String, NewsEvent> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, NewsEvent> record) {
      RecordHeaders headers = new RecordHeaders();
      CloudEvents.headers(record.value(), Instant.ofEpochMilli(record.timestamp()))
          .forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
      context.forward(record.withHeaders(headers));
    }
  }
}
