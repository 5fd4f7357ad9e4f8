package io.newswire.ingest.core;

import java.util.List;

/**
 * What an agency submitted, parsed and validated, before it becomes a RawStory. Plain data: no Kafka, no HTTP.
 *
 * @param claimedAgency the agency the payload says it is from, if it says; it must match the API key's agency
 * @param canceled true when the agency kills or withdraws the story
 * @param withheld true when the agency holds the story back (ninjs {@code withheld}, NewsML-G2 {@code stat:withheld})
 * @param dateline the dateline when the format carries it apart from the body (NewsML-G2, NITF), else null
 * @param subjects subject codes the agency gave (NewsML-G2 qcodes, ninjs subject URIs), possibly empty
 */
public record StorySubmission(
    String agencyStoryId,
    int version,
    String body,
    String headline,
    String language,
    String firstCreated,
    String versionCreated,
    String byline,
    String slugline,
    String claimedAgency,
    boolean canceled,
    boolean withheld,
    String dateline,
    List<String> subjects) {

  public StorySubmission {
    subjects = subjects == null ? List.of() : List.copyOf(subjects);
  }

  public StorySubmission(String agencyStoryId, int version, String body, String headline, String language,
      String firstCreated, String versionCreated, String byline, String slugline, String claimedAgency,
      boolean canceled) {
    this(agencyStoryId, version, body, headline, language, firstCreated, versionCreated, byline, slugline,
        claimedAgency, canceled, false, null, List.of());
  }
}
