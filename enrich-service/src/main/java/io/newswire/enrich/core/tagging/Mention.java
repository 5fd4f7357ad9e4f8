package io.newswire.enrich.core.tagging;

import io.newswire.enrich.core.text.NormalizedStory;

/**
 * One occurrence of a lexicon term in a story.
 *
 * @param field {@code "headline"}, {@code "body"} or {@code "caption"}; see {@link
 *     NormalizedStory#fieldText(String)}
 * @param start start char offset (inclusive) into the normalised field text
 * @param end end char offset (exclusive)
 * @param text the matched text exactly as it appears in the field
 */
public record Mention(String field, int start, int end, String text) {
  /** Field name of the headline. */
  public static final String HEADLINE = NormalizedStory.HEADLINE;

  /** Field name of the body. */
  public static final String BODY = NormalizedStory.BODY;

  /** Field name of the captions (all caption texts joined by {@code "\n"}). */
  public static final String CAPTION = NormalizedStory.CAPTION;
}
