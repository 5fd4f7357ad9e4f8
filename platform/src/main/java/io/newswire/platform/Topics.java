package io.newswire.platform;

import io.newswire.schema.v1.DeadLetter;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.IngestReceipt;
import io.newswire.schema.v1.IngestRefusal;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.ParkedDelivery;
import io.newswire.schema.v1.PipelineSetting;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.Subscription;
import io.newswire.schema.v1.WebhookRegistration;
import java.util.List;
import java.util.Map;

/**
 * The topics of the pipeline, with the partitions and configs it expects. Names follow {@code
 * news.<stage>.v<contract major version>}; a breaking contract change gets a new topic, not a new
 * schema.
 */
public final class Topics {
  private Topics() {}

  /** Raw stories as agencies sent them; keyed by story URN. */
  public static final String RAW = "news.raw.v1";

  /** Normalized, language-detected and tagged stories; keyed by story URN. */
  public static final String ENRICHED = "news.enriched.v1";

  /** Public NewsEvents for downstream services; keyed by story URN. */
  public static final String PUBLISHED = "news.published.v1";

  /**
   * Early access to embargoed stories: each version held under embargo, at once, flagged with its
   * embargo (NewsEvent.embargoed), and the kill of a story still held; keyed by story URN. Only
   * publish-service writes it; only principals entitled to embargoed copy may read it.
   */
  public static final String EMBARGOED = "news.embargoed.v1";

  /** Records a stage could not process, with their original bytes and the reason. */
  public static final String DLQ = "news.dlq.v1";

  /** The latest event of each story, compacted; a withdrawn story leaves a tombstone. */
  public static final String STORIES_LATEST = "news.stories.latest.v1";

  /**
   * What ingest accepted, compacted, keyed by {@code <urn>#<version>}: ingest's idempotency memory.
   */
  public static final String INGEST_RECEIPTS = "news.ingest.receipts.v1";

  /**
   * What ingest refused or failed on, per source (an agency's request answered with a problem, a
   * feed's failed poll), keyed by source id, kept 7 days: with the receipts, the input of source
   * health ({@code GET /v1/sources}).
   */
  public static final String INGEST_REFUSALS = "news.ingest.refusals.v1";

  /**
   * Operators' settings for the running pipeline (compacted), e.g. which enriched generation
   * publish reads.
   */
  public static final String CONTROL = "news.control.v1";

  /** Webhook registrations (keyed by webhook id, compacted), publish-service's own. */
  public static final String WEBHOOKS = "news.webhooks.v1";

  /**
   * Webhook deliveries parked after their last attempt (keyed by webhook id, 30 days),
   * publish-service's own.
   */
  public static final String WEBHOOKS_PARKED = "news.webhooks.parked.v1";

  /**
   * Subscribers' saved subscriptions (named filters; keyed by {@code <owner>/<name>}, compacted),
   * publish-service's own.
   */
  public static final String SUBSCRIPTIONS = "news.subscriptions.v1";

  /** The control setting naming the enriched topic publish-service reads. */
  public static final String PUBLISH_INPUT_SETTING = "publish.input";

  /** {@link #RAW} with its contract: raw stories keyed by story URN. */
  public static final Topic<String, RawStory> RAW_STORIES = Topic.avro(RAW, RawStory.class);

  /** {@link #ENRICHED} with its contract; {@link #enrichedStories(int)} for another generation. */
  public static final Topic<String, EnrichedStory> ENRICHED_STORIES =
      Topic.avro(ENRICHED, EnrichedStory.class);

  /** {@link #PUBLISHED} with its contract: public events keyed by story URN. */
  public static final Topic<String, NewsEvent> PUBLISHED_EVENTS =
      Topic.avro(PUBLISHED, NewsEvent.class);

  /** {@link #EMBARGOED} with its contract: embargoed NewsEvents keyed by story URN. */
  public static final Topic<String, NewsEvent> EMBARGOED_EVENTS =
      Topic.avro(EMBARGOED, NewsEvent.class);

  /** {@link #STORIES_LATEST} with its contract: the latest event of each story, compacted. */
  public static final Topic<String, NewsEvent> LATEST_EVENTS =
      Topic.avro(STORIES_LATEST, NewsEvent.class);

