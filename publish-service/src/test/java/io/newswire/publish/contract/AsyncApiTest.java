package io.newswire.publish.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.NewsEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI document: valid against the official AsyncAPI 3.0.0 JSON Schema (vendored, read
 * offline), the same as the checked-in {@code docs/asyncapi.json}, and saying what the catalogue
 * says.
 */
class AsyncApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path CHECKED_IN = Path.of("..", "docs", "asyncapi.json");

  static List<String> validate(JsonNode doc) throws Exception {
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_7, b -> b.schemaLoader(l -> l.fetchRemoteResources(false)));
    try (InputStream in =
        AsyncApiTest.class.getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
      Schema schema = registry.getSchema(in);
      List<String> errors = new ArrayList<>();
      for (Error e : schema.validate(doc)) {
        errors.add(e.getInstanceLocation() + ": " + e.getMessage());
      }
      return errors;
    }
  }

  @Test
  void isValidAgainstTheOfficialAsyncApi300Schema() throws Exception {
    assertThat(validate(AsyncApi.document())).isEmpty();
  }

  @Test
  void theValidationCatchesAnInvalidDocument() throws Exception {
    ObjectNode noInfo = AsyncApi.document();
    noInfo.remove("info");
    assertThat(validate(noInfo)).isNotEmpty();

    ObjectNode noPartitions = AsyncApi.document();
    ((ObjectNode) noPartitions.at("/channels/" + Topics.PUBLISHED + "/bindings/kafka"))
        .put("partitions", 0);
    assertThat(validate(noPartitions)).as("the Kafka bindings are checked too").isNotEmpty();

    ObjectNode badAvro = AsyncApi.document();
    ((ObjectNode) badAvro.at("/components/messages/" + AsyncApi.MESSAGE + "/payload/schema"))
        .put("type", "no-such-avro-type");
    assertThat(validate(badAvro)).as("and the Avro payload schema").isNotEmpty();
  }

  @Test
  void theCheckedInDocumentIsTheGeneratedOne() throws Exception {
    String generated = AsyncApi.json();
    Path target = Path.of("target", "asyncapi.json");
    Files.createDirectories(target.getParent());
    Files.writeString(target, generated, StandardCharsets.UTF_8);
    assertThat(CHECKED_IN).as("docs/asyncapi.json").exists();
    assertThat(Files.readString(CHECKED_IN, StandardCharsets.UTF_8))
        .as(
            "docs/asyncapi.json has drifted from the topic catalogue and the schemas; the generated"
                + " document is in publish-service/target/asyncapi.json: copy it over"
                + " (cp publish-service/target/asyncapi.json docs/asyncapi.json)")
        .isEqualTo(generated);
  }

  @Test
  void everyPublicTopicIsAChannelWithItsKafkaBindings_andNothingElse() {
    JsonNode doc = AsyncApi.document();
    List<String> expected =
        Topics.all(AsyncApi.PARTITIONS).stream()
            .filter(s -> s.hasValueSchema() && s.valueSchema() == NewsEvent.class)
            .map(Topics.Spec::name)
            .toList();
    assertThat(expected)
        .contains(Topics.PUBLISHED, Topics.STORIES_LATEST, Topics.tagTopic("ai"))
        .doesNotContain(Topics.RAW, Topics.ENRICHED, Topics.DLQ);
    List<String> channels = new ArrayList<>();
    doc.path("channels").fieldNames().forEachRemaining(channels::add);
    assertThat(channels).containsExactlyElementsOf(expected);

    for (Topics.Spec spec : AsyncApi.publicTopics()) {
      JsonNode kafka = doc.path("channels").path(spec.name()).path("bindings").path("kafka");
      assertThat(kafka.path("topic").asText()).isEqualTo(spec.name());
      assertThat(kafka.path("partitions").asInt()).isEqualTo(spec.partitions());
      assertThat(kafka.path("replicas").asInt()).isEqualTo(AsyncApi.REPLICAS);
      JsonNode config = kafka.path("topicConfiguration");
      assertThat(config.path("cleanup.policy").get(0).asText())
          .isEqualTo(spec.configs().getOrDefault("cleanup.policy", "delete"));
      if (spec.configs().containsKey("retention.ms")) {
        assertThat(config.path("retention.ms").asLong())
            .isEqualTo(Long.parseLong(spec.configs().get("retention.ms")));
      }
      assertThat(doc.path("operations").path("publish." + spec.name()).path("action").asText())
          .isEqualTo("send");
    }
    assertThat(
            doc.at("/channels/" + Topics.STORIES_LATEST + "/bindings/kafka/topicConfiguration")
                .path("cleanup.policy")
                .get(0)
                .asText())
        .isEqualTo("compact");
  }

  @Test
  void theMessageIsTheRegisteredAvroSchema_keyedByUrn_withItsSchemaIdInThePayload()
      throws Exception {
    JsonNode m = AsyncApi.document().at("/components/messages/" + AsyncApi.MESSAGE);
    assertThat(m.at("/payload/schemaFormat").asText()).startsWith("application/vnd.apache.avro");
    assertThat(m.at("/payload/schema"))
        .isEqualTo(JSON.readTree(NewsEvent.getClassSchema().toString()));
    assertThat(m.at("/bindings/kafka/key/type").asText()).isEqualTo("string");
    assertThat(m.at("/bindings/kafka/schemaIdLocation").asText()).isEqualTo("payload");
    assertThat(m.at("/bindings/kafka/schemaIdPayloadEncoding").asText()).isEqualTo("confluent");
    List<String> headers = new ArrayList<>();
    m.at("/headers/properties").fieldNames().forEachRemaining(headers::add);
    assertThat(headers)
        .contains("ce_id", "ce_source", "ce_type", "ce_specversion", "ce_time", "ce_subject");
  }
}
