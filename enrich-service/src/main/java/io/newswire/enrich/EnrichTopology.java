package io.newswire.enrich;

import io.newswire.enrich.core.AgencyZones;
import io.newswire.enrich.core.Enricher;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.RawStory;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * news.raw.v1 → (versions: refuse invalid records, drop duplicates and stale versions) → (enrich: normalize, times,
 * language, tags) → news.enriched.v1.
 *
 * <p>Records that cannot be read, enriched or written go to news.dlq.v1 (see the platform's DeadLetterHandler).
 */
public final class EnrichTopology {
  private EnrichTopology() {}

  /** The topology with the agency zones shipped in {@code agencies.json}. */
  public static Topology build(Serde<RawStory> raw, Serde<EnrichedStory> enriched, Enricher enricher) {
    return build(raw, enriched, enricher, AgencyZones.load());
  }

  /**
   * @param zones the zone each agency's zone-less times are read in
   */
  public static Topology build(Serde<RawStory> raw, Serde<EnrichedStory> enriched, Enricher enricher,
      AgencyZones zones) {
    return build(raw, enriched, enricher, zones, Topics.ENRICHED);
  }

  /**
   * @param output the enriched topic to write: news.enriched.v1, or a new generation's topic when reprocessing
   */
  public static Topology build(Serde<RawStory> raw, Serde<EnrichedStory> enriched, Enricher enricher,
      AgencyZones zones, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(VersionGate.STORE), Serdes.String(), Serdes.String()));

    builder.stream(Topics.RAW, Consumed.with(Serdes.String(), raw))
        .processValues(VersionGate::new, Named.as("versions"), VersionGate.STORE)
        .mapValues(v -> EnrichedStories.from(v.raw(), v.change(), enricher, zones), Named.as("enrich"))
        .to(output, Produced.with(Serdes.String(), enriched));

    return builder.build();
  }
}
