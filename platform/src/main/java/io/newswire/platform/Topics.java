package io.newswire.platform;

import java.util.List;
import java.util.Map;

/**
 * The topics of the pipeline, with the partitions and configs it expects. Names follow
 * {@code news.<stage>.v<contract major version>}; a breaking contract change gets a new topic, not a new schema.
 */
public final class Topics {
  private Topics() {}

  /** Raw stories as agencies sent them; keyed by story URN. */
  public static final String RAW = "news.raw.v1";
  /** Normalized, language-detected and tagged stories; keyed by story URN. */
  public static final String ENRICHED = "news.enriched.v1";
  /** Public NewsEvents for downstream services; keyed by story URN. */
  public static final String PUBLISHED = "news.published.v1";
  /** Records a stage could not process, with their original bytes and the reason. */
  public static final String DLQ = "news.dlq.v1";
  /** The latest event of each story, compacted; a withdrawn story leaves a tombstone. */
  public static final String STORIES_LATEST = "news.stories.latest.v1";
  /** What ingest accepted, compacted, keyed by {@code <urn>#<version>}: ingest's idempotency memory. */
  public static final String INGEST_RECEIPTS = "news.ingest.receipts.v1";

  /** Operators' settings for the running pipeline (compacted), e.g. which enriched generation publish reads. */
  public static final String CONTROL = "news.control.v1";
  /** The control setting naming the enriched topic publish-service reads. */
  public static final String PUBLISH_INPUT_SETTING = "publish.input";

  /**
   * The enriched topic of a generation of enrichment: generation 1 is {@link #ENRICHED}; a reprocessing run with a
   * new tagger writes generation N to {@code news.enriched.v1.g<N>}.
   */
  public static String enrichedGeneration(int generation) {
    if (generation < 1) {
      throw new IllegalArgumentException("generations start at 1, got " + generation);
    }
    return generation == 1 ? ENRICHED : ENRICHED + ".g" + generation;
  }

  /** Taxonomy tags that have their own topic of events, {@code news.tag.<slug>.v1}. */
  public static final List<String> TAG_TOPIC_TAGS = List.of("AI", "ASEAN", "DIGITAL_TRANSFORMATION");

  /** The per-tag topic of a tag id, e.g. AI → news.tag.ai.v1, DIGITAL_TRANSFORMATION → news.tag.digital-transformation.v1. */
  public static String tagTopic(String tagId) {
    return "news.tag." + tagId.toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ".v1";
  }

  private static final long WEEK_MS = 7L * 24 * 3600 * 1000;
  private static final long MONTH_MS = 30L * 24 * 3600 * 1000;

  /** A topic and how it must be configured. */
  public record Spec(String name, int partitions, Map<String, String> configs, String valueSchema, String doc) {}

  /** The topic config every story-carrying topic sets from {@link StoryLimits#maxRecordBytes()}. */
  public static final String MAX_MESSAGE_BYTES = "max.message.bytes";

  /** Every topic of the pipeline, for the default story limits. */
  public static List<Spec> all(int storyPartitions) {
    return all(storyPartitions, StoryLimits.DEFAULT);
  }

  /**
   * Every topic of the pipeline. Story topics share a partition count so a story's records stay on one
   * partition number from raw to published. Raw stories are kept a month so operators can replay them. Every topic
   * that carries a story (all but the control topic) takes records of {@link StoryLimits#maxRecordBytes()}.
   */
  public static List<Spec> all(int storyPartitions, StoryLimits limits) {
    List<Spec> specs = new java.util.ArrayList<>(List.of(
        new Spec(RAW, storyPartitions, storyConfigs(limits, "retention.ms", Long.toString(MONTH_MS),
            "min.insync.replicas", "1"),
            "io.newswire.schema.v1.RawStory", "raw stories as agencies sent them"),
        new Spec(ENRICHED, storyPartitions, storyConfigs(limits, "retention.ms", Long.toString(WEEK_MS)),
            "io.newswire.schema.v1.EnrichedStory", "normalized, tagged stories"),
        new Spec(PUBLISHED, storyPartitions, storyConfigs(limits, "retention.ms", Long.toString(MONTH_MS)),
            "io.newswire.schema.v1.NewsEvent", "public NewsEvents"),
        new Spec(DLQ, 1, storyConfigs(limits, "retention.ms", Long.toString(MONTH_MS)),
            "io.newswire.schema.v1.DeadLetter", "dead letters"),
        new Spec(STORIES_LATEST, storyPartitions, storyConfigs(limits, "cleanup.policy", "compact"),
            "io.newswire.schema.v1.NewsEvent", "latest event of each story, compacted"),
        new Spec(CONTROL, 1, Map.of("cleanup.policy", "compact"),
            "io.newswire.schema.v1.PipelineSetting", "operators' settings, compacted"),
        new Spec(INGEST_RECEIPTS, storyPartitions, storyConfigs(limits, "cleanup.policy", "compact"),
            "io.newswire.schema.v1.IngestReceipt", "ingest's idempotency memory, compacted")));
    for (String tag : TAG_TOPIC_TAGS) {
      specs.add(new Spec(tagTopic(tag), storyPartitions, storyConfigs(limits, "retention.ms", Long.toString(MONTH_MS)),
          "io.newswire.schema.v1.NewsEvent", "events tagged " + tag));
    }
    return List.copyOf(specs);
  }

  /** The spec of an enriched generation's topic (generation 1 is in {@link #all}), for the default story limits. */
  public static Spec enrichedGenerationSpec(int generation, int storyPartitions) {
    return enrichedGenerationSpec(generation, storyPartitions, StoryLimits.DEFAULT);
  }

  /** The spec of an enriched generation's topic (generation 1 is in {@link #all}). */
  public static Spec enrichedGenerationSpec(int generation, int storyPartitions, StoryLimits limits) {
    return new Spec(enrichedGeneration(generation), storyPartitions,
        storyConfigs(limits, "retention.ms", Long.toString(WEEK_MS)),
        "io.newswire.schema.v1.EnrichedStory", "enriched stories, generation " + generation);
  }

  /** {@code keyValues} (name, value, name, value…) and the story topics' {@link #MAX_MESSAGE_BYTES}. */
  private static Map<String, String> storyConfigs(StoryLimits limits, String... keyValues) {
    Map<String, String> configs = new java.util.TreeMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      configs.put(keyValues[i], keyValues[i + 1]);
    }
    configs.put(MAX_MESSAGE_BYTES, Integer.toString(limits.maxRecordBytes()));
    return java.util.Collections.unmodifiableMap(configs);
  }

  /** The registry subject of a topic's values (TopicNameStrategy). */
  public static String valueSubject(String topic) {
    return topic + "-value";
  }
}
