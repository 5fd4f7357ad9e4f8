package io.newswire.enrich.core.text;

/**
 * A raw story as received from an agency, before normalisation.
 *
 * @param agency short agency code, e.g. {@code "vov"}, {@code "vna"}; may be null
 * @param headline headline as sent, or null when the agency sent none
 * @param body story body, lines separated by {@code \n}; null is treated as empty
 * @param declaredLanguage BCP 47 tag declared by the sender, or null
 */
public record StoryText(String agency, String headline, String body, String declaredLanguage) {}
