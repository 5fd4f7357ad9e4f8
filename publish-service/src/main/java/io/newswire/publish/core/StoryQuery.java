package io.newswire.publish.core;

import io.newswire.publish.core.subscriptions.Filter;
import io.newswire.schema.v1.NewsEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A query of the story list ({@code GET
 * /v1/stories?tag=&language=&maxUrgency=&subscription=&since=&limit=&cursor=}) and the pure parts
 * of answering it: the time index key, the filters and the merge of the pages of several instances.
 *
 * <p>Stories are listed in the order Newswire received their latest version (oldest first), so a
 * client polling with {@code since} and following {@code next} sees every change. Each instance
 * scans its time index from {@code max(since, cursor)} and keeps the stories that pass every one of
 * {@code filters} ({@link Filter#matches}: the request's {@code tag}, {@code language} and {@code
 * maxUrgency}, and the saved subscription it names, {@link #withSaved}); the instance that answered
 * the request merges.
 */
public record StoryQuery(List<Filter> filters, Instant since, String afterKey, int limit) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  public StoryQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
    filters = List.copyOf(filters);
  }

  /** Builds a query without maxUrgency from request parameters (see the full one). */
  public static StoryQuery parse(
      String tag, String language, String since, String cursor, String limit) {
    return parse(tag, language, since, cursor, limit, null);
  }

  /**
   * Builds a query from request parameters (null when absent); malformed ones are
   * IllegalArgumentExceptions whose message starts with the parameter's name.
   */
  public static StoryQuery parse(
      String tag, String language, String since, String cursor, String limit, String maxUrgency) {
    Integer max = Urgency.parseMax(maxUrgency);
    Instant s = null;
    if (since != null && !since.isBlank()) {
      try {
        s = Instant.parse(since.trim());
      } catch (DateTimeParseException e) {
        try {
          s = java.time.OffsetDateTime.parse(since.trim()).toInstant();
        } catch (DateTimeParseException e2) {
          throw new IllegalArgumentException(
              "since: not an ISO 8601 instant, e.g. 2026-11-27T02:00:00Z");
        }
      }
    }
    int l;
    try {
      l = limit == null || limit.isBlank() ? DEFAULT_LIMIT : Integer.parseInt(limit.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit: not a whole number");
    }
    if (l < 1 || l > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: must be between 1 and " + MAX_LIMIT);
    }
    Filter adHoc;
    try {
      adHoc = new Filter(one(tag), one(language), List.of(), max, List.of());
    } catch (IllegalArgumentException e) { // the parameters are tag and language
      String m = e.getMessage();
      throw new IllegalArgumentException(
          m.startsWith("tags:")
              ? "tag:" + m.substring(5)
              : m.startsWith("languages:") ? "language:" + m.substring(10) : m);
    }
    return new StoryQuery(List.of(adHoc), s, decodeCursor(cursor), l);
  }

  /** This query, keeping only the stories that also pass a saved subscription's {@code filter}. */
  public StoryQuery withSaved(Filter saved) {
    List<Filter> all = new ArrayList<>(filters);
    all.add(saved);
    return new StoryQuery(all, since, afterKey, limit);
  }

  private static List<String> one(String value) {
    String v = blankToNull(value);
    return v == null ? List.of() : List.of(v);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** The time index key of an event: its listing time (epoch millis, 13 digits) and its URN. */
  public static String indexKey(NewsEvent e) {
    return indexKey(listingTime(e), e.getUri());
  }

  static String indexKey(Instant t, String urn) {
    return String.format(Locale.ROOT, "%013d|%s", Math.max(0, t.toEpochMilli()), urn);
  }

  /**
   * When Newswire received the event's version; events without receivedAt are listed at their
   * CloudEvents time.
   */
  public static Instant listingTime(NewsEvent e) {
    return e.getReceivedAt() != null ? e.getReceivedAt() : CloudEvents.time(e, Instant.EPOCH);
  }

  /**
   * The smallest index key the scan starts from (inclusive) or after (exclusive: {@link
   * #exclusiveFrom}).
   */
  public String fromKey() {
    String sinceKey =
        since == null
            ? null
            : String.format(Locale.ROOT, "%013d|", Math.max(0, since.toEpochMilli()));
    if (afterKey == null) {
      return sinceKey;
    }
    return sinceKey == null || afterKey.compareTo(sinceKey) >= 0 ? afterKey : sinceKey;
  }

  /**
   * Whether the scan must skip {@link #fromKey()} itself (it is the cursor: the last key already
   * returned).
   */
  public boolean exclusiveFrom() {
    return afterKey != null && afterKey.equals(fromKey());
  }

  /** Whether {@code e} passes every filter of the query. */
  public boolean matches(NewsEvent e) {
    return Filter.allMatch(filters, NewsEvents.fields(e));
  }

  /** One listed story: its index key and its event in whatever form the caller carries it. */
  public record Hit<T>(String key, T value) {}

  /**
   * A page: up to {@code limit} hits in key order, and the cursor of the next page (null on the
   * last one).
   */
  public record Page<T>(List<Hit<T>> items, String next) {}

  /**
   * Merges the local pages of every instance: each holds up to {@code limit} hits in key order and
   * says whether it had more. The merged page is the first {@code limit} hits; there is a next page
   * when hits were left out.
   */
  public <T> Page<T> merge(List<Page<T>> pages) {
    List<Hit<T>> all = new ArrayList<>();
    boolean more = false;
    for (Page<T> p : pages) {
      all.addAll(p.items());
      more |= p.next() != null;
    }
    all.sort(Comparator.comparing(Hit::key));
    more |= all.size() > limit;
    List<Hit<T>> items = List.copyOf(all.subList(0, Math.min(limit, all.size())));
    return new Page<>(
        items, more && !items.isEmpty() ? encodeCursor(items.get(items.size() - 1).key()) : null);
  }

  public static String encodeCursor(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeCursor(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String key = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
      if (!key.matches("\\d{13}\\|.+")) {
        throw new IllegalArgumentException("cursor: not a cursor this API gave out");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cursor: not a cursor this API gave out");
    }
  }
}
