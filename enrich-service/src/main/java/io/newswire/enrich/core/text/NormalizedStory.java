package io.newswire.enrich.core.text;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A story after {@link TextNormalizer}: NFC, entities decoded, whitespace cleaned, captions,
 * dateline and byline separated from the body.
 *
 * @param headline the headline (from the input, or derived from the first sentence of the body)
 * @param headlineDerived true when the headline was derived from the body
 * @param body the paragraphs joined by {@code "\n\n"}
 * @param paragraphs body paragraphs
 * @param captions photo captions removed from the body
 * @param dateline dateline removed from the first paragraph, or null
 * @param byline author line removed from the body, or null (e.g. {@code "Jane Doe"})
 * @param wordCount number of words in the body (Unicode word segments containing a letter or digit)
 * @param charCount number of Unicode code points in the body
 */
public record NormalizedStory(
    String headline,
    boolean headlineDerived,
    String body,
    List<String> paragraphs,
    List<Caption> captions,
    Dateline dateline,
    String byline,
    int wordCount,
    int charCount) {
  /** Name of the headline field, as mentions name it. */
  public static final String HEADLINE = "headline";

  /** Name of the body field. */
  public static final String BODY = "body";

  /**
   * Name of the captions field: all caption texts joined by {@code "\n"} ({@link #captionText()}).
   */
  public static final String CAPTION = "caption";

  public NormalizedStory {
    paragraphs = List.copyOf(paragraphs);
    captions = List.copyOf(captions);
  }

  /**
   * All caption texts joined by {@code "\n"}: the text that offsets in the {@link #CAPTION} field
   * refer to.
   */
  public String captionText() {
    return captions.stream().map(Caption::text).collect(Collectors.joining("\n"));
  }

  /**
   * The normalised text of a mention field.
   *
   * @param field one of {@link #HEADLINE}, {@link #BODY}, {@link #CAPTION}
   * @return the field text
   * @throws IllegalArgumentException for an unknown field
   */
  public String fieldText(String field) {
    return switch (field) {
      case HEADLINE -> headline;
      case BODY -> body;
      case CAPTION -> captionText();
      default -> throw new IllegalArgumentException("unknown field " + field);
    };
  }
}
