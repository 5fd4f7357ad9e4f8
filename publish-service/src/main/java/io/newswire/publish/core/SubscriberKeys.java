package io.newswire.publish.core;

import io.newswire.platform.core.access.KeyRing;
import io.newswire.platform.core.access.Scope;
import java.util.Set;

/**
 * Subscribers' API keys: a {@link KeyRing} whose principals are subscriber names, each with scopes
 * among {@code read} (stories and the event stream; the default), {@code webhooks} (manage its own
 * webhooks) and {@code admin} (operators). Spec, as in {@code PUBLISH_API_KEYS} and {@code
 * PUBLISH_API_KEYS_FILE}: {@code name:sha256hex[:scope+scope],...}.
 */
public final class SubscriberKeys {
  public static final KeyRing.Kind SUBSCRIBERS =
      new KeyRing.Kind(
          "subscriber",
          SubscriberKeys::validName,
          Set.of(Scope.READ, Scope.WEBHOOKS, Scope.ADMIN),
          Set.of(Scope.READ));

  private SubscriberKeys() {}

  public static KeyRing parse(String spec) {
    return KeyRing.parse(spec, SUBSCRIBERS);
  }

  /** Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit. */
  static boolean validName(String name) {
    if (name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0))) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
