package io.newswire.platform.core;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A story's identity: the agency that sends it and the agency's own id of it, the same for every
 * version. Its URN, {@code urn:newswire:<agency>:<agencyStoryId>}, keys the story on every topic
 * and names it in every URL; this is the one place that spells, checks and reads that format.
 *
 * @param agency the agency's code: lower-case letters, digits and dashes ({@link #AGENCY})
 * @param agencyStoryId the agency's id of the story ({@link #STORY_ID}): no spaces or slashes (URNs
 *     travel in URL paths); it may hold colons
 */
public record StoryId(String agency, String agencyStoryId) {
  /** Every story URN starts with this. */
  public static final String URN_PREFIX = "urn:newswire:";

  /** Agency codes: lower-case letters, digits and dashes, at most 32. */
  public static final Pattern AGENCY = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  /**
   * Agency story ids: what agencies use, within reason; at most 200 characters, no spaces, no
   * slashes.
   */
  public static final Pattern STORY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,199}");

  public StoryId {
    if (agency == null || !AGENCY.matcher(agency).matches()) {
      throw new IllegalArgumentException("agency '" + agency + "' is not " + AGENCY.pattern());
    }
    if (agencyStoryId == null || !STORY_ID.matcher(agencyStoryId).matches()) {
      throw new IllegalArgumentException(
          "story id '" + agencyStoryId + "' is not " + STORY_ID.pattern());
    }
  }

  /** The identity of {@code agencyStoryId} from {@code agency} (its code in any case). */
  public static StoryId of(String agency, String agencyStoryId) {
    return new StoryId(agency == null ? null : agency.toLowerCase(Locale.ROOT), agencyStoryId);
  }

  /**
   * The story URN of {@code agencyStoryId} from {@code agency}; both must be valid ({@link #of}).
   */
  public static String urn(String agency, String agencyStoryId) {
    return of(agency, agencyStoryId).urn();
  }

  /** Reads a story URN; empty when it is not one. */
  public static Optional<StoryId> parse(String urn) {
    if (urn == null || urn.length() > 300 || !urn.startsWith(URN_PREFIX)) {
      return Optional.empty();
    }
    int colon = urn.indexOf(':', URN_PREFIX.length());
    if (colon < 0) {
      return Optional.empty();
    }
    String agency = urn.substring(URN_PREFIX.length(), colon);
    String id = urn.substring(colon + 1);
    if (!AGENCY.matcher(agency).matches() || !STORY_ID.matcher(id).matches()) {
      return Optional.empty();
    }
    return Optional.of(new StoryId(agency, id));
  }

  /** What every URN of {@code agency}'s stories starts with, e.g. to select them. */
  public static String urnPrefix(String agency) {
    return URN_PREFIX + agency.toLowerCase(Locale.ROOT) + ":";
  }

  /** {@code urn:newswire:<agency>:<agencyStoryId>}. */
  public String urn() {
    return URN_PREFIX + agency + ":" + agencyStoryId;
  }

  @Override
  public String toString() {
    return urn();
  }
}
