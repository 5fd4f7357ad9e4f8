package io.newswire.platform.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who may do what on a secured cluster: the ACLs of each principal of the pipeline, from the topic
 * catalogue. Plain data; {@code io.newswire.platform.KafkaAcls} turns it into Kafka's {@code
 * AclBinding}s and applies it.
 *
 * <p>Least privilege, one principal per service (docs/kafka-security.md has the table):
 *
 * <ul>
 *   <li><b>ingest</b> writes raw stories and receipts, in transactions whose ids start with {@link
 *       Apps#ingestTransactionalIdPrefix()} ({@code INGEST_INSTANCE_ID} must start with it), and
 *       reads both back (the receipt mirror, the outcome of an uncertain commit); writes the
 *       refusals (source health). No group: it reads by assignment.
 *   <li><b>enrich</b> (a Streams app, exactly-once) reads raw, writes the enriched topic of every
 *       generation and the DLQ; its group, transactional ids and internal topics are those starting
 *       with its application id.
 *   <li><b>publish</b> (a Streams app, exactly-once) reads every enriched generation, the control
 *       topic, its webhook topics and its saved subscriptions, and ingest's receipts and refusals
 *       (source health, the app {@code <application id>-sources}), writes published, embargoed,
 *       latest, tag, webhook, subscription and DLQ topics, creates its webhook and subscription
 *       topics when missing; application-id-prefixed group, transactional ids and internal topics
 *       (webhook groups are {@code <application id>-webhook-<id>}). It cannot write raw or the
 *       control topic.
 *   <li><b>consumer</b>, a downstream reader: published and tag topics only, in groups starting
 *       with {@link Apps#consumerGroupPrefix()}; never the embargoed topic (early access is granted
 *       to an entitled principal by hand, see docs/publish.md).
 *   <li><b>operator</b>, the CLI: reads and describes every pipeline topic and group, creates
 *       topics, writes raw (replay, DLQ redrive), enriched generations (redrive), the control topic
 *       (switching publish's input) and runs reprocessing Streams apps ({@link
 *       Apps#reprocessApplicationIdPrefix()}). It cannot write published, tag, webhook or
 *       subscription topics.
 *   <li><b>registry</b>, Apicurio's kafkasql storage: its own topics and groups.
 * </ul>
 *
 * The provisioning principal (topics, schemas, SCRAM users, these ACLs) is a super user of the
 * cluster and needs no ACL.
 */
public final class AclPlan {
  private AclPlan() {}

  /** What an ACL is about. */
  public enum Resource {
    TOPIC,
    GROUP,
    TRANSACTIONAL_ID,
    CLUSTER
  }

  /** How an ACL's resource name matches. */
  public enum Match {
    LITERAL,
    PREFIXED
  }

  /** The operations granted (Kafka's names). */
  public enum Operation {
    READ,
    WRITE,
    CREATE,
    DELETE,
    DESCRIBE,
    DESCRIBE_CONFIGS,
    ALTER_CONFIGS,
    ALL
  }

  /** One allowed operation of a principal (a user name, without {@code User:}). */
  public record Grant(
      String principal, Resource resource, Match match, String name, Operation operation) {
    public Grant {
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(match, "match");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(operation, "operation");
      if (principal.isBlank() || name.isEmpty()) {
        throw new IllegalArgumentException("a grant names a principal and a resource");
      }
    }
  }

  /**
   * The topic names of the catalogue the plan grants on.
   *
   * @param enrichedPrefix the enriched topic of generation 1, which every generation's name starts
   *     with
   * @param subscriptions publish-service's saved subscriptions
   * @param tagTopicPrefix what every per-tag topic's name starts with
   * @param pipelinePrefix what every topic of the catalogue starts with
   */
  public record Catalogue(
      String raw,
      String enrichedPrefix,
      String published,
      String embargoed,
      String latest,
      String dlq,
      String receipts,
      String refusals,
      String control,
      String webhooks,
      String webhooksParked,
      String subscriptions,
      String tagTopicPrefix,
      String pipelinePrefix) {}

  /** The user names of the principals. */
  public record Principals(
      String ingest,
      String enrich,
      String publish,
      String consumer,
      String operator,
      String registry) {
    public static Principals defaults() {
      return new Principals("ingest", "enrich", "publish", "consumer", "operator", "registry");
    }

    public List<String> all() {
      return List.of(ingest, enrich, publish, consumer, operator, registry);
    }
  }

  /**
   * The names the services' own resources start with.
   *
   * @param ingestTransactionalIdPrefix what {@code INGEST_INSTANCE_ID} starts with (the writers'
   *     transactional ids are {@code <instance id>-<n>})
   * @param enrichApplicationId {@code ENRICH_APPLICATION_ID}
   * @param publishApplicationId {@code PUBLISH_APPLICATION_ID}
   * @param consumerGroupPrefix what a downstream consumer's group ids start with
   * @param registryTopicPrefix what the registry's kafkasql topics start with
   * @param registryGroupPrefix {@code APICURIO_KAFKASQL_CONSUMER_GROUP_PREFIX}
   */
  public record Apps(
      String ingestTransactionalIdPrefix,
      String enrichApplicationId,
      String publishApplicationId,
      String consumerGroupPrefix,
      String registryTopicPrefix,
      String registryGroupPrefix) {
    public static Apps defaults() {
      return new Apps(
          "ingest-",
          "newswire-enrich",
          "newswire-publish",
          "consumer-",
          "kafkasql-",
          "apicurio-registry-");
    }

    /** The CLI's reprocessing apps are {@code <enrich application id>-g<generation>}. */
    public String reprocessApplicationIdPrefix() {
      return enrichApplicationId + "-g";
    }
  }

  /** Every grant of the plan. */
  public static List<Grant> grants(Catalogue topics, Principals who, Apps apps) {
    Builder b = new Builder();

    String ingest = who.ingest();
    b.topic(ingest, Match.LITERAL, topics.raw(), Operation.WRITE, Operation.READ);
    b.topic(ingest, Match.LITERAL, topics.receipts(), Operation.WRITE, Operation.READ);
    b.topic(ingest, Match.LITERAL, topics.refusals(), Operation.WRITE);
    b.transactionalIds(ingest, apps.ingestTransactionalIdPrefix());

    String enrich = who.enrich();
    b.topic(enrich, Match.LITERAL, topics.raw(), Operation.READ);
    b.topic(enrich, Match.PREFIXED, topics.enrichedPrefix(), Operation.WRITE);
    b.topic(enrich, Match.LITERAL, topics.dlq(), Operation.WRITE);
    b.streamsApp(enrich, apps.enrichApplicationId());

    String publish = who.publish();
    b.topic(publish, Match.PREFIXED, topics.enrichedPrefix(), Operation.READ);
    b.topic(publish, Match.LITERAL, topics.control(), Operation.READ);
    // source health: what ingest accepted and refused
    b.topic(publish, Match.LITERAL, topics.receipts(), Operation.READ);
    b.topic(publish, Match.LITERAL, topics.refusals(), Operation.READ);
    b.topic(publish, Match.LITERAL, topics.published(), Operation.WRITE, Operation.READ);
    b.topic(publish, Match.LITERAL, topics.latest(), Operation.WRITE);
    b.topic(publish, Match.LITERAL, topics.embargoed(), Operation.WRITE);
    b.topic(publish, Match.PREFIXED, topics.tagTopicPrefix(), Operation.WRITE);
    b.topic(publish, Match.LITERAL, topics.dlq(), Operation.WRITE);
    for (String own : List.of(topics.webhooks(), topics.webhooksParked(), topics.subscriptions())) {
      b.topic(publish, Match.LITERAL, own, Operation.WRITE, Operation.READ, Operation.CREATE);
    }
    b.streamsApp(publish, apps.publishApplicationId());

    String consumer = who.consumer();
    b.topic(consumer, Match.LITERAL, topics.published(), Operation.READ);
    b.topic(consumer, Match.PREFIXED, topics.tagTopicPrefix(), Operation.READ);
    b.group(consumer, apps.consumerGroupPrefix(), Operation.READ, Operation.DESCRIBE);

    String operator = who.operator();
    b.topic(
        operator,
        Match.PREFIXED,
        topics.pipelinePrefix(),
        Operation.READ,
        Operation.DESCRIBE_CONFIGS,
        Operation.CREATE);
    b.topic(operator, Match.LITERAL, topics.raw(), Operation.WRITE);
    b.topic(operator, Match.PREFIXED, topics.enrichedPrefix(), Operation.WRITE);
    b.topic(operator, Match.LITERAL, topics.control(), Operation.WRITE);
    // every group: the consumers command shows and resets the pipeline's groups
    b.add(operator, Resource.GROUP, Match.PREFIXED, "", Operation.READ);
    b.add(operator, Resource.GROUP, Match.PREFIXED, "", Operation.DESCRIBE);
    b.streamsApp(operator, apps.reprocessApplicationIdPrefix());
    b.add(operator, Resource.CLUSTER, Match.LITERAL, CLUSTER, Operation.DESCRIBE);

    String registry = who.registry();
    b.add(registry, Resource.TOPIC, Match.PREFIXED, apps.registryTopicPrefix(), Operation.ALL);
    b.group(registry, apps.registryGroupPrefix(), Operation.READ, Operation.DESCRIBE);
    b.add(registry, Resource.CLUSTER, Match.LITERAL, CLUSTER, Operation.DESCRIBE_CONFIGS);
    return b.grants;
  }

  /** {@link #grants} grouped by principal, in the order of {@link Principals#all()}. */
  public static Map<String, List<Grant>> byPrincipal(Catalogue topics, Principals who, Apps apps) {
    Map<String, List<Grant>> out = new LinkedHashMap<>();
    who.all().forEach(p -> out.put(p, new ArrayList<>()));
    grants(topics, who, apps).forEach(g -> out.get(g.principal()).add(g));
    out.replaceAll((k, v) -> List.copyOf(v));
    return out;
  }

  /** Kafka's name of the one cluster resource. */
  public static final String CLUSTER = "kafka-cluster";

  private static final class Builder {
    private final List<Grant> grants = new ArrayList<>();

    void add(String who, Resource r, Match m, String name, Operation op) {
      // every name: Kafka takes the LITERAL wildcard, not an empty prefix
      Grant g =
          name.isEmpty()
              ? new Grant(who, r, Match.LITERAL, "*", op)
              : new Grant(who, r, m, name, op);
      if (!grants.contains(g)) {
        grants.add(g);
      }
    }

    /** The operations, plus DESCRIBE (metadata, offsets) which every use of a topic needs. */
    void topic(String who, Match m, String name, Operation... ops) {
      for (Operation op : ops) {
        add(who, Resource.TOPIC, m, name, op);
      }
      add(who, Resource.TOPIC, m, name, Operation.DESCRIBE);
    }

    void group(String who, String prefix, Operation... ops) {
      for (Operation op : ops) {
        add(who, Resource.GROUP, Match.PREFIXED, prefix, op);
      }
    }

    void transactionalIds(String who, String prefix) {
      add(who, Resource.TRANSACTIONAL_ID, Match.PREFIXED, prefix, Operation.WRITE);
      add(who, Resource.TRANSACTIONAL_ID, Match.PREFIXED, prefix, Operation.DESCRIBE);
    }

    /**
     * What a Kafka Streams app under exactly_once_v2 needs besides its input and output topics: its
     * group ({@code <application id>}), its transactional ids ({@code <application id>-<process
     * id>-<n>}) and its internal topics ({@code <application id>-...-repartition|changelog}), which
     * it creates, reads, writes and deletes (reset).
     */
    void streamsApp(String who, String applicationId) {
      group(who, applicationId, Operation.READ, Operation.DESCRIBE);
      transactionalIds(who, applicationId);
      add(who, Resource.TOPIC, Match.PREFIXED, applicationId, Operation.ALL);
    }
  }
}
