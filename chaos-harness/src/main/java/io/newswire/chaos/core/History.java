package io.newswire.chaos.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a chaos run observed, as plain values: what clients were told, what the topics hold
 * (read_committed, in offset order) and what subscribers received. The {@link Checker} judges it.
 *
 * @param accepted every 202 the load generator got, replays included (a story version may appear
 *     twice)
 * @param answers every other final answer the load generator got (409 for a probe is expected;
 *     anything else is not)
 * @param raw news.raw.v1
 * @param enriched news.enriched.v1
 * @param published news.published.v1
 * @param tagTopics each tag topic's records, by tag id (e.g. AI)
 * @param latest news.stories.latest.v1, tombstones included
 * @param sse what the SSE client received, in arrival order, before deduplication
 * @param webhook what the webhook receiver received, in arrival order, before deduplication
 * @param openTransactions partitions whose transaction-marker probe a read_committed reader could
 *     not reach
 * @param deadLetters records on news.dlq.v1
 */
public record History(
    List<Accepted> accepted,
    List<Answer> answers,
    List<Written> raw,
    List<Written> enriched,
    List<Written> published,
    Map<String, List<Written>> tagTopics,
    List<Written> latest,
    List<Delivered> sse,
    List<Delivered> webhook,
    List<String> openTransactions,
    int deadLetters) {

  /** A story version: its URN and version. */
  public record Version(String urn, int version) {
    public Version {
      Objects.requireNonNull(urn);
    }

    @Override
    public String toString() {
      return urn + " v" + version;
    }
  }

  /** A 202: when the request was first sent and when the accepting answer came. */
  public record Accepted(
      Version version,
      Workload.Kind kind,
      long firstSentAtMillis,
      long acceptedAtMillis,
      String ingestId,
      boolean replayed) {}

  /** A final answer other than 202 (e.g. 409 for a conflict probe). */
  public record Answer(Version version, Workload.Kind kind, int status, String problemType) {}

  /**
   * A record of a topic. {@code type} is what the record says happened: the change (NEW, UPDATE,
   * CORRECTION, KILL) on news.enriched.v1, the event type (PUBLISHED, UPDATED, CORRECTED,
   * WITHDRAWN) on the event topics, the pub status on news.raw.v1; {@code tags} the Newswire tags
   * of an event. A tombstone has no version (0) and no type.
   */
  public record Written(
      int partition,
      long offset,
      String urn,
      int version,
      String type,
      Set<String> tags,
      boolean tombstone,
      String ingestId) {
    public Written {
      tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    public Version id() {
      return new Version(urn, version);
    }

    /** What identifies an event across topics and deliveries: URN, version and type. */
    public String event() {
      return urn + " v" + version + " " + type;
    }
  }

  /**
   * An event a subscriber received: its CloudEvent id, the story version and event type, and when
   * it arrived.
   */
  public record Delivered(String eventId, String urn, int version, String type, long atMillis) {
    public String event() {
      return urn + " v" + version + " " + type;
    }
  }
}
