package io.newswire.platform.core.deadletters;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Bytes as an operator can read them: the text itself when they are UTF-8 text (no control
 * characters but newline, carriage return and tab), else {@code base64:} and their base64. How the
 * CLI and the console show a dead letter's key and value, and an agency's raw payload.
 */
public final class PayloadText {
  private PayloadText() {}

  /** What {@link #describe} starts binary content with. */
  public static final String BASE64_PREFIX = "base64:";

  /** The bytes as text or base64; null for null. */
  public static String describe(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    String text = textOrNull(bytes);
    return text != null ? text : BASE64_PREFIX + Base64.getEncoder().encodeToString(bytes);
  }

  /** Whether {@link #describe} shows these bytes as text. */
  public static boolean isText(byte[] bytes) {
    return bytes != null && textOrNull(bytes) != null;
  }

  private static String textOrNull(byte[] bytes) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      if (text.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
        return text;
      }
    } catch (CharacterCodingException e) {
      // binary
    }
    return null;
  }
}
