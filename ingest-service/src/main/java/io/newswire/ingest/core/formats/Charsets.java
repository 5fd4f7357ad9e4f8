package io.newswire.ingest.core.formats;

import io.newswire.ingest.core.InvalidSubmissionException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The character sets Newswire reads, and strict decoding: invalid bytes are refused, never
 * replaced.
 */
public final class Charsets {
  private Charsets() {}

  private static final Map<String, Charset> SUPPORTED =
      Map.of(
          "UTF-8",
          StandardCharsets.UTF_8,
          "UTF8",
          StandardCharsets.UTF_8,
          "ISO-8859-1",
          StandardCharsets.ISO_8859_1,
          "ISO8859-1",
          StandardCharsets.ISO_8859_1,
          "LATIN1",
          StandardCharsets.ISO_8859_1,
          "US-ASCII",
          StandardCharsets.US_ASCII,
          "WINDOWS-1252",
          Charset.forName("windows-1252"),
          "CP1252",
          Charset.forName("windows-1252"));

  /**
   * The charset named {@code name}, if it is one Newswire reads; else a refusal naming {@code
   * field}.
   */
  public static Charset supported(String name, String field) throws InvalidSubmissionException {
    Charset c = SUPPORTED.get(name.replace("\"", "").trim().toUpperCase(Locale.ROOT));
    if (c == null) {
      throw new InvalidSubmissionException(
          InvalidSubmissionException.Kind.UNSUPPORTED_CHARSET,
          field,
          0,
          "Supported charsets are UTF-8, ISO-8859-1 and windows-1252; got '"
              + abbreviate(name)
              + "'.");
    }
    return c;
  }

  /** Decodes strictly: invalid bytes are refused, never replaced (no mojibake). */
  public static String decodeStrictly(byte[] payload, Charset charset)
      throws InvalidSubmissionException {
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload))
          .toString();
    } catch (MalformedInputException e) {
      throw new InvalidSubmissionException(
          "body",
          "the body is not valid "
              + charset.name()
              + ": malformed input "
              + "of "
              + e.getInputLength()
              + " byte(s)");
    } catch (CharacterCodingException e) {
      throw new InvalidSubmissionException("body", "the body is not valid " + charset.name());
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
