package io.newswire.publish.core.sources;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * All source health keeps of one source, as the state store holds it: bounded whatever the traffic
 * ({@link SourceLedger} keeps at most 24 hourly buckets of each kind, {@value
 * SourceLedger#MAX_TYPES} problem types and {@value SourceLedger#MAX_GAPS} pauses). Immutable; the
 * ledger makes the next one.
 *
 * @param lastReceivedMillis the latest acceptance time of a story, null before the first
 * @param receivedTotal stories received since the source was first seen
 * @param receivedByHour stories by UTC hour (epoch hours), the last 24 hours seen
 * @param refusedByHour refusals by UTC hour, the last 24 hours seen
 * @param refusals refusals since the source was first seen, by problem type slug
 * @param lastError the latest refusal or error, null if none
 * @param gapsMillis the latest pauses between stories ({@link SourceLedger}), oldest first
 * @param runStartMillis the start of the current run of stories (for the pauses), null before the
 *     first story
 */
public record SourceState(
    String source,
    String kind,
    long firstSeenMillis,
    Long lastReceivedMillis,
    long receivedTotal,
    Map<Long, Long> receivedByHour,
    Map<Long, Long> refusedByHour,
    Map<String, Long> refusals,
    LastError lastError,
    List<Long> gapsMillis,
    Long runStartMillis) {

  /** The latest refusal or error of a source. */
  public record LastError(long atMillis, String type, int status, String title, String detail) {}

  public SourceState {
    receivedByHour = sorted(receivedByHour);
    refusedByHour = sorted(refusedByHour);
    refusals = sorted(refusals);
    gapsMillis = gapsMillis == null ? List.of() : List.copyOf(gapsMillis);
  }

  /** A source seen for the first time, at {@code atMillis}. */
  static SourceState first(String source, String kind, long atMillis) {
    return new SourceState(
        source, kind, atMillis, null, 0, Map.of(), Map.of(), Map.of(), null, List.of(), null);
  }

  private static <K extends Comparable<K>> Map<K, Long> sorted(Map<K, Long> m) {
    return m == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(m));
  }
}
