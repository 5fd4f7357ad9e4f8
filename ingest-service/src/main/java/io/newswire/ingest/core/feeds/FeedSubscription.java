package io.newswire.ingest.core.feeds;

import io.newswire.platform.core.StoryId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One feed to poll for an agency: {@code INGEST_FEEDS=agency=url@intervalSeconds;agency2=url2@60}
 * (the interval is optional, default 300 s; an agency may have several feeds). The agency is
 * everything before the first {@code =}, the interval everything after the last {@code @} when it
 * is a number, so URLs may carry query strings.
 */
public record FeedSubscription(String agency, URI url, Duration interval) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(300);

  /**
   * Parses {@code INGEST_FEEDS}; blank means no feeds. A bad entry is an {@link
   * IllegalArgumentException}.
   */
  public static List<FeedSubscription> parseAll(String spec) {
    List<FeedSubscription> out = new ArrayList<>();
    if (spec == null || spec.isBlank()) {
      return out;
    }
    for (String entry : spec.split(";")) {
      if (!entry.isBlank()) {
        out.add(parse(entry.trim()));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Each subscription's feed id, in order: {@code <agency>@<host>}, and {@code <agency>@<host>~<n>}
   * for the n-th feed (n from 2) of the same agency on the same host, in {@code INGEST_FEEDS}
   * order. Source health and receipts name a feed by it; it holds no path or query (where tokens
   * may be), and stays the same when other agencies' feeds are added or moved.
   */
  public static List<String> ids(List<FeedSubscription> subscriptions) {
    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    List<String> out = new ArrayList<>(subscriptions.size());
    for (FeedSubscription s : subscriptions) {
      String base = s.agency() + "@" + s.url().getHost().toLowerCase(Locale.ROOT);
      int n = seen.merge(base, 1, Integer::sum);
      out.add(n == 1 ? base : base + "~" + n);
    }
    return List.copyOf(out);
  }

  static FeedSubscription parse(String entry) {
    int eq = entry.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(
          "INGEST_FEEDS entry '" + entry + "' must be agency=url[@intervalSeconds]");
    }
    String agency = entry.substring(0, eq).trim().toLowerCase(Locale.ROOT);
    if (!StoryId.AGENCY.matcher(agency).matches()) {
      throw new IllegalArgumentException(
          "INGEST_FEEDS: '" + agency + "' is not an agency code (a-z, 0-9, -)");
    }
    String rest = entry.substring(eq + 1).trim();
    Duration interval = DEFAULT_INTERVAL;
    int at = rest.lastIndexOf('@');
    if (at > 0 && rest.substring(at + 1).trim().matches("\\d{1,7}")) {
      interval = Duration.ofSeconds(Long.parseLong(rest.substring(at + 1).trim()));
      rest = rest.substring(0, at).trim();
      if (interval.isZero()) {
        throw new IllegalArgumentException(
            "INGEST_FEEDS: the interval of " + agency + " must be at least 1 s");
      }
    }
    URI url;
    try {
      url = URI.create(rest);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("INGEST_FEEDS: '" + rest + "' is not a URL", e);
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw new IllegalArgumentException(
          "INGEST_FEEDS: the feed of " + agency + " must be an http(s) URL, got '" + rest + "'");
    }
    return new FeedSubscription(agency, url, interval);
  }
}
