package io.newswire.publish.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Embargoes (issue 15): what publish does with each event of a story that may be under embargo, and
 * when a held version is released. Pure functions of plain values (no Kafka, no Avro): the
 * topology's shell ({@code PublishTopology.EmbargoDesk}) keeps the held versions in a state store
 * and acts on these decisions.
 *
 * <p>The rules:
 *
 * <ul>
 *   <li>An embargo in the past (or now) is no embargo: the event is published at once.
 *   <li>A version with an embargo in the future is <b>held</b>: nothing of it reaches the public
 *       topics, the HTTP API, SSE or webhooks before the embargo lifts; it replaces any version
 *       held before it (only the latest pending version of a story is kept), and early access
 *       ({@code news.embargoed.v1}) gets it at once.
 *   <li>An update or correction without an embargo, or with one in the past, lifts it: published at
 *       once, and the held version is dropped (it is replaced). One with a later or earlier embargo
 *       moves it.
 *   <li>A kill of a story of which nothing is public yet drops the held version and publishes
 *       nothing, ever: no withdrawal either, since there is nothing public to withdraw (early
 *       access gets the kill, since it saw the held version). A kill of a story that is public (an
 *       earlier version was released) is published as always, and drops whatever was held.
 *   <li>A held version is released when its embargo has passed ({@link #due}). Released, or
 *       published at once in place of a held version, it is announced for what it is to the public
 *       ({@link #announcedAs}), not for what it was to the version it replaced.
 * </ul>
 */
public final class Embargoes {
  private Embargoes() {}

  /** How often the topology looks for embargoes that have lifted, by default (wall clock). */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMillis(200);

  /** The most held versions released by one check; the rest go at the next (a bounded loop). */
  public static final int MAX_RELEASES_PER_CHECK = 10_000;

  /** What to do with an event. */
  public sealed interface Decision permits PublishNow, Hold, DropKilled {
    /** Whether early access ({@code news.embargoed.v1}) gets the event now. */
    boolean toEarlyAccess();

    /** Whether the version held for the story, if any, is dropped. */
    boolean dropsHeld();
  }

  /**
   * Publish the event on the public topics now.
   *
   * @param dropsHeld a version was held for the story and this event replaces it
   */
  public record PublishNow(boolean dropsHeld) implements Decision {
    @Override
    public boolean toEarlyAccess() {
      return false;
    }
  }

  /** Hold the event until {@code until}, in place of any version held before it. */
  public record Hold(Instant until) implements Decision {
    public Hold {
      Objects.requireNonNull(until, "until");
    }

    @Override
    public boolean toEarlyAccess() {
      return true;
    }

    @Override
    public boolean dropsHeld() {
      return true;
    }
  }

  /**
   * A kill before the embargo lifted, of a story nothing of which is public: drop the held version
   * and publish nothing.
   */
  public record DropKilled() implements Decision {
    @Override
    public boolean toEarlyAccess() {
      return true;
    }

    @Override
    public boolean dropsHeld() {
      return true;
    }
  }

  /**
   * Decides what to do with one event of a story.
   *
   * @param now the wall-clock time
   * @param embargo the event's embargo, null when it has none
   * @param kill whether the event withdraws the story
   * @param held whether a version of the story is held now
   * @param isPublic whether the public has seen the story (a version of it was published and not
   *     withdrawn)
   */
  public static Decision decide(
      Instant now, Instant embargo, boolean kill, boolean held, boolean isPublic) {
    Objects.requireNonNull(now, "now");
    if (kill) {
      return held && !isPublic ? new DropKilled() : new PublishNow(held);
    }
    if (embargo != null && embargo.isAfter(now)) {
      return new Hold(embargo);
    }
    return new PublishNow(held);
  }

  /** Whether a version held until {@code until} is due for release at {@code now}. */
  public static boolean due(Instant now, Instant until) {
    return !until.isAfter(now);
  }

  /** What an event published in place of a held version is, to the public. */
  public enum Announcement {
    /** As enrich called it: the event replaced no held version, or is a kill. */
    AS_IS,
    /** The story's first publication: the public has seen nothing of it. */
    FIRST,
    /** A new version of a story the public has at another version. */
    UPDATE,
    /** A correction of the very version the public has. */
    CORRECTION
  }

  /**
   * What an event that is published in place of a held version (released, or lifting the embargo)
   * is announced as. Enrich named its change relative to the previous version it saw, which may be
   * a held one nobody else saw: an update or correction of a held first version is, to the public,
   * the story's first appearance, and a correction of a held update is, to them, the update.
   *
   * @param publicVersion the version the public has (its latest published event, not a withdrawal),
   *     null when it has none
   */
  public static Announcement announcedAs(
      boolean kill, boolean replacesHeld, String publicVersion, String version) {
    if (kill || !replacesHeld) {
      return Announcement.AS_IS;
    }
    if (publicVersion == null) {
      return Announcement.FIRST;
    }
    return publicVersion.equals(version) ? Announcement.CORRECTION : Announcement.UPDATE;
  }

  /**
   * The key of a held version in the time index: the instant it is due, as 19 zero-padded digits of
   * epoch milliseconds (so keys sort by time), then {@code |} and the story URN (stories due at the
   * same millisecond in URN order). Embargoes before 1970 are no embargo ({@link #decide} releases
   * them at once), so the millisecond count is never negative here.
   */
  public static String dueKey(Instant until, String urn) {
    return String.format("%019d|%s", Math.max(0, until.toEpochMilli()), urn);
  }

  /** The smallest time-index key after every key due at or before {@code now}. */
  public static String dueUpTo(Instant now) {
    return String.format("%019d|\uffff", Math.max(0, now.toEpochMilli()));
  }

  /** The query parameter of {@code GET /v1/stories/{urn}} that asks for a held version. */
  public static final String QUERY_PARAMETER = "embargoed";

  /**
   * Whether a story request asks for the version held under embargo ({@code embargoed=include}, for
   * keys with the scope {@code embargoed}); absent or {@code exclude}: only what is public.
   *
   * @throws IllegalArgumentException for any other value, naming the parameter
   */
  public static boolean includeHeld(String value) {
    if (value == null || value.isBlank() || value.strip().equals("exclude")) {
      return false;
    }
    if (value.strip().equals("include")) {
      return true;
    }
    throw new IllegalArgumentException(
        QUERY_PARAMETER
            + ": must be include or exclude, got '"
            + (value.length() > 40 ? value.substring(0, 40) + "…" : value)
            + "'");
  }

  /** The URN of a time-index key. */
  public static String urnOf(String dueKey) {
    return dueKey.substring(dueKey.indexOf('|') + 1);
  }
}
