package io.newswire.publish.core.sources;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A source's health at one instant, as {@code GET /v1/sources} answers it ({@link
 * SourceLedger#view}).
 *
 * @param lastReceivedMillis the latest story's acceptance time, null if none
 * @param storiesLast24h the sum of {@code perHour}
 * @param perHour stories in each of the last 24 UTC hours, oldest first, the last is the current
 *     hour
 * @param usualGapSeconds the source's usual pause between stories, null while it has too little
 *     history ({@link SourceLedger})
 * @param idleForSeconds how long it has been quiet, when that is longer than the idle multiple of
 *     its usual pause; null otherwise
 * @param refusals refusals since the source was first seen, by problem type slug
 * @param refusalsLast24h refusals in the same 24 hours as {@code perHour}
 * @param lastError the latest refusal or error, null if none
 */
public record SourceView(
    String source,
    String kind,
    Health state,
    Long lastReceivedMillis,
    long storiesLast24h,
    List<Long> perHour,
    Long usualGapSeconds,
    Long idleForSeconds,
    Map<String, Long> refusals,
    long refusalsLast24h,
    SourceState.LastError lastError) {

  /** What the source's state says, worst first. */
  public enum Health {
    /** Its latest interaction, within the last 24 h, was a refusal or an error. */
    ERRORING("erroring"),
    /** Quiet for longer than the idle multiple of its usual pause. */
    IDLE("idle"),
    /** Too little history to know its usual pause: never idle. */
    QUIET_NEW("quiet-new"),
    OK("ok");

    private final String id;

    Health(String id) {
      this.id = id;
    }

    /** As the API spells it. */
    public String id() {
      return id;
    }
  }

  public SourceView {
    perHour = List.copyOf(perHour);
    refusals = Map.copyOf(refusals);
  }

  /** Erroring, then idle, then new, then healthy sources; by source id within each. */
  public static final Comparator<SourceView> WORST_FIRST =
      Comparator.comparing(SourceView::state).thenComparing(SourceView::source);

  /** Whether the source is idle, whatever else its state says. */
  public boolean idle() {
    return idleForSeconds != null;
  }

  /** Seconds since the latest story at {@code nowMillis}, null if none. */
  public Long lastReceivedAgeSeconds(long nowMillis) {
    return lastReceivedMillis == null ? null : Math.max(0, nowMillis - lastReceivedMillis) / 1000;
  }
}
