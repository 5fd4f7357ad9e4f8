package io.newswire.publish;

import io.newswire.platform.Topics;
import io.newswire.publish.core.NewsEvents;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.NewsEvent;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * news.enriched.v1 → (NewsEvent) → news.published.v1, and the latest event of each story in the
 * {@value #LATEST_STORE} store, which the HTTP API reads through interactive queries.
 */
public final class PublishTopology {
  private PublishTopology() {}

  public static final String LATEST_STORE = "latest-events";

  public static Topology build(Serde<EnrichedStory> enriched, Serde<NewsEvent> events) {
    StreamsBuilder builder = new StreamsBuilder();

    KStream<String, NewsEvent> published = builder.stream(Topics.ENRICHED, Consumed.with(Serdes.String(), enriched))
        .mapValues(NewsEvents::from, Named.as("to-news-event"));
    published.to(Topics.PUBLISHED, Produced.with(Serdes.String(), events));
    published.toTable(Named.as("latest"),
        Materialized.<String, NewsEvent, KeyValueStore<Bytes, byte[]>>as(LATEST_STORE)
            .withKeySerde(Serdes.String())
            .withValueSerde(events));

    return builder.build();
  }
}
