package io.newswire.enrich.topology;

import io.newswire.enrich.core.Enricher;
import io.newswire.enrich.core.budget.WorkBudget;
import io.newswire.enrich.core.clusters.ClusterSettings;
import io.newswire.enrich.core.time.AgencyZones;
import io.newswire.platform.Topic;
import io.newswire.platform.TopicSerdes;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.EnrichedStory;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * enrich-service's Kafka Streams topology: news.raw.v1 → (versions: refuse invalid records, drop
 * duplicates and stale versions, enrich what passes — normalize, times, language, tags — then
 * remember its version) → {@code <application id>-clusters-repartition} (one partition) → clusters
 * (the story's {@code clusterId} and {@code related}, {@link ClusterStep}) → news.enriched.v1.
 *
 * <p>Records that cannot be read, enriched or written go to news.dlq.v1: the platform's Streams
 * properties ({@code StreamsApp.properties}) install its DeadLetterHandler.
 */
public final class EnrichTopology {
  private EnrichTopology() {}

  /**
   * The topology with the agency zones shipped in {@code agencies.json}, writing news.enriched.v1.
   */
  public static Topology build(TopicSerdes serdes, Enricher enricher) {
    return build(
        serdes,
        enricher,
        AgencyZones.load(),
        Topics.ENRICHED_STORIES,
        DEFAULT_TIME_BUDGET,
        ClusterSettings.defaults());
  }

  /**
   * How long enriching one story may take before it is dead-lettered instead
   * (ENRICH_TIME_BUDGET_MS).
   */
  public static final Duration DEFAULT_TIME_BUDGET = Duration.ofSeconds(5);

  /**
   * @param zones the zone each agency's zone-less times are read in
   * @param output the enriched topic to write: news.enriched.v1, or a new generation's topic when
   *     reprocessing
   * @param timeBudget how long enriching one story may take; a story that takes longer is
   *     dead-lettered with the reason (every stage is linear in its input: this is the last line of
   *     defence, not a normal path)
   * @param clusters the cluster parameters (window, bounds)
   */
  public static Topology build(
      TopicSerdes serdes,
      Enricher enricher,
      AgencyZones zones,
      Topic<String, EnrichedStory> output,
      Duration timeBudget,
      ClusterSettings clusters) {
    return build(
        serdes,
        (story, change) ->
            EnrichedStories.from(story, change, enricher, zones, WorkBudget.of(timeBudget)),
        output,
        clusters);
  }

  /**
   * The internal topic's name part: {@code <application id>-clusters-repartition}, one partition.
   */
  static final String CLUSTERS = "clusters";

  /** The topology around any enrichment function (tests use one that fails on demand). */
  static Topology build(
      TopicSerdes serdes,
      VersionGate.Enrichment enrichment,
      Topic<String, EnrichedStory> output,
      ClusterSettings clusters) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(VersionGate.STORE), Serdes.String(), Serdes.String()));

    ClusterStores.addTo(builder);

    builder.stream(Topics.RAW, serdes.consumed(Topics.RAW_STORIES))
        .processValues(() -> new VersionGate(enrichment), Named.as("versions"), VersionGate.STORE)
        // Stories of every agency and partition meet in one index: one partition, one task. Each
        // URN's versions are written by the one task that owns it, so their order holds.
        .repartition(
            Repartitioned.<String, EnrichedStory>as(CLUSTERS)
                .withKeySerde(Serdes.String())
                .withValueSerde(serdes.avro(EnrichedStory.class, false))
                .withNumberOfPartitions(1))
        .processValues(() -> new ClusterStep(clusters), Named.as(CLUSTERS), ClusterStores.ALL)
        .to(output.name(), serdes.produced(output));

    return builder.build();
  }
}
