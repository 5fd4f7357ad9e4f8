package io.newswire.enrich.core.text;

/**
 * A photo caption separated from the body.
 *
 * @param text caption text without the credit marker (may be empty when the line held only a
 *     credit)
 * @param credit the photo credit as written, e.g. {@code "Lai Hoa/VOV"}
 */
public record Caption(String text, String credit) {}
