package io.newswire.ingest.core.keys;

import io.newswire.platform.core.StoryId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Agency API keys, held only as SHA-256 hashes. A presented key is hashed and looked up; the key
 * itself is never stored. An agency may have several keys at once (old and new during a rotation).
 *
 * <p>Spec format, as in {@code INGEST_API_KEYS}: {@code agency:sha256hex[,agency:sha256hex...]}; in
 * a key file ({@code INGEST_API_KEYS_FILE}) entries may also be one a line, and lines starting with
 * {@code #} are comments.
 */
public final class ApiKeys {
  private final Map<String, String> agencyByHash;

  private ApiKeys(Map<String, String> agencyByHash) {
    this.agencyByHash = Map.copyOf(agencyByHash);
  }

  public static ApiKeys parse(String spec) {
    Map<String, String> byHash = new HashMap<>();
    if (spec != null) {
      for (String entry : spec.split("[,\\n]")) {
        String e = entry.trim();
        if (e.isEmpty() || e.startsWith("#")) {
          continue;
        }
        int colon = e.indexOf(':');
        if (colon <= 0) {
          throw new IllegalArgumentException(
              "API key entry must be agency:sha256hex, got '" + e + "'");
        }
        String agency = e.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String hash = e.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        if (hash.startsWith("sha256:")) {
          hash = hash.substring("sha256:".length());
        }
        if (!StoryId.AGENCY.matcher(agency).matches()) {
          throw new IllegalArgumentException("invalid agency code '" + agency + "' in API keys");
        }
        if (!hash.matches("[0-9a-f]{64}")) {
          throw new IllegalArgumentException(
              "the key hash of agency '" + agency + "' is not 64 hex digits of SHA-256");
        }
        byHash.put(hash, agency);
      }
    }
    return new ApiKeys(byHash);
  }

  /** The agency a presented key belongs to, if any. */
  public Optional<String> agencyOf(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(agencyByHash.get(sha256Hex(presentedKey)));
  }

  /** These keys and {@code other}'s together (e.g. the environment's and the key file's). */
  public ApiKeys plus(ApiKeys other) {
    Map<String, String> m = new HashMap<>(agencyByHash);
    m.putAll(other.agencyByHash);
    return new ApiKeys(m);
  }

  public int size() {
    return agencyByHash.size();
  }

  /** SHA-256 of a key, as lower-case hex: what goes into {@code INGEST_API_KEYS}. */
  public static String sha256Hex(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
