package io.newswire.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Governs the topics' contracts in the schema registry through its Confluent-compatible API:
 * registers each topic's value schema under {@code <topic>-value} (TopicNameStrategy) and sets
 * every subject BACKWARD compatible.
 */
public final class SchemaProvisioner {
  private static final Logger log = LoggerFactory.getLogger(SchemaProvisioner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final String ccompatUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public SchemaProvisioner(KafkaSettings kafka) {
    this.ccompatUrl = kafka.registryCcompat();
  }

  /** What the registry answered to a registration. */
  public record Registration(int status, Integer id, String message) {
    public boolean accepted() {
      return status == 200 && id != null;
    }
  }

  /**
   * Registers every spec's value schema and sets its subject BACKWARD; returns subject to schema
   * id. Specs without a value schema (raw-bytes topics outside the catalogue) are skipped.
   */
  public Map<String, Integer> provision(Collection<Topics.Spec> specs)
      throws IOException, InterruptedException {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Topics.Spec spec : specs) {
      if (!spec.hasValueSchema()) {
        continue;
      }
      String subject = Topics.valueSubject(spec.name());
      Registration r = register(subject, schemaOf(spec));
      if (!r.accepted()) {
        throw new IllegalStateException(
            "registry refused " + subject + " (HTTP " + r.status() + "): " + r.message());
      }
      setCompatibility(subject, "BACKWARD");
      ids.put(subject, r.id());
      log.info("schema {} registered with id {}, compatibility BACKWARD", subject, r.id());
    }
    return ids;
  }

  public static Schema schemaOf(Topics.Spec spec) {
    if (!spec.hasValueSchema()) {
      throw new IllegalArgumentException(
          spec.name() + " has no Avro values: it has no value schema");
    }
    return SpecificData.get().getSchema(spec.valueSchema());
  }

  /**
   * Registers {@code schema} under {@code subject}; a refusal (e.g. 409 incompatible) is returned,
   * not thrown.
   */
  public Registration register(String subject, Schema schema)
      throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
    HttpResponse<String> res =
        send(
            HttpRequest.newBuilder(uri("/subjects/" + enc(subject) + "/versions"))
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    JsonNode json = parse(res.body());
    Integer id = json.hasNonNull("id") ? json.get("id").asInt() : null;
    String message = json.hasNonNull("message") ? json.get("message").asText() : res.body();
    return new Registration(res.statusCode(), id, message);
  }

  /**
   * Whether {@code schema} may become the next version of {@code subject} under its compatibility
   * rule.
   */
  public boolean isCompatible(String subject, Schema schema)
      throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
    HttpResponse<String> res =
        send(
            HttpRequest.newBuilder(
                    uri("/compatibility/subjects/" + enc(subject) + "/versions/latest"))
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    JsonNode json = parse(res.body());
    if (res.statusCode() == 200 && json.has("is_compatible")) {
      return json.get("is_compatible").asBoolean();
    }
    if (res.statusCode() == 409) {
      return false;
    }
    throw new IllegalStateException(
        "compatibility check of "
            + subject
            + " failed (HTTP "
            + res.statusCode()
            + "): "
            + res.body());
  }

  /** Sets a subject's compatibility level, e.g. BACKWARD. */
  public void setCompatibility(String subject, String level)
      throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(Map.of("compatibility", level));
    HttpResponse<String> res =
        send(
            HttpRequest.newBuilder(uri("/config/" + enc(subject)))
                .header("Content-Type", CONTENT_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    if (res.statusCode() != 200) {
      throw new IllegalStateException(
          "could not set "
              + subject
              + " to "
              + level
              + " (HTTP "
              + res.statusCode()
              + "): "
              + res.body());
    }
  }

  /** The compatibility level of a subject, or null when it has none of its own. */
  public String compatibility(String subject) throws IOException, InterruptedException {
    HttpResponse<String> res = send(HttpRequest.newBuilder(uri("/config/" + enc(subject))).GET());
    if (res.statusCode() != 200) {
      return null;
    }
    JsonNode json = parse(res.body());
    JsonNode level =
        json.hasNonNull("compatibilityLevel")
            ? json.get("compatibilityLevel")
            : json.get("compatibility");
    return level == null ? null : level.asText();
  }

  /** The schema the registry holds under a Confluent-compatible id. */
  public Schema schemaById(int id) throws IOException, InterruptedException {
    HttpResponse<String> res = send(HttpRequest.newBuilder(uri("/schemas/ids/" + id)).GET());
    if (res.statusCode() != 200) {
      throw new IllegalStateException(
          "no schema with id " + id + " (HTTP " + res.statusCode() + ")");
    }
    return new Schema.Parser().parse(parse(res.body()).get("schema").asText());
  }

  private HttpResponse<String> send(HttpRequest.Builder req)
      throws IOException, InterruptedException {
    return http.send(
        req.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create(ccompatUrl + path);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static JsonNode parse(String body) throws IOException {
    return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
  }
}
