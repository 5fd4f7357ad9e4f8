package io.newswire.publish.core;

import io.newswire.platform.core.access.AdminKeys;
import io.newswire.platform.core.access.KeyRing;
import io.newswire.platform.core.access.Scope;
import java.util.Set;

/**
 * Subscribers' API keys: a {@link KeyRing} whose principals are subscriber names, each with scopes
 * among {@code read} (stories and the event stream; the default), {@code webhooks} (manage its own
 * webhooks), {@code embargoed} (a held story by URN before its embargo lifts, with {@code
 * embargoed=include}) and {@code admin} (operators). Spec, as in {@code PUBLISH_API_KEYS} and
 * {@code PUBLISH_API_KEYS_FILE}: {@code name:sha256hex[:scope+scope],...}.
 */
public final class SubscriberKeys {
  public static final KeyRing.Kind SUBSCRIBERS =
      new KeyRing.Kind(
          "subscriber",
          AdminKeys::validName, // the same name rule as operators'
          Set.of(Scope.READ, Scope.WEBHOOKS, Scope.EMBARGOED, Scope.ADMIN),
          Set.of(Scope.READ));

  private SubscriberKeys() {}

  public static KeyRing parse(String spec) {
    return KeyRing.parse(spec, SUBSCRIBERS);
  }
}
