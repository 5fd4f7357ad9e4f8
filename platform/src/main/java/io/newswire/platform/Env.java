package io.newswire.platform;

import java.util.Map;
import java.util.Objects;

/**
 * Typed access to configuration from environment variables, with defaults.
 *
 * <p>Every Newswire setting is an environment variable; the README lists them all with their
 * defaults. Tests pass a plain map instead of the process environment.
 */
public final class Env {
  private final Map<String, String> vars;

  public Env(Map<String, String> vars) {
    this.vars = Map.copyOf(Objects.requireNonNull(vars));
  }

  public static Env system() {
    return new Env(System.getenv());
  }

  /** The value of {@code name}, or {@code fallback} when unset or blank. */
  public String string(String name, String fallback) {
    String v = vars.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  /**
   * The value of {@code name} as an int, or {@code fallback}; a non-number is a configuration
   * error.
   */
  public int integer(String name, int fallback) {
    String v = string(name, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'", e);
    }
  }

  /** Variables whose names start with {@code prefix}, with the prefix removed. */
  public Map<String, String> withPrefix(String prefix) {
    var out = new java.util.TreeMap<String, String>();
    vars.forEach(
        (k, v) -> {
          if (k.startsWith(prefix) && k.length() > prefix.length()) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }
}
