package io.newswire.enrich.topology;

import io.newswire.enrich.core.clusters.ClusterSettings;
import io.newswire.enrich.core.clusters.Clusters;
import io.newswire.schema.v1.ChangeType;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RelatedStory;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets each enriched story's cluster ({@link Clusters}, over {@link ClusterStores}): {@code
 * clusterId} and {@code related}, the other members with their agency. A kill takes the story out
 * of its cluster and goes on with no cluster. Runs in the single task of the one-partition
 * repartition topic, so stories of every agency and partition meet in one index. A wall-clock
 * punctuation purges members not seen within the window, at most {@value #PURGE_BATCH} a run.
 */
final class ClusterStep implements FixedKeyProcessor<String, EnrichedStory, EnrichedStory> {
  private static final Logger log = LoggerFactory.getLogger(ClusterStep.class);

  /** How often expired members are purged (wall clock). */
  static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

  /** Members purged per punctuation at most; the rest wait for the next one. */
  static final int PURGE_BATCH = 10_000;

  private final ClusterSettings settings;
  private FixedKeyProcessorContext<String, EnrichedStory> context;
  private Clusters clusters;

  ClusterStep(ClusterSettings settings) {
    this.settings = settings;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, EnrichedStory> context) {
    this.context = context;
    this.clusters = new Clusters(settings, new ClusterStores(context));
    context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purge);
  }

  private void purge(long now) {
    int purged = clusters.purge(now, PURGE_BATCH);
    if (purged > 0) {
      log.info("clusters: {} stories not seen within {} left the index", purged, settings.window());
    }
  }

  @Override
  public void process(FixedKeyRecord<String, EnrichedStory> record) {
    EnrichedStory s = record.value();
    if (s.getChange() == ChangeType.KILL || s.getPubStatus() == PubStatus.canceled) {
      String left = clusters.withdraw(s.getUrn());
      if (left != null) {
        log.info("story {} withdrawn: left cluster {}", s.getUrn(), left);
      }
      context.forward(
          record.withValue(
              EnrichedStory.newBuilder(s).setClusterId(null).setRelated(List.of()).build()));
      return;
    }
    var a =
        clusters.assign(
            new Clusters.Story(
                s.getUrn(),
                s.getAgency(),
                s.getLanguage(),
                s.getBody(),
                s.getReceivedAt().toEpochMilli(),
                s.getEmbargoedUtc() == null ? Long.MIN_VALUE : s.getEmbargoedUtc().toEpochMilli()));
    if (!a.indexed()) {
      log.warn(
          "story {} has the member id of another story held: not indexed, cluster {} of its own",
          s.getUrn(),
          a.clusterId());
    } else if (a.kept()) {
      log.info("story {} v{} stays in cluster {}", s.getUrn(), s.getVersion(), a.clusterId());
    } else if (a.match() != null) {
      log.info(
          "story {} joined cluster {} with {} ({}, similarity {})",
          s.getUrn(),
          a.clusterId(),
          a.match().urn(),
          a.match().agency(),
          String.format(java.util.Locale.ROOT, "%.2f", a.match().similarity()));
    } else {
      log.info(
          "story {} started cluster {} ({} candidates compared)",
          s.getUrn(),
          a.clusterId(),
          a.candidates());
    }
    context.forward(
        record.withValue(
            EnrichedStory.newBuilder(s)
                .setClusterId(a.clusterId())
                .setRelated(
                    a.related().stream().map(r -> new RelatedStory(r.urn(), r.agency())).toList())
                .build()));
  }
}
