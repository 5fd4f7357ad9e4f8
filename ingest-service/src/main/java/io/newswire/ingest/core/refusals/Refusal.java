package io.newswire.ingest.core.refusals;

import java.util.Objects;

/**
 * One refusal or error of a source of stories, as source health records it ({@code
 * news.ingest.refusals.v1}): an agency's request answered with a problem, or a pulled feed's failed
 * poll. Bounded and safe to keep: the detail is cut to {@value #MAX_DETAIL} characters and the
 * title to {@value #MAX_TITLE}, control characters become spaces; it never holds a payload or a key
 * (the callers pass the problem's own title and detail, which name neither).
 *
 * @param source the agency code of the request's key, {@link #UNAUTHENTICATED}, or a feed id
 * @param kind whether the source pushes ({@link Kind#AGENCY}) or is pulled ({@link Kind#FEED})
 * @param type the problem type URI (RFC 9457)
 * @param status the HTTP status answered, or received from the feed server (0: no answer)
 * @param atMillis when it happened (epoch milliseconds)
 */
public record Refusal(
    String source, Kind kind, String type, int status, String title, String detail, long atMillis) {

  /** The source of requests without a valid key: never an agency code (those have no '_'). */
  public static final String UNAUTHENTICATED = "_unauthenticated";

  public static final int MAX_DETAIL = 500;
  public static final int MAX_TITLE = 200;
  public static final int MAX_TYPE = 200;
  public static final int MAX_SOURCE = 200;

  /** Pushed over HTTP, or pulled by ingest. */
  public enum Kind {
    AGENCY,
    FEED;

    /** {@code agency} or {@code feed}, as the event and the API spell it. */
    public String id() {
      return this == AGENCY ? "agency" : "feed";
    }
  }

  public Refusal {
    Objects.requireNonNull(kind, "kind");
    source = bounded(source == null || source.isBlank() ? UNAUTHENTICATED : source, MAX_SOURCE);
    type = bounded(type == null ? "about:blank" : type, MAX_TYPE);
    title = bounded(title == null ? "" : title, MAX_TITLE);
    detail = bounded(detail == null ? "" : detail, MAX_DETAIL);
  }

  /**
   * {@code s} with control characters as spaces, at most {@code max} characters ({@code …} marks a
   * cut).
   */
  static String bounded(String s, int max) {
    int n = Math.min(s.length(), max);
    StringBuilder b = new StringBuilder(n + 1);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (s.length() > max) {
      b.setCharAt(max - 1, '…');
    }
    return b.toString();
  }
}
