package io.newswire.enrich.core.tagging;

import java.util.List;

/**
 * A taxonomy tag assigned to a story.
 *
 * @param id tag id, e.g. {@code "ASEAN"}
 * @param label human-readable label
 * @param mediaTopicUri IPTC Media Topic URI, or null when none fits
 * @param wikidataId Wikidata item id, or null when unverified
 * @param relevance 0..100, how central the topic is to the story
 * @param confidence 0..100, how sure the tagger is that the topic is mentioned at all
 * @param mentions every accepted mention, in field then offset order
 */
public record TagResult(
    String id,
    String label,
    String mediaTopicUri,
    String wikidataId,
    int relevance,
    int confidence,
    List<Mention> mentions) {
  public TagResult {
    mentions = List.copyOf(mentions);
  }
}
