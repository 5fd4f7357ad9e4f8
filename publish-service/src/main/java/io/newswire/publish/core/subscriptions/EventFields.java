package io.newswire.publish.core.subscriptions;

import java.util.List;

/**
 * What a filter looks at in an event: its Newswire tag ids, language, agency, urgency (null:
 * unknown) and text (headlines and bodies). The text is folded ({@link Folding}) once, the first
 * time a filter with terms asks for it; one instance is meant for one thread.
 */
public final class EventFields {
  private final List<String> tags;
  private final String language;
  private final String agency;
  private final Integer urgency;
  private final String text;
  private String folded;

  public EventFields(
      List<String> tags, String language, String agency, Integer urgency, String text) {
    this.tags = List.copyOf(tags);
    this.language = language == null ? "" : language;
    this.agency = agency == null ? "" : agency;
    this.urgency = urgency;
    this.text = text == null ? "" : text;
  }

  public List<String> tags() {
    return tags;
  }

  public String language() {
    return language;
  }

  public String agency() {
    return agency;
  }

  public Integer urgency() {
    return urgency;
  }

  /** The headlines and bodies, folded for term matching. */
  String foldedText() {
    if (folded == null) {
      folded = Folding.fold(text);
    }
    return folded;
  }
}
