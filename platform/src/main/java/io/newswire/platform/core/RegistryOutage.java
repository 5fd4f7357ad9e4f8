package io.newswire.platform.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a Streams stage does with a record the schema registry failed, as plain decisions: the
 * rules, with no Kafka in them. Thread-safe: every stream thread of a stage shares one.
 *
 * <ul>
 *   <li>The registry is unreachable: the record is never dead-lettered; {@link Retry} — the stream
 *       thread fails and is replaced, and the record is processed again — after a backoff of 1 s, 2
 *       s, 4 s, then 5 s per failure (kept under Kafka Streams' 10 s transaction timeout, since the
 *       wait happens inside the failed transaction).
 *   <li>The registry answers that it does not know the record's schema id: {@link Retry} with the
 *       same backoff while the first failure of that record (topic-partition@offset) is less than
 *       {@code grace} ago, then {@link DeadLetter}, so one foreign record cannot block its
 *       partition for ever. A grace of zero dead-letters it at once. The grace counts in this
 *       process: a restart, or the partition moving to another instance, starts it again.
 * </ul>
 *
 * From the first failure until records are processed again (the caller's count of processed records
 * grew after the last failure) the stage is in an {@link Episode}: readiness is down, and the
 * backoff grows.
 */
public final class RegistryOutage {
  public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /**
   * At most this many records' first unknown-schema failures are remembered (a partition holds one
   * at a time).
   */
  static final int MAX_REMEMBERED = 10_000;

  /** What to do with the record. */
  public sealed interface Decision permits Retry, DeadLetter {}

  /** Fail the stream thread, after waiting {@code backoff}, so that the record is tried again. */
  public record Retry(Duration backoff, Episode episode) implements Decision {}

  /**
   * Dead-letter the record: its schema id has been unknown to the registry for {@code unknownFor} ≥
   * the grace.
   */
  public record DeadLetter(Duration unknownFor) implements Decision {}

  /**
   * An outage as the stage sees it: since its first failure, how many, the last failed record and
   * error; for an unknown schema id, when that record will be dead-lettered.
   */
  public record Episode(
      Instant since,
      int failures,
      boolean unknownSchema,
      String lastRecord,
      String lastError,
      Instant deadLetterAt) {
    /** For readiness: what is wrong and since when. */
    public String describe() {
      if (unknownSchema) {
        return "schema registry does not know the schema id of "
            + lastRecord
            + " ("
            + lastError
            + "), failing since "
            + since
            + "; it is dead-lettered at "
            + deadLetterAt
            + " unless the registry knows the id again";
      }
      return "schema registry unreachable since "
          + since
          + " ("
          + failures
          + " failures; last at "
          + lastRecord
          + ": "
          + lastError
          + ")";
    }
  }

  private final Clock clock;
  private final Duration grace;
  private final Map<String, Instant> unknownSince =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
          return size() > MAX_REMEMBERED;
        }
      };
  private Episode episode;
  private long processedAtLastFailure;

  /**
   * @param grace how long a record whose schema id the registry does not know is retried before it
   *     is dead-lettered
   */
  public RegistryOutage(Clock clock, Duration grace) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("the unknown-schema grace cannot be negative: " + grace);
    }
    this.clock = clock;
    this.grace = grace;
  }

  public Duration grace() {
    return grace;
  }

  /**
   * The registry could not be reached for {@code record}.
   *
   * @param processed how many records the stage has processed so far (only its growth matters)
   */
  public synchronized Retry unavailable(String record, String error, long processed) {
    return fail(false, record, error, processed, null);
  }

  /**
   * The registry does not know the schema id of {@code record}: retry it within the grace, else
   * dead-letter it.
   */
  public synchronized Decision unknownSchema(String record, String error, long processed) {
    Instant now = clock.instant();
    Instant first = unknownSince.computeIfAbsent(record, r -> now);
    Duration unknownFor = Duration.between(first, now);
    if (unknownFor.compareTo(grace) >= 0) {
      unknownSince.remove(record);
      return new DeadLetter(unknownFor);
    }
    return fail(true, record, error, processed, first.plus(grace));
  }

  private Retry fail(
      boolean unknownSchema, String record, String error, long processed, Instant deadLetterAt) {
    endIfProcessed(processed);
    Instant since = episode == null ? clock.instant() : episode.since();
    int failures = episode == null ? 1 : episode.failures() + 1;
    episode = new Episode(since, failures, unknownSchema, record, error, deadLetterAt);
    processedAtLastFailure = processed;
    return new Retry(backoff(failures), episode);
  }

  /**
   * Ends the episode if records were processed after its last failure, and returns it then (once),
   * for a log line.
   */
  public synchronized Optional<Episode> endIfProcessed(long processed) {
    if (episode == null || processed <= processedAtLastFailure) {
      return Optional.empty();
    }
    Episode ended = episode;
    episode = null;
    return Optional.of(ended);
  }

  /** The episode going on, if any. */
  public synchronized Optional<Episode> current() {
    return Optional.ofNullable(episode);
  }

  /** The wait before retrying after failure number {@code failures} (1-based) of an episode. */
  static Duration backoff(int failures) {
    long ms = FIRST_BACKOFF.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
    return ms > MAX_BACKOFF.toMillis() ? MAX_BACKOFF : Duration.ofMillis(ms);
  }
}
