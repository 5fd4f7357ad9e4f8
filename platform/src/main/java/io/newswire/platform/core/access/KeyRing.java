package io.newswire.platform.core.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * API keys, held only as SHA-256 hashes, each with the principal it identifies. A presented key is
 * hashed and looked up; the key itself is never stored. A principal may have several keys at once
 * (old and new during a rotation).
 *
 * <p>Spec (an environment variable or a key file): entries separated by commas or new lines, lines
 * starting with {@code #} are comments; an entry is {@code name:sha256hex} or {@code
 * name:sha256hex:scope+scope}. Without scopes an entry gets the kind's default scopes ({@link
 * Kind}); {@code sha256:} may prefix the hash.
 */
public final class KeyRing {
  /**
   * What a key ring holds: {@code what} names the principals in errors ("agency", "subscriber"),
   * {@code validName} checks their names, {@code allowed} and {@code defaults} are the scopes an
   * entry may carry and gets when it names none.
   */
  public record Kind(
      String what, Predicate<String> validName, Set<Scope> allowed, Set<Scope> defaults) {
    public Kind {
      allowed = Set.copyOf(allowed);
      defaults = Set.copyOf(defaults);
    }
  }

  private static final int MAX_NAME = 64;

  private final Map<String, Principal> byHash;

  private KeyRing(Map<String, Principal> byHash) {
    this.byHash = Map.copyOf(byHash);
  }

  public static KeyRing empty() {
    return new KeyRing(Map.of());
  }

  /** Parses a spec; an invalid entry is an IllegalArgumentException naming it (never the hash). */
  public static KeyRing parse(String spec, Kind kind) {
    Map<String, Principal> byHash = new HashMap<>();
    if (spec != null) {
      for (String entry : spec.split("[,\\n]")) {
        String e = entry.trim();
        if (e.isEmpty() || e.startsWith("#")) {
          continue;
        }
        String[] parts = e.split(":", -1);
        if (parts.length >= 2 && parts[1].trim().equalsIgnoreCase("sha256")) {
          parts = join(parts); // name:sha256:hex[:scopes]
        }
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank()) {
          throw new IllegalArgumentException(
              "each " + kind.what() + " key entry must be name:sha256hex[:scope+scope]");
        }
        String name = parts[0].trim().toLowerCase(Locale.ROOT);
        String hash = parts[1].trim().toLowerCase(Locale.ROOT);
        if (name.length() > MAX_NAME || !kind.validName().test(name)) {
          throw new IllegalArgumentException("invalid " + kind.what() + " name '" + name + "'");
        }
        if (!isSha256Hex(hash)) {
          throw new IllegalArgumentException(
              "the key hash of " + kind.what() + " '" + name + "' is not 64 hex digits of SHA-256");
        }
        Set<Scope> scopes = parts.length == 3 ? scopes(parts[2], name, kind) : kind.defaults();
        byHash.put(hash, new Principal(name, scopes));
      }
    }
    return new KeyRing(byHash);
  }

  private static String[] join(String[] parts) {
    String[] out = new String[parts.length - 1];
    out[0] = parts[0];
    out[1] = parts[2];
    System.arraycopy(parts, 3, out, 2, parts.length - 3);
    return out;
  }

  private static Set<Scope> scopes(String spec, String name, Kind kind) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String s : spec.split("\\+")) {
      String id = s.trim().toLowerCase(Locale.ROOT);
      Scope scope =
          Scope.of(id)
              .filter(kind.allowed()::contains)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "scope '"
                              + id
                              + "' of "
                              + kind.what()
                              + " '"
                              + name
                              + "' is not one of "
                              + kind.allowed().stream().map(Scope::id).sorted().toList()));
      scopes.add(scope);
    }
    return scopes;
  }

  private static boolean isSha256Hex(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The principal a presented key belongs to, if any. */
  public Optional<Principal> find(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(byHash.get(sha256Hex(presentedKey)));
  }

  /** These keys and {@code other}'s together (e.g. the environment's and the key file's). */
  public KeyRing plus(KeyRing other) {
    Map<String, Principal> m = new HashMap<>(byHash);
    m.putAll(other.byHash);
    return new KeyRing(m);
  }

  public int size() {
    return byHash.size();
  }

  /** SHA-256 of a key, as lower-case hex: what goes into a key spec. */
  public static String sha256Hex(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
