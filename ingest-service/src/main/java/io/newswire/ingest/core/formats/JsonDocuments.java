package io.newswire.ingest.core.formats;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.newswire.ingest.core.InvalidSubmissionException;
import java.nio.charset.Charset;
import java.util.Locale;

/**
 * Reads a JSON payload as one object, strictly: the charset's bytes, no trailing tokens, bounded
 * nesting; and the field readers the JSON parsers share.
 */
final class JsonDocuments {
  private JsonDocuments() {}

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  /**
   * @param notAnObject the refusal's detail when the document is valid JSON but not an object
   */
  static JsonNode readObject(byte[] payload, Charset charset, String notAnObject)
      throws InvalidSubmissionException {
    String text = Charsets.decodeStrictly(payload, charset);
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonParseException e) {
      throw new InvalidSubmissionException(
          InvalidSubmissionException.Kind.INVALID,
          null,
          e.getLocation().getLineNr(),
          "malformed JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new InvalidSubmissionException(null, "malformed JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidSubmissionException(null, notAnObject);
    }
    return root;
  }

  /** A string field, or null when absent or null; any other type is refused naming the field. */
  static String optionalText(JsonNode object, String field) throws InvalidSubmissionException {
    JsonNode n = object.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new InvalidSubmissionException(field, field + " must be a string, got " + kind(n));
    }
    return n.asText();
  }

  /** What a JSON value is, for refusals: "a number", "an array"... */
  static String kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      default -> n.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