  /** {@link #DLQ} with its contract. */
  public static final Topic<String, DeadLetter> DEAD_LETTERS = Topic.avro(DLQ, DeadLetter.class);

  /** {@link #INGEST_RECEIPTS} with its contract, keyed by {@code <urn>#<version>}. */
  public static final Topic<String, IngestReceipt> RECEIPTS =
      Topic.avro(INGEST_RECEIPTS, IngestReceipt.class);

  /** {@link #INGEST_REFUSALS} with its contract, keyed by source id. */
  public static final Topic<String, IngestRefusal> REFUSALS =
      Topic.avro(INGEST_REFUSALS, IngestRefusal.class);

  /** {@link #CONTROL} with its contract, keyed by setting name. */
  public static final Topic<String, PipelineSetting> SETTINGS =
      Topic.avro(CONTROL, PipelineSetting.class);

  /** {@link #WEBHOOKS} with its contract: webhook registrations keyed by webhook id, compacted. */
  public static final Topic<String, WebhookRegistration> WEBHOOK_REGISTRATIONS =
      Topic.avro(WEBHOOKS, WebhookRegistration.class);

  /** {@link #WEBHOOKS_PARKED} with its contract: parked deliveries keyed by webhook id. */
  public static final Topic<String, ParkedDelivery> PARKED_DELIVERIES =
      Topic.avro(WEBHOOKS_PARKED, ParkedDelivery.class);

  /**
   * {@link #SUBSCRIPTIONS} with its contract: saved subscriptions keyed by {@code <owner>/<name>},
   * compacted.
   */
  public static final Topic<String, Subscription> SAVED_SUBSCRIPTIONS =
      Topic.avro(SUBSCRIPTIONS, Subscription.class);

  /** The enriched topic of {@code generation} with its contract ({@link #enrichedGeneration}). */
  public static Topic<String, EnrichedStory> enrichedStories(int generation) {
    return ENRICHED_STORIES.named(enrichedGeneration(generation));
  }

  /** A tag's topic of events ({@link #tagTopic}) with its contract. */
  public static Topic<String, NewsEvent> taggedEvents(String tagId) {
    return PUBLISHED_EVENTS.named(tagTopic(tagId));
  }

  /**
   * The enriched topic of a generation of enrichment: generation 1 is {@link #ENRICHED}; a
   * reprocessing run with a new tagger writes generation N to {@code news.enriched.v1.g<N>}.
   */
  public static String enrichedGeneration(int generation) {
    if (generation < 1) {
      throw new IllegalArgumentException("generations start at 1, got " + generation);
    }
    return generation == 1 ? ENRICHED : ENRICHED + ".g" + generation;
  }

  /** Taxonomy tags that have their own topic of events, {@code news.tag.<slug>.v1}. */
  public static final List<String> TAG_TOPIC_TAGS =
      List.of("AI", "ASEAN", "DIGITAL_TRANSFORMATION");

  /** What every per-tag topic's name starts with ({@link #tagTopic}). */
  public static final String TAG_TOPIC_PREFIX = "news.tag.";

  /** What every topic of the catalogue's name starts with. */
  public static final String PIPELINE_PREFIX = "news.";

  /**
   * The per-tag topic of a tag id, e.g. AI → news.tag.ai.v1, DIGITAL_TRANSFORMATION →
   * news.tag.digital-transformation.v1.
   */
  public static String tagTopic(String tagId) {
    return TAG_TOPIC_PREFIX + tagId.toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ".v1";
  }

  private static final long WEEK_MS = 7L * 24 * 3600 * 1000;
  private static final long MONTH_MS = 30L * 24 * 3600 * 1000;

  /**
   * A topic of the catalogue and how it must be configured.
   *
   * @param topic its name and contract; its values' Avro schema is registered under {@code
   *     <name>-value}
   */
  public record Spec(Topic<?, ?> topic, int partitions, Map<String, String> configs, String doc) {
    public String name() {
      return topic.name();
    }

    /**
     * Whether its values have an Avro schema registered in the registry (every topic of the
     * catalogue has).
     */
    public boolean hasValueSchema() {
      return topic.hasValueSchema();
    }

