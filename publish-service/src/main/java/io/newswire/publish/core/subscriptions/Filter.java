package io.newswire.publish.core.subscriptions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which events a subscriber gets: the one matching rule of the story list ({@code GET
 * /v1/stories}), the SSE stream ({@code GET /v1/stream}) and webhook delivery, for their ad-hoc
 * parameters and for saved subscriptions alike.
 *
 * <p>An event passes when it passes every criterion that is given; an empty list (or a null {@code
 * maxUrgency}) asks nothing. Within a list one value is enough:
 *
 * <ul>
 *   <li>{@code tags}: one of the event's Newswire tag ids, without regard to case ({@code ai} is
 *       {@code AI});
 *   <li>{@code languages}: the event's language, or a language it is a subtag of ({@code fr}
 *       matches {@code fr-CA}), without regard to case;
 *   <li>{@code agencies}: the event's agency ({@code source}), without regard to case;
 *   <li>{@code maxUrgency} (1 to 9): the event's urgency is known and at most it — a story without
 *       urgency is never taken for an urgent one;
 *   <li>{@code terms}: one of them appears in the headline or body as whole words, without regard
 *       to case or accents ({@link Folding}).
 * </ul>
 *
 * <p>Values are trimmed and repeated ones dropped; what is not valid is an IllegalArgumentException
 * whose message starts with the field's name ({@code tags: ...}).
 */
public record Filter(
    List<String> tags,
    List<String> languages,
    List<String> agencies,
    Integer maxUrgency,
    List<String> terms) {
  public static final int MAX_TAGS = 50;
  public static final int MAX_TAG = 64;
  public static final int MAX_LANGUAGES = 20;
  public static final int MAX_LANGUAGE = 35;
  public static final int MAX_AGENCIES = 50;
  public static final int MAX_AGENCY = 64;
  public static final int MAX_TERMS = 20;
  public static final int MAX_TERM = 64;

  /** The longest a term may grow once folded (compatibility forms expand). */
  static final int MAX_FOLDED_TERM = 4 * MAX_TERM;

  public static final int MOST_URGENT = 1;
  public static final int LEAST_URGENT = 9;

  /** The filter that lets every event through. */
  public static final Filter ANY = new Filter(List.of(), List.of(), List.of(), null, List.of());

  public Filter {
    tags = values("tags", "tag", tags, MAX_TAGS, MAX_TAG);
    languages = values("languages", "language", languages, MAX_LANGUAGES, MAX_LANGUAGE);
    for (String l : languages) {
      checkLanguage(l);
    }
    agencies = values("agencies", "agency", agencies, MAX_AGENCIES, MAX_AGENCY);
    checkMaxUrgency(maxUrgency);
    terms = values("terms", "term", terms, MAX_TERMS, MAX_TERM);
    for (String t : terms) {
      String folded = Folding.fold(t);
      if (Folding.isBlank(folded)) {
        throw new IllegalArgumentException("terms: '" + t + "' has no letter or digit to look for");
      }
      if (folded.length() > MAX_FOLDED_TERM) {
        throw new IllegalArgumentException(
            "terms: '" + shorten(t) + "' is too long once normalized");
      }
    }
  }

  /** A filter of tags and maxUrgency only (a webhook's own, the stream's parameters). */
  public static Filter of(List<String> tags, Integer maxUrgency) {
    return new Filter(tags, List.of(), List.of(), maxUrgency, List.of());
  }

  /** Whether it asks nothing: every event passes. */
  public boolean isAny() {
    return tags.isEmpty()
        && languages.isEmpty()
        && agencies.isEmpty()
        && maxUrgency == null
        && terms.isEmpty();
  }

  /** Whether {@code e} passes this filter. */
  public boolean matches(EventFields e) {
    return urgencyPasses(e.urgency(), maxUrgency)
        && (tags.isEmpty() || e.tags().stream().anyMatch(t -> containsIgnoringCase(tags, t)))
        && (languages.isEmpty() || languages.stream().anyMatch(l -> languageMatches(e, l)))
        && (agencies.isEmpty() || containsIgnoringCase(agencies, e.agency()))
        && (terms.isEmpty() || terms.stream().anyMatch(t -> termMatches(e, t)));
  }

  /** Whether {@code e} passes every one of {@code filters} (an ad-hoc one and a saved one). */
  public static boolean allMatch(List<Filter> filters, EventFields e) {
    for (Filter f : filters) {
      if (!f.matches(e)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether an event of {@code urgency} (null: unknown) passes {@code maxUrgency} (null: none): the
   * one urgency rule.
   */
  public static boolean urgencyPasses(Integer urgency, Integer maxUrgency) {
    return maxUrgency == null || (urgency != null && urgency <= maxUrgency);
  }

  /** Checks a {@code maxUrgency}: null (none) or 1 to 9. */
  public static Integer checkMaxUrgency(Integer value) {
    if (value != null && (value < MOST_URGENT || value > LEAST_URGENT)) {
      throw new IllegalArgumentException(
          "maxUrgency: must be a whole number from 1 (most urgent) to 9, got " + value);
    }
    return value;
  }

  private static boolean containsIgnoringCase(List<String> values, String v) {
    for (String x : values) {
      if (x.equalsIgnoreCase(v)) {
        return true;
      }
    }
    return false;
  }

  private static boolean languageMatches(EventFields e, String want) {
    String l = e.language();
    return l.equalsIgnoreCase(want)
        || (l.length() > want.length()
            && l.charAt(want.length()) == '-'
            && l.regionMatches(true, 0, want, 0, want.length()));
  }

  private static boolean termMatches(EventFields e, String term) {
    return Folding.contains(e.foldedText(), Folding.needle(Folding.fold(term)));
  }

  /** A language tag: letters, digits and '-', starting with a letter, no empty subtag. */
  private static void checkLanguage(String l) {
    boolean ok = Character.isLetter(l.charAt(0)) && !l.endsWith("-") && !l.contains("--");
    for (int i = 0; ok && i < l.length(); i++) {
      char c = l.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "languages: '"
              + shorten(l)
              + "' is not a language tag such as en or fr-CA (letters, digits and '-')");
    }
  }

  /** A list's values trimmed, without repeats, checked against the bounds. */
  private static List<String> values(
      String field, String one, List<String> given, int maxCount, int maxLength) {
    if (given == null) {
      return List.of();
    }
    if (given.size() > maxCount) {
      throw new IllegalArgumentException(field + ": at most " + maxCount + " " + field);
    }
    Set<String> out = new LinkedHashSet<>();
    for (String v : given) {
      String t = v == null ? "" : v.strip();
      if (t.isEmpty()) {
        throw new IllegalArgumentException(field + ": must not contain an empty " + one);
      }
      if (t.length() > maxLength) {
        throw new IllegalArgumentException(
            field + ": a " + one + " is at most " + maxLength + " characters");
      }
      for (int i = 0; i < t.length(); i++) {
        if (Character.isISOControl(t.charAt(i))) {
          throw new IllegalArgumentException(
              field + ": a " + one + " must not contain control characters");
        }
      }
      out.add(t);
    }
    return List.copyOf(new ArrayList<>(out));
  }

  private static String shorten(String s) {
    return s.length() > 20 ? s.substring(0, 20) + "..." : s;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "Filter[tags=%s, languages=%s, agencies=%s, maxUrgency=%s, terms=%s]",
        tags,
        languages,
        agencies,
        maxUrgency,
        terms);
  }
}
