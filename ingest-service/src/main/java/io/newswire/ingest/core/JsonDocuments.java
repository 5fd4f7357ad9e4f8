package io.newswire.ingest.core;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.Charset;

/** Reads a JSON payload as one object, strictly: the charset's bytes, no trailing tokens, bounded nesting. */
final class JsonDocuments {
  private JsonDocuments() {}

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  static {
    JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  /**
   * @param notAnObject the refusal's detail when the document is valid JSON but not an object
   */
  static JsonNode readObject(byte[] payload, Charset charset, String notAnObject) throws InvalidSubmissionException {
    String text = Charsets.decodeStrictly(payload, charset);
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonParseException e) {
      throw new InvalidSubmissionException(InvalidSubmissionException.Kind.INVALID, null,
          e.getLocation().getLineNr(), "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new InvalidSubmissionException(null, "malformed JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidSubmissionException(null, notAnObject);
    }
    return root;
  }
}
