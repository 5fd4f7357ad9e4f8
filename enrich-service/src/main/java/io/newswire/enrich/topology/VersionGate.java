package io.newswire.enrich.topology;

import io.newswire.enrich.core.versions.VersionPolicy;
import io.newswire.enrich.core.versions.VersionPolicy.Drop;
import io.newswire.enrich.core.versions.VersionPolicy.Emit;
import io.newswire.enrich.core.versions.VersionPolicy.Seen;
import io.newswire.platform.PipelineHeaders;
import io.newswire.platform.core.StoryContent;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RawStory;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses raw stories that break news.raw.v1's invariants ({@link RawStoryCheck}: they are
 * dead-lettered), lets through only what {@link VersionPolicy} says downstream must see, enriches
 * it, and only then records the version in the store (keyed by URN). A story whose enrichment fails
 * is dead-lettered and leaves the store as it was, so the same version redriven after its cause is
 * fixed is enriched, not dropped as already seen.
 */
final class VersionGate implements FixedKeyProcessor<String, RawStory, EnrichedStory> {
  private static final Logger log = LoggerFactory.getLogger(VersionGate.class);

  static final String STORE = "story-versions";

  /**
   * Enriches a raw story that is to go downstream as {@code change}; may throw (the record is then
   * dead-lettered).
   */
  interface Enrichment {
    EnrichedStory enrich(RawStory raw, VersionPolicy.Change change);
  }

  private final Enrichment enrichment;
  private FixedKeyProcessorContext<String, EnrichedStory> context;
  private KeyValueStore<String, String> seen;

  VersionGate(Enrichment enrichment) {
    this.enrichment = enrichment;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, EnrichedStory> context) {
    this.context = context;
    this.seen = context.getStateStore(STORE);
  }

  @Override
  public void process(FixedKeyRecord<String, RawStory> record) {
    RawStory raw = RawStoryCheck.require(record.key(), record.value());
    String urn = raw.getUrn();
    String previous = seen.get(urn);
    boolean replay = record.headers().lastHeader(PipelineHeaders.REPLAY) != null;
    var decision =
        VersionPolicy.decide(
            previous == null ? null : Seen.decode(previous),
            raw.getVersion(),
            contentHash(raw),
            raw.getPubStatus() == PubStatus.canceled,
            replay);
    if (decision instanceof Emit e) {
      EnrichedStory enriched = enrichment.enrich(raw, e.change());
      seen.put(urn, e.next().encode());
      log.info(
          "story {} v{}: {}{}", urn, raw.getVersion(), e.change(), replay ? " (replayed)" : "");
      context.forward(record.withValue(enriched));
    } else if (decision instanceof Drop d) {
      log.info("story {} v{} dropped: {}", urn, raw.getVersion(), d.reason());
    }
  }

  /**
   * What a version says, independent of how it was transmitted: the same {@link StoryContent}
   * ingest hashes for its receipts, read back from the raw story.
   */
  static String contentHash(RawStory raw) {
    ParsedFields p = raw.getParsed();
    boolean hasMetadata =
        !p.getAltIds().isEmpty()
            || !p.getAgencySubjects().isEmpty()
            || !p.getPlaces().isEmpty()
            || !p.getCaptions().isEmpty()
            || !p.getWarnings().isEmpty();
    return new StoryContent(
            raw.getAgencyStoryId(),
            raw.getVersion(),
            p.getBody(),
            p.getHeadline(),
            p.getLanguage(),
            p.getFirstCreated(),
            p.getVersionCreated(),
            p.getByline(),
            p.getSlugline(),
            raw.getPubStatus().name(),
            p.getDateline(),
            p.getSubjects(),
            hasMetadata,
            p.getAltIds().stream().map(x -> StoryContent.altId(x.getType(), x.getValue())).toList(),
            p.getAgencySubjects().stream()
                .map(
                    x ->
                        StoryContent.subject(
                            x.getScheme(), x.getCode(), x.getName(), x.getUri(), x.getCreator()))
                .toList(),
            p.getPlaces().stream()
                .map(x -> StoryContent.place(x.getName(), x.getCode(), x.getUri()))
                .toList(),
            p.getCaptions().stream()
                .map(x -> StoryContent.caption(x.getText(), x.getCredit()))
                .toList(),
            p.getUrgency(),
            p.getEmbargoed())
        .hash();
  }
}
