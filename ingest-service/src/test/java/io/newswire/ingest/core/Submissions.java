package io.newswire.ingest.core;

import java.util.List;

/** Submissions for tests that need a story but care about few of its fields. */
public final class Submissions {
  private Submissions() {}

  /** A usable story in English, without the other optional fields and without metadata. */
  public static StorySubmission story(
      String agencyStoryId, int version, String body, String headline) {
    return new StorySubmission(
        agencyStoryId,
        version,
        body,
        headline,
        "en",
        null,
        null,
        null,
        null,
        null,
        false,
        false,
        null,
        List.of(),
        StorySubmission.Metadata.NONE,
        null,
        null);
  }
}
