package io.newswire.enrich.core.tagging;

/**
 * A tag of the taxonomy.
 *
 * @param id stable id, e.g. {@code "AI"}
 * @param label English label
 * @param mediaTopicUri IPTC Media Topic URI, or null when none fits
 * @param wikidataId Wikidata item id, or null
 */
public record TagDefinition(String id, String label, String mediaTopicUri, String wikidataId) {}
