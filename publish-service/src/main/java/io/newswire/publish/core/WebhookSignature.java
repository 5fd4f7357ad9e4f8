package io.newswire.publish.core;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures: {@code X-Newswire-Signature: sha256=<hex>}, the HMAC-SHA256 of the exact
 * request body bytes keyed with the subscriber's secret (UTF-8). Receivers recompute it and compare
 * in constant time.
 */
public final class WebhookSignature {
  private WebhookSignature() {}

  public static final String HEADER = "X-Newswire-Signature";
  private static final String PREFIX = "sha256=";

  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * True when {@code header} is the signature of {@code body} under {@code secret} (constant-time
   * comparison).
   */
  public static boolean verify(String secret, byte[] body, String header) {
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(secret, body).getBytes(StandardCharsets.US_ASCII),
        header.trim().getBytes(StandardCharsets.US_ASCII));
  }
}
