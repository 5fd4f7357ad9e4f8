package io.newswire.platform.core.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a key lets its holder do. Agencies' keys carry {@link #INGEST}; subscribers' keys carry any
 * of {@link #READ} (stories and the event stream), {@link #WEBHOOKS} (manage its own webhooks),
 * {@link #EMBARGOED} (early access: a story held under embargo, by URN, before it is public) and
 * {@link #ADMIN} (operators: everything, every subscriber's webhooks, metrics and internal routes).
 */
public enum Scope {
  INGEST,
  READ,
  WEBHOOKS,
  EMBARGOED,
  ADMIN;

  /** The name used in key specs and problem details: {@code read}, {@code webhooks}... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Scope> of(String id) {
    return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
  }
}
