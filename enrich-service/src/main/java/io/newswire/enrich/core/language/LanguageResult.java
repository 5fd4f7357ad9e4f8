package io.newswire.enrich.core.language;

/**
 * The language of a story as enrichment reports it: the code that language-dependent rules go by,
 * the tag the EnrichedStory carries, and whether it agrees with the language the agency declared.
 *
 * @param code BCP 47 primary subtag, for language-dependent rules: the declared language's when one
 *     was given ({@code tl} read as {@code fil}), else the detected one ({@code "und"} when the
 *     text is in no language the detector knows, or nothing could be detected)
 * @param tag the story's language as a BCP 47 tag, what the EnrichedStory carries: the declared tag
 *     normalised, with its region ({@code nb-NO}, {@code en-GB}), else the detected code
 * @param confidence 0..1, the detector's confidence that the text is in {@code code}
 * @param declared the declared tag as received, or null
 * @param disagreesWithDeclared true when a language was declared and the detector found another one
 *     it knows
 */
public record LanguageResult(
    String code, String tag, double confidence, String declared, boolean disagreesWithDeclared) {}
