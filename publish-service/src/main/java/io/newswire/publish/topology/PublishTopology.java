package io.newswire.publish.topology;

import io.newswire.platform.Topic;
import io.newswire.platform.TopicSerdes;
import io.newswire.platform.Topics;
import io.newswire.publish.core.CloudEvents;
import io.newswire.publish.core.NewsEvents;
import io.newswire.publish.core.StoryQuery;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.NewsEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The publish topology (Kafka Streams; {@code StreamsApp} runs it): news.enriched.v1 → NewsEvent
 * (with CloudEvents headers) →
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

  /** The topology reading news.enriched.v1. */
  public static Topology build(TopicSerdes serdes) {
    return build(serdes, Topics.ENRICHED_STORIES);
  }

  /**
   * @param input the enriched topic to read: news.enriched.v1, or a reprocessing generation's topic
   */
  public static Topology build(TopicSerdes serdes, Topic<String, EnrichedStory> input) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(LATEST_STORE),
            Serdes.String(),
            serdes.value(Topics.LATEST_EVENTS)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(BY_TIME_STORE), Serdes.String(), Serdes.String()));

    KStream<String, NewsEvent> published =
        builder.stream(input.name(), serdes.consumed(input))
            .mapValues(NewsEvents::from, Named.as("to-news-event"))
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