    /** The generated Avro class of its values, when {@link #hasValueSchema()}. */
    public Class<?> valueSchema() {
      return topic.valueType();
    }
  }

  /** The topic config every story-carrying topic sets from {@link StoryLimits#maxRecordBytes()}. */
  public static final String MAX_MESSAGE_BYTES = "max.message.bytes";

  /**
   * The topic config every topic of the catalogue sets from its replication factor ({@link
   * #minInsyncReplicas}).
   */
  public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

  /**
   * The {@code min.insync.replicas} of a topic of {@code replicationFactor} replicas: max(1, min(2,
   * RF - 1)). One replica may be lost (or restarted) without refusing acks=all writes, and with 3
   * or more replicas a write acknowledged is on at least two of them.
   */
  public static int minInsyncReplicas(int replicationFactor) {
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "a replication factor is 1 or more, got " + replicationFactor);
    }
    return Math.max(1, Math.min(2, replicationFactor - 1));
  }

  /** Every topic of the pipeline, for the default story limits and replication factor 1. */
  public static List<Spec> all(int storyPartitions) {
    return all(storyPartitions, StoryLimits.DEFAULT);
  }

  /** Every topic of the pipeline, for replication factor 1. */
  public static List<Spec> all(int storyPartitions, StoryLimits limits) {
    return all(storyPartitions, limits, (short) 1);
  }

  /**
   * Every topic of the pipeline, for topics of {@code replicationFactor} replicas. Story topics
   * share a partition count so a story's records stay on one partition number from raw to
   * published. Raw stories are kept a month so operators can replay them. Every topic that carries
   * a story (all but the control topic, the refusals, the webhook registrations and the saved
   * subscriptions) takes records of {@link StoryLimits#maxRecordBytes()}; every topic has the
   * {@link #MIN_INSYNC_REPLICAS} of its replication factor ({@link #minInsyncReplicas}). Every
   * topic's values have an Avro schema, registered under {@link #valueSubject}.
   */
  public static List<Spec> all(int storyPartitions, StoryLimits limits, short replicationFactor) {
    String minIsr = Integer.toString(minInsyncReplicas(replicationFactor));
    List<Spec> specs =
        new java.util.ArrayList<>(
            List.of(
                new Spec(
                    RAW_STORIES,
                    storyPartitions,
                    storyConfigs(limits, minIsr, "retention.ms", Long.toString(MONTH_MS)),
                    "raw stories as agencies sent them"),
                new Spec(
                    ENRICHED_STORIES,
                    storyPartitions,
                    storyConfigs(limits, minIsr, "retention.ms", Long.toString(WEEK_MS)),
                    "normalized, tagged stories"),
                new Spec(
                    PUBLISHED_EVENTS,
                    storyPartitions,
                    storyConfigs(limits, minIsr, "retention.ms", Long.toString(MONTH_MS)),
                    "public NewsEvents"),
                new Spec(
                    EMBARGOED_EVENTS,
                    storyPartitions,
                    storyConfigs(limits, minIsr, "retention.ms", Long.toString(WEEK_MS)),
                    "embargoed NewsEvents, at once (early access)"),
                new Spec(
                    DEAD_LETTERS,
                    1,
                    storyConfigs(limits, minIsr, "retention.ms", Long.toString(MONTH_MS)),
                    "dead letters"),
                new Spec(
                    LATEST_EVENTS,
                    storyPartitions,
                    storyConfigs(limits, minIsr, "cleanup.policy", "compact"),
                    "latest event of each story, compacted"),
                new Spec(
                    SETTINGS,
                    1,
                    configs(minIsr, "cleanup.policy", "compact"),
                    "operators' settings, compacted"),
                new Spec(
                    RECEIPTS,
                    storyPartitions,
                    storyConfigs(limits, minIsr, "cleanup.policy", "compact"),
                    "ingest's idempotency memory, compacted"),
                new Spec(
                    REFUSALS,
                    1,
                    configs(minIsr, "retention.ms", Long.toString(WEEK_MS)),
                    "what ingest refused or failed on, per source (source health)")));
    for (String tag : TAG_TOPIC_TAGS) {
      specs.add(
          new Spec(
              taggedEvents(tag),
              storyPartitions,
              storyConfigs(limits, minIsr, "retention.ms", Long.toString(MONTH_MS)),
              "events tagged " + tag));
    }
    specs.addAll(webhookSpecs(limits, replicationFactor));
    specs.addAll(subscriptionSpecs(replicationFactor));
    return List.copyOf(specs);
  }

  /**
   * publish-service's saved subscriptions ({@link #SUBSCRIPTIONS}), part of {@link #all}: one
   * partition, compacted, Avro values (Subscription).
   */
  public static List<Spec> subscriptionSpecs(short replicationFactor) {
    return List.of(
        new Spec(
            SAVED_SUBSCRIPTIONS,
            1,
            configs(
                Integer.toString(minInsyncReplicas(replicationFactor)),
                "cleanup.policy",
                "compact"),
            "subscribers' saved subscriptions, compacted"));
  }

  /**
   * publish-service's webhook topics ({@link #WEBHOOKS}, {@link #WEBHOOKS_PARKED}), part of {@link
   * #all}: one partition each, Avro values like every topic (WebhookRegistration, ParkedDelivery).
   */
  public static List<Spec> webhookSpecs(StoryLimits limits, short replicationFactor) {
    String minIsr = Integer.toString(minInsyncReplicas(replicationFactor));
    return List.of(
        new Spec(
            WEBHOOK_REGISTRATIONS,
            1,
            configs(minIsr, "cleanup.policy", "compact"),
            "webhook registrations, compacted"),
        new Spec(
            PARKED_DELIVERIES,
            1,
            storyConfigs(limits, minIsr, "retention.ms", Long.toString(MONTH_MS)),
            "webhook deliveries parked after their last attempt"));
  }

  /**
   * The spec of an enriched generation's topic (generation 1 is in {@link #all}), for the default
   * story limits.
   */
  public static Spec enrichedGenerationSpec(int generation, int storyPartitions) {
    return enrichedGenerationSpec(generation, storyPartitions, StoryLimits.DEFAULT);
  }

  /**
   * The spec of an enriched generation's topic (generation 1 is in {@link #all}), for replication
   * factor 1.
   */
  public static Spec enrichedGenerationSpec(
      int generation, int storyPartitions, StoryLimits limits) {
    return enrichedGenerationSpec(generation, storyPartitions, limits, (short) 1);
  }

  /** The spec of an enriched generation's topic (generation 1 is in {@link #all}). */
  public static Spec enrichedGenerationSpec(
      int generation, int storyPartitions, StoryLimits limits, short replicationFactor) {
    return new Spec(
        enrichedStories(generation),
        storyPartitions,
        storyConfigs(
            limits,
            Integer.toString(minInsyncReplicas(replicationFactor)),
            "retention.ms",
            Long.toString(WEEK_MS)),
        "enriched stories, generation " + generation);
  }

  /**
   * {@code keyValues} (name, value, name, value…), {@link #MIN_INSYNC_REPLICAS} and {@link
   * #MAX_MESSAGE_BYTES}.
   */
  private static Map<String, String> storyConfigs(
      StoryLimits limits, String minIsr, String... keyValues) {
    Map<String, String> configs = new java.util.TreeMap<>(configs(minIsr, keyValues));
    configs.put(MAX_MESSAGE_BYTES, Integer.toString(limits.maxRecordBytes()));
    return java.util.Collections.unmodifiableMap(configs);
  }

  /** {@code keyValues} (name, value, name, value…) and {@link #MIN_INSYNC_REPLICAS}. */
  private static Map<String, String> configs(String minIsr, String... keyValues) {
    Map<String, String> configs = new java.util.TreeMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      configs.put(keyValues[i], keyValues[i + 1]);
    }
    configs.put(MIN_INSYNC_REPLICAS, minIsr);
    return java.util.Collections.unmodifiableMap(configs);
  }

  /** The registry subject of a topic's values (TopicNameStrategy). */
  public static String valueSubject(String topic) {
    return topic + "-value";
  }
}
