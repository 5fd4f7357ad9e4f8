package io.newswire.ingest.core.keys;

import io.newswire.platform.core.StoryId;
import io.newswire.platform.core.access.KeyRing;
import io.newswire.platform.core.access.Scope;
import java.util.Set;

/**
 * Agencies' API keys: a {@link KeyRing} whose principals are agency codes, each with the scope
 * {@code ingest}. Spec, as in {@code INGEST_API_KEYS} and {@code INGEST_API_KEYS_FILE}: {@code
 * agency:sha256hex[,agency:sha256hex...]}.
 */
public final class ApiKeys {
  public static final KeyRing.Kind AGENCIES =
      new KeyRing.Kind(
          "agency",
          name -> StoryId.AGENCY.matcher(name).matches(),
          Set.of(Scope.INGEST),
          Set.of(Scope.INGEST));

  private ApiKeys() {}

  public static KeyRing parse(String spec) {
    return KeyRing.parse(spec, AGENCIES);
  }

  /** SHA-256 of a key, as lower-case hex: what goes into {@code INGEST_API_KEYS}. */
  public static String sha256Hex(String key) {
    return KeyRing.sha256Hex(key);
  }
}
