package io.newswire.ingest.core;

/**
 * What an agency submitted, parsed and validated, before it becomes a RawStory. Plain data: no Kafka, no HTTP.
 *
 * @param claimedAgency the agency the payload says it is from, if it says; it must match the API key's agency
 * @param canceled true when the agency kills or withdraws the story
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
    boolean canceled) {}
