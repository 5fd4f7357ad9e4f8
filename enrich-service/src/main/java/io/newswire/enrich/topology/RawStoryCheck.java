package io.newswire.enrich.topology;

import io.newswire.platform.core.StoryId;
import io.newswire.schema.v1.RawStory;

/**
 * The invariants of a record on news.raw.v1 that ingest-service guarantees and enrich relies on. A
 * record that breaks one got past ingest's validation (another producer, a replay tool, a bug):
 * enrich refuses it with {@link InvalidRawStoryException} before it touches the version store, and
 * the platform's dead-letter handler sends it, with its original bytes and the reason, to
 * news.dlq.v1.
 */
final class RawStoryCheck {
  private RawStoryCheck() {}

  /** Thrown for a raw story that breaks an invariant; its message is the dead letter's reason. */
  static final class InvalidRawStoryException extends IllegalArgumentException {
    InvalidRawStoryException(String message) {
      super(message);
    }
  }

  /**
   * What is wrong with a record, or null when nothing is.
   *
   * @param key the record key (the story URN)
   * @param raw the deserialized value; null for a tombstone
   */
  static String problem(String key, RawStory raw) {
    if (raw == null) {
      return "null value (tombstone) on news.raw.v1 for key "
          + key
          + ": raw stories are never deleted, a kill is a "
          + "version with pubStatus canceled";
    }
    StoryId id;
    try {
      id = new StoryId(raw.getAgency(), raw.getAgencyStoryId());
    } catch (IllegalArgumentException e) {
      return "story " + raw.getUrn() + " has no valid identity: " + e.getMessage();
    }
    if (!id.urn().equals(raw.getUrn())) {
      return "urn "
          + raw.getUrn()
          + " is not "
          + id.urn()
          + " ("
          + StoryId.URN_PREFIX
          + "<agency>:<agencyStoryId>)";
    }
    if (key != null && !key.equals(raw.getUrn())) {
      return "record key "
          + key
          + " is not the story's urn "
          + raw.getUrn()
          + ": versions of one story must share a key to stay in order";
    }
    if (raw.getVersion() < 1) {
      return "version " + raw.getVersion() + " of " + raw.getUrn() + " is below 1";
    }
    if (raw.getParsed() == null
        || raw.getParsed().getBody() == null
        || raw.getParsed().getBody().isBlank()) {
      return "story "
          + raw.getUrn()
          + " v"
          + raw.getVersion()
          + " has a blank body: nothing to enrich";
    }
    return null;
  }

  /** Throws {@link InvalidRawStoryException} when {@link #problem} finds something. */
  static RawStory require(String key, RawStory raw) {
    String problem = problem(key, raw);
    if (problem != null) {
      throw new InvalidRawStoryException(problem);
    }
    return raw;
  }
}
