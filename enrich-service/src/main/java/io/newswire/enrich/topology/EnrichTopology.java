package io.newswire.enrich.topology;

import io.newswire.enrich.core.Enricher;
import io.newswire.enrich.core.budget.WorkBudget;
import io.newswire.enrich.core.time.AgencyZones;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.RawStory;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * enrich-service's Kafka Streams topology: news.raw.v1 → (versions: refuse invalid records, drop duplicates and stale
 * versions, enrich what passes — normalize, times, language, tags — then remember its version) → news.enriched.v1.
 *
 * <p>Records that cannot be read, enriched or written go to news.dlq.v1: the platform's Streams properties
 * ({@code StreamsApp.properties}) install its DeadLetterHandler.
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
    return build(raw, enriched, enricher, zones, output, DEFAULT_TIME_BUDGET);
  }

  /** How long enriching one story may take before it is dead-lettered instead (ENRICH_TIME_BUDGET_MS). */
  public static final Duration DEFAULT_TIME_BUDGET = Duration.ofSeconds(5);

  /**
   * @param timeBudget how long enriching one story may take; a story that takes longer is dead-lettered with the reason
   *                   (every stage is linear in its input: this is the last line of defence, not a normal path)
   */
  public static Topology build(Serde<RawStory> raw, Serde<EnrichedStory> enriched, Enricher enricher,
      AgencyZones zones, String output, Duration timeBudget) {
    return build(raw, enriched, (story, change) ->
        EnrichedStories.from(story, change, enricher, zones, WorkBudget.of(timeBudget)), output);
  }

  /** The topology around any enrichment function (tests use one that fails on demand). */
  static Topology build(Serde<RawStory> raw, Serde<EnrichedStory> enriched, VersionGate.Enrichment enrichment,
      String output) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(VersionGate.STORE), Serdes.String(), Serdes.String()));

    builder.stream(Topics.RAW, Consumed.with(Serdes.String(), raw))
        .processValues(() -> new VersionGate(enrichment), Named.as("versions"), VersionGate.STORE)
        .to(output, Produced.with(Serdes.String(), enriched));

    return builder.build();
  }
}
