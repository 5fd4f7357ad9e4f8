package io.newswire.publish.core.sources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Source health's arithmetic: folds {@link SourceEvent}s into a {@link SourceState} ({@link
 * #apply}) and judges a state on the wall clock ({@link #view}), so a source that stops sending
 * turns idle without any new record.
 *
 * <p><b>Stories per hour</b>: counted by UTC hour of their acceptance time; the last 24 hours are
 * kept (older buckets are dropped once a later hour is seen), and a view shows the 24 hours ending
 * with the current one. <b>Refusals</b>: counted by problem type (the slug of the type URI; at most
 * {@value #MAX_TYPES} types, then {@value #OTHER}) since the source was first seen, and by hour
 * like stories; the latest is the last error.
 *
 * <p><b>Usual pause</b>: sources send in bursts (a newsMessage of ten items, a feed poll), so the
 * gap between two stories alone says little. Stories less than {@link #BURST} apart are one run; a
 * pause is the time from the end of a run to the next story (at least {@link #BURST}), and a run
 * that goes on counts one pause of its length each time it has lasted {@link #BURST}, so a source
 * that never stops has a usual pause of about {@link #BURST}. The usual pause is the upper median
 * of the latest {@value #MAX_GAPS} pauses, once there are at least {@code minGaps}; with fewer the
 * source is {@code quiet-new} and never idle. A story older than the latest one (records of
 * different partitions interleave) counts in its hour but makes no pause.
 *
 * <p><b>State</b> at {@code now}: {@code erroring} when the latest refusal is later than the latest
 * story and within the last 24 hours; else {@code idle} when quiet for longer than {@code
 * idleMultiple} × the usual pause; else {@code quiet-new} without a usual pause; else {@code ok}.
 */
public final class SourceLedger {
  /** Stories closer than this are one run; the shortest pause (the default of {@code burst}). */
  public static final Duration BURST = Duration.ofMinutes(1);

  /** Pauses kept per source. */
  public static final int MAX_GAPS = 32;

  /** Problem types counted per source; refusals of further types count as {@value #OTHER}. */
  public static final int MAX_TYPES = 32;

  public static final String OTHER = "other";

  /** Hours of the per-hour view. */
  public static final int HOURS = 24;

  /** How long the latest refusal can make a source erroring. */
  public static final Duration ERROR_WINDOW = Duration.ofHours(24);

  public static final double DEFAULT_IDLE_MULTIPLE = 4;
  public static final int DEFAULT_MIN_GAPS = 5;

  private static final long HOUR_MS = Duration.ofHours(1).toMillis();
  private static final int MAX_SLUG = 100;

  private final double idleMultiple;
  private final int minGaps;
  private final long burstMillis;

  /**
   * @param idleMultiple a source is idle when quiet for longer than this many usual pauses (more
   *     than 1)
   * @param minGaps the pauses needed before a source's usual pause is known (1 to {@value
   *     #MAX_GAPS})
   */
  public SourceLedger(double idleMultiple, int minGaps) {
    this(idleMultiple, minGaps, BURST);
  }

  /**
   * @param burst stories closer than this are one run, and the shortest pause (positive, at most an
   *     hour)
   */
  public SourceLedger(double idleMultiple, int minGaps, Duration burst) {
    if (!(idleMultiple > 1) || Double.isInfinite(idleMultiple)) {
      throw new IllegalArgumentException(
          "the idle multiple must be a number above 1, got " + idleMultiple);
    }
    if (minGaps < 1 || minGaps > MAX_GAPS) {
      throw new IllegalArgumentException(
          "the pauses needed must be 1 to " + MAX_GAPS + ", got " + minGaps);
    }
    if (burst == null || burst.isNegative() || burst.isZero() || burst.toHours() > 1) {
      throw new IllegalArgumentException(
          "the burst must be positive and at most an hour: " + burst);
    }
    this.idleMultiple = idleMultiple;
    this.minGaps = minGaps;
    this.burstMillis = burst.toMillis();
  }

  public static SourceLedger defaults() {
    return new SourceLedger(DEFAULT_IDLE_MULTIPLE, DEFAULT_MIN_GAPS);
  }

  public double idleMultiple() {
    return idleMultiple;
  }

  public int minGaps() {
    return minGaps;
  }

  public Duration burst() {
    return Duration.ofMillis(burstMillis);
  }

  /** The state after {@code e}; {@code state} null for a source not seen before. */
  public SourceState apply(SourceState state, SourceEvent e) {
    SourceState s = state != null ? state : SourceState.first(e.source(), e.kind(), e.atMillis());
    if (e instanceof SourceEvent.Received r) {
      return received(s, r.atMillis());
    }
    return refused(s, (SourceEvent.Refused) e);
  }

  private SourceState received(SourceState s, long t) {
    Long last = s.lastReceivedMillis();
    Long runStart = s.runStartMillis();
    List<Long> gaps = s.gapsMillis();
    long burst = burstMillis;
    if (last == null) {
      last = t;
      runStart = t;
    } else if (t > last) {
      if (runStart == null) {
        runStart = last;
      }
      if (t - last >= burst) {
        gaps = withGap(gaps, t - last);
        runStart = t;
      } else if (t - runStart >= burst) {
        gaps = withGap(gaps, t - runStart);
        runStart = t;
      }
      last = t;
    }
    return new SourceState(
        s.source(),
        s.kind(),
        Math.min(s.firstSeenMillis(), t),
        last,
        s.receivedTotal() + 1,
        countedInHour(s.receivedByHour(), t, 1),
        s.refusedByHour(),
        s.refusals(),
        s.lastError(),
        gaps,
        runStart);
  }

  private static SourceState refused(SourceState s, SourceEvent.Refused r) {
    long count = Math.max(1, r.count());
    String slug = slug(r.type());
    Map<String, Long> refusals = new HashMap<>(s.refusals());
    if (!refusals.containsKey(slug) && refusals.size() >= MAX_TYPES) {
      slug = OTHER;
    }
    refusals.merge(slug, count, SourceLedger::saturatedSum);
    SourceState.LastError last = s.lastError();
    if (last == null || r.atMillis() >= last.atMillis()) {
      last = new SourceState.LastError(r.atMillis(), slug, r.status(), r.title(), r.detail());
    }
    return new SourceState(
        s.source(),
        s.kind(),
        Math.min(s.firstSeenMillis(), r.atMillis()),
        s.lastReceivedMillis(),
        s.receivedTotal(),
        s.receivedByHour(),
        countedInHour(s.refusedByHour(), r.atMillis(), count),
        refusals,
        last,
        s.gapsMillis(),
        s.runStartMillis());
  }

  /** The last path segment of a problem type URI (its slug), bounded; the whole of it otherwise. */
  static String slug(String type) {
    String t = type == null || type.isBlank() ? "about:blank" : type.strip();
    int slash = t.lastIndexOf('/');
    String slug = slash >= 0 && slash < t.length() - 1 ? t.substring(slash + 1) : t;
    return slug.length() > MAX_SLUG ? slug.substring(0, MAX_SLUG) : slug;
  }

  private static List<Long> withGap(List<Long> gaps, long gap) {
    List<Long> out = new ArrayList<>(gaps);
    out.add(gap);
    while (out.size() > MAX_GAPS) {
      out.remove(0);
    }
    return out;
  }

  /** {@code byHour} with {@code n} more in the hour of {@code t}, only the latest 24 hours kept. */
  private static Map<Long, Long> countedInHour(Map<Long, Long> byHour, long t, long n) {
    long hour = Math.floorDiv(t, HOUR_MS);
    TreeMap<Long, Long> out = new TreeMap<>(byHour);
    long latest = out.isEmpty() ? hour : Math.max(out.lastKey(), hour);
    if (hour <= latest - HOURS) {
      return byHour; // older than the hours kept: counted in the total only
    }
    out.merge(hour, n, SourceLedger::saturatedSum);
    out.headMap(latest - HOURS + 1).clear();
    return out;
  }

  private static long saturatedSum(long a, long b) {
    long s = a + b;
    return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
  }

  /** The usual pause of {@code s}: the upper median of its pauses, null with fewer than needed. */
  public Long usualGapMillis(SourceState s) {
    List<Long> gaps = s.gapsMillis();
    if (gaps.size() < minGaps) {
      return null;
    }
    List<Long> sorted = new ArrayList<>(gaps);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  /** {@code s} judged at {@code nowMillis} (the wall clock of the instance that answers). */
  public SourceView view(SourceState s, long nowMillis) {
    long nowHour = Math.floorDiv(nowMillis, HOUR_MS);
    List<Long> perHour = lastHours(s.receivedByHour(), nowHour);
    long stories = perHour.stream().mapToLong(Long::longValue).sum();
    long refused = lastHours(s.refusedByHour(), nowHour).stream().mapToLong(Long::longValue).sum();
    Long usual = usualGapMillis(s);
    Long last = s.lastReceivedMillis();
    Long idleFor = null;
    if (usual != null && last != null && nowMillis - last > idleMultiple * usual) {
      idleFor = (nowMillis - last) / 1000;
    }
    SourceState.LastError error = s.lastError();
    boolean erroring =
        error != null
            && nowMillis - error.atMillis() <= ERROR_WINDOW.toMillis()
            && (last == null || error.atMillis() > last);
    SourceView.Health health =
        erroring
            ? SourceView.Health.ERRORING
            : idleFor != null
                ? SourceView.Health.IDLE
                : usual == null ? SourceView.Health.QUIET_NEW : SourceView.Health.OK;
    return new SourceView(
        s.source(),
        s.kind(),
        health,
        last,
        stories,
        perHour,
        usual == null ? null : usual / 1000,
        idleFor,
        s.refusals(),
        refused,
        error);
  }

  /**
   * The counts of the {@value #HOURS} hours ending with {@code nowHour}, oldest first; counts of
   * later hours (another instance's clock ahead of this one) go to the current hour.
   */
  private static List<Long> lastHours(Map<Long, Long> byHour, long nowHour) {
    long[] counts = new long[HOURS];
    byHour.forEach(
        (hour, n) -> {
          long i = hour - (nowHour - HOURS + 1);
          if (i >= HOURS) {
            counts[HOURS - 1] = saturatedSum(counts[HOURS - 1], n);
          } else if (i >= 0) {
            counts[(int) i] = saturatedSum(counts[(int) i], n);
          }
        });
    List<Long> out = new ArrayList<>(HOURS);
    for (long c : counts) {
      out.add(c);
    }
    return out;
  }
}
