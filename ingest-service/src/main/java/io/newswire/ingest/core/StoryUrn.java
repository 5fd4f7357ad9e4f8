package io.newswire.ingest.core;

import java.util.Locale;
import java.util.regex.Pattern;

/** Story URNs: {@code urn:newswire:<agency>:<agencyStoryId>}, the same for every version of a story. */
public final class StoryUrn {
  private StoryUrn() {}

  /** Agency codes: lower-case letters, digits and dashes. */
  public static final Pattern AGENCY = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  /** Agency story ids: what agencies use, within reason; no spaces, no slashes (URNs travel in URL paths). */
  public static final Pattern STORY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,199}");

  public static String of(String agency, String agencyStoryId) {
    return "urn:newswire:" + agency.toLowerCase(Locale.ROOT) + ":" + agencyStoryId;
  }
}
