package io.newswire.enrich.core.tagging;

/**
 * A place of the taxonomy (the ASEAN member states).
 *
 * @param id stable id, e.g. {@code "VN"}
 * @param label English short name
 * @param isoCode ISO 3166-1 alpha-2 code
 * @param wikidataId Wikidata item id
 * @param memberSince date of ASEAN membership (ISO 8601), or null
 */
public record Place(
    String id, String label, String isoCode, String wikidataId, String memberSince) {}
