package io.newswire.enrich.core.time;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A story time (firstCreated, versionCreated) as the agency wrote it and as an instant.
 *
 * @param original the text as the agency wrote it, unchanged (null when it sent none)
 * @param utc the instant, or null when there was no time or it could not be read
 * @param offset the UTC offset the time was written with, or, for a time written without one, the
 *     offset of the agency's zone at that time; null when {@code utc} is null
 * @param zoneAssumed true when the time had no offset and was read in the agency's configured zone
 * @param problem why the time could not be read, or null (also null when there was no time)
 */
public record StoryTime(
    String original, Instant utc, ZoneOffset offset, boolean zoneAssumed, String problem) {

  /** No time given. */
  public static final StoryTime ABSENT = new StoryTime(null, null, null, false, null);

  /** True when a time was given and read. */
  public boolean valid() {
    return utc != null;
  }

  /** The offset as text ({@code +07:00}, {@code -05:00}, {@code Z} for UTC), or null. */
  public String offsetText() {
    return offset == null ? null : offset.getId();
  }
}
