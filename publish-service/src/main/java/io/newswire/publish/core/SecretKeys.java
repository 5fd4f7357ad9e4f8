package io.newswire.publish.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys that seal webhook secrets at rest: AES-GCM (256, 192 or 128-bit keys), a random 96-bit
 * nonce for every sealing, the webhook id as additional authenticated data (a sealed secret moved
 * to another webhook does not open), the key's id stored beside the ciphertext.
 *
 * <p>Spec ({@code PUBLISH_WEBHOOK_SECRET_KEYS}, or the content of {@code
 * PUBLISH_WEBHOOK_SECRET_KEYS_FILE}): {@code id:base64key} entries separated by commas or new lines
 * ({@code #} starts a comment line). The first seals; every one listed opens: rotation is listing a
 * new key first and keeping the old ones until every record was sealed again. A key id is 1 to 32
 * letters, digits, '-', '_' or '.'.
 */
public final class SecretKeys {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int MAX_ID = 32;
  private static final int MAX_KEYS = 64;

  /** A sealed secret: {@code nonce || ciphertext+tag}, and the id of the key that sealed it. */
  public record Sealed(String keyId, byte[] bytes) {
    public Sealed {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Sealed s
          && s.keyId.equals(keyId)
          && java.util.Arrays.equals(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return keyId.hashCode() * 31 + java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Sealed[keyId=" + keyId + ", " + bytes.length + " bytes]";
    }
  }

  /** A sealed secret that does not open: unknown key, tampered, or sealed for another webhook. */
  public static final class CannotOpen extends Exception {
    CannotOpen(String message) {
      super(message, null, false, false);
    }
  }

  private final Map<String, SecretKeySpec> keys;
  private final String current;
  private final SecureRandom random = new SecureRandom();

  private SecretKeys(Map<String, SecretKeySpec> keys, String current) {
    this.keys = keys;
    this.current = current;
  }

  public static SecretKeys none() {
    return new SecretKeys(Map.of(), null);
  }

  /**
   * Parses a spec; an invalid entry is an IllegalArgumentException naming its id, never the key.
   */
  public static SecretKeys parse(String spec) {
    Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    String first = null;
    if (spec != null) {
      for (String entry : spec.split("[,\\n]")) {
        String e = entry.trim();
        if (e.isEmpty() || e.startsWith("#")) {
          continue;
        }
        int colon = e.indexOf(':');
        if (colon <= 0) {
          throw new IllegalArgumentException("each webhook secret key entry must be id:base64key");
        }
        String id = e.substring(0, colon).trim();
        if (!validId(id)) {
          throw new IllegalArgumentException(
              "a webhook secret key id is 1 to 32 letters, digits, '-', '_' or '.'");
        }
        byte[] key;
        try {
          key = Base64.getDecoder().decode(e.substring(colon + 1).trim());
        } catch (IllegalArgumentException x) {
          throw new IllegalArgumentException(
              "the webhook secret key '" + id + "' is not valid base64");
        }
        if (key.length != 16 && key.length != 24 && key.length != 32) {
          throw new IllegalArgumentException(
              "the webhook secret key '" + id + "' must be 16, 24 or 32 bytes (32 recommended)");
        }
        if (keys.containsKey(id)) {
          throw new IllegalArgumentException("the webhook secret key id '" + id + "' is repeated");
        }
        if (keys.size() >= MAX_KEYS) {
          throw new IllegalArgumentException("at most " + MAX_KEYS + " webhook secret keys");
        }
        keys.put(id, new SecretKeySpec(key, "AES"));
        if (first == null) {
          first = id;
        }
      }
    }
    return new SecretKeys(Collections.unmodifiableMap(keys), first);
  }

  private static boolean validId(String id) {
    if (id.isEmpty() || id.length() > MAX_ID) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /** A new random 256-bit key as a spec entry: {@code id:base64}. */
  public static String generateEntry(String id) {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return id + ":" + Base64.getEncoder().encodeToString(k);
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /** The id of the key that seals. */
  public Optional<String> currentId() {
    return Optional.ofNullable(current);
  }

  /** The ids of every key that opens, the current one first. */
  public List<String> ids() {
    return List.copyOf(keys.keySet()); // in the spec's order: the current one is the first
  }

  /**
   * Seals {@code secret} for webhook {@code webhookId} with the current key.
   *
   * @throws IllegalStateException when no key is configured
   */
  public Sealed seal(String secret, String webhookId) {
    if (current == null) {
      throw new IllegalStateException("no webhook secret key is configured");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keys.get(current), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad(webhookId));
      byte[] ct = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return new Sealed(
          current, ByteBuffer.allocate(nonce.length + ct.length).put(nonce).put(ct).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** Opens a secret sealed for webhook {@code webhookId}. */
  public String open(Sealed sealed, String webhookId) throws CannotOpen {
    SecretKeySpec key = keys.get(sealed.keyId());
    if (key == null) {
      throw new CannotOpen("sealed with the key '" + sealed.keyId() + "', which is not configured");
    }
    byte[] b = sealed.bytes();
    if (b.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new CannotOpen("too short to be a sealed secret");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, b, 0, NONCE_BYTES));
      c.updateAAD(aad(webhookId));
      return new String(c.doFinal(b, NONCE_BYTES, b.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new CannotOpen("does not open under the key '" + sealed.keyId() + "' for this webhook");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** Whether a secret sealed under this key id should be sealed again with the current key. */
  public boolean isStale(String keyId) {
    return current != null && !current.equals(keyId);
  }

  private static byte[] aad(String webhookId) {
    return ("newswire-webhook-secret:" + webhookId).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SecretKeys" + ids(); // ids only, never the keys
  }
}
