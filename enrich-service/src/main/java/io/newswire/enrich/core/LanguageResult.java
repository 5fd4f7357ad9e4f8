package io.newswire.enrich.core;

/**
 * Language of a story.
 *
 * @param code                  BCP 47 primary tag: the declared language when one was given, else the detected one
 *                              ({@code "und"} when nothing could be detected)
 * @param confidence            0..1, the detector's confidence that the text is in {@code code}
 * @param declared              the declared tag as received, or null
 * @param disagreesWithDeclared true when a language was declared and the detector found another one
 */
public record LanguageResult(String code, double confidence, String declared, boolean disagreesWithDeclared) {
}
