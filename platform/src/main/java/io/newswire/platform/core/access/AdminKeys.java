package io.newswire.platform.core.access;

import java.util.Set;

/**
 * Operators' API keys, for every service: a {@link KeyRing} whose principals carry the scope {@code
 * admin} (metrics, internal routes, and in publish everything a subscriber may do). Spec, as in
 * {@code NEWSWIRE_ADMIN_KEYS} and {@code NEWSWIRE_ADMIN_KEYS_FILE}: {@code
 * name:sha256hex[,name:sha256hex...]}.
 */
public final class AdminKeys {
  public static final KeyRing.Kind OPERATORS =
      new KeyRing.Kind("operator", AdminKeys::validName, Set.of(Scope.ADMIN), Set.of(Scope.ADMIN));

  private AdminKeys() {}

  public static KeyRing parse(String spec) {
    return KeyRing.parse(spec, OPERATORS);
  }

  /**
   * The keys of one principal known by a key's hash only, with {@code scopes}: e.g. the key publish
   * instances share to query each other.
   */
  public static KeyRing single(String name, String sha256Hex, Set<Scope> scopes) {
    return KeyRing.parse(
        name
            + ":"
            + sha256Hex
            + ":"
            + String.join("+", scopes.stream().map(Scope::id).sorted().toList()),
        new KeyRing.Kind(
            "principal", AdminKeys::validName, Set.of(Scope.values()), Set.of(Scope.ADMIN)));
  }

  /** Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit. */
  public static boolean validName(String name) {
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
