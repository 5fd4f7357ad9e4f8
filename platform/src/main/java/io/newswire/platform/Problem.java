package io.newswire.platform;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, answered as {@code application/problem+json}. {@code field} names the
 * input at fault (a JSON field, a header, a query parameter) when there is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String field, String instance) {

  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://newswire.dev/problems/";

  /** A problem whose type URI is {@code https://newswire.dev/problems/<slug>}. */
  public static Problem of(String slug, String title, int status, String detail) {
    return new Problem(TYPE_BASE + slug, title, status, detail, null, null);
  }

  public Problem withField(String f) {
    return new Problem(type, title, status, detail, f, instance);
  }

  public Problem withInstance(String i) {
    return new Problem(type, title, status, detail, field, i);
  }
}
