package io.newswire.publish.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswire.platform.StoryLimits;
import io.newswire.platform.Topics;
import io.newswire.publish.core.CloudEvents;
import io.newswire.schema.v1.NewsEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The AsyncAPI 3.0 document of Newswire's public topics — every topic of the catalogue ({@link
 * Topics#all}) whose values are {@link NewsEvent}s — generated from the catalogue and the Avro
 * schemas, so it cannot say something the topics do not do: Kafka bindings (partitions, replicas,
 * cleanup policy, retention), the message's Avro schema, its key, its CloudEvents headers and where
 * its schema id is (the payload, Confluent wire format). {@code docs/asyncapi.json} is this
 * document; {@code AsyncApiTest} fails the build when the two differ and validates it against the
 * official AsyncAPI 3.0.0 JSON Schema. publish-service serves it at {@code GET /asyncapi.json}.
 *
 * <pre>java -cp … io.newswire.publish.contract.AsyncApi [FILE]   (stdout without FILE)</pre>
 */
public final class AsyncApi {
  private AsyncApi() {}

  /** Partitions of the story topics in the reference deployment (docker-compose). */
  public static final int PARTITIONS = 6;

  /** Replicas of every topic in the reference deployment (docker-compose). */
  public static final short REPLICAS = 3;

  static final String KAFKA_BINDING_VERSION = "0.5.0";
  static final String AVRO_FORMAT = "application/vnd.apache.avro+json;version=1.9.0";
  static final String MESSAGE = "NewsEvent";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The public topics of the catalogue, in catalogue order. */
  public static List<Topics.Spec> publicTopics() {
    return Topics.all(PARTITIONS, StoryLimits.DEFAULT, REPLICAS).stream()
        .filter(s -> s.hasValueSchema() && s.valueSchema() == NewsEvent.class)
        .toList();
  }

  /** The document, as pretty-printed JSON ending with a newline. */
  public static String json() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document()) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document. */
  public static ObjectNode document() {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("asyncapi", "3.0.0");
    doc.put("id", "urn:newswire:public-topics");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Newswire public topics");
    info.put("version", "1.0.0");
    info.put(
        "description",
        "The events Newswire publishes for downstream services: one NewsEvent (IPTC ninjs 3.1-shaped)"
            + " per story version, keyed by the story's URN, with CloudEvents 1.0 Kafka-binding headers."
            + " Values are Avro in the Confluent wire format (a zero byte, the 4-byte schema id, the"
            + " Avro binary); the schema registry's Confluent-compatible API resolves the id. Schemas"
            + " evolve BACKWARD-compatibly (new fields are optional with defaults); an incompatible"
            + " change would be a new topic (.v2). Partitions and replicas are those of the reference"
            + " deployment (docker-compose: NEWSWIRE_PARTITIONS="
            + PARTITIONS
            + ", NEWSWIRE_REPLICATION_FACTOR="
            + REPLICAS
            + "); records of one story stay on one partition, in version order. Generated from the"
            + " topic catalogue (io.newswire.publish.contract.AsyncApi).");
    doc.put("defaultContentType", CloudEvents.CONTENT_TYPE);
    server(doc.putObject("servers").putObject("kafka"));

    ObjectNode channels = doc.putObject("channels");
    ObjectNode operations = doc.putObject("operations");
    for (Topics.Spec spec : publicTopics()) {
      String id = spec.name();
      ObjectNode channel = channels.putObject(id);
      channel.put("address", spec.name());
      channel.put("title", spec.name());
      channel.put("description", describe(spec));
      channel
          .putObject("messages")
          .putObject(MESSAGE)
          .put("$ref", "#/components/messages/" + MESSAGE);
      channel.putObject("bindings").set("kafka", channelBinding(spec));

      ObjectNode op = operations.putObject("publish." + id);
      op.put("action", "send");
      op.put("title", "Newswire publishes to " + spec.name());
      op.putObject("channel").put("$ref", "#/channels/" + pointer(id));
      op.putArray("messages")
          .addObject()
          .put("$ref", "#/channels/" + pointer(id) + "/messages/" + MESSAGE);
    }
    message(doc.putObject("components").putObject("messages").putObject(MESSAGE));
    return doc;
  }

  private static void server(ObjectNode server) {
    server.put("host", "{bootstrap}");
    server.put("protocol", "kafka");
    server.put(
        "description",
        "The deployment's Kafka cluster. Consumers read with isolation.level=read_committed: every"
            + " event is written in a Kafka transaction (exactly_once_v2).");
    ObjectNode bootstrap = server.putObject("variables").putObject("bootstrap");
    bootstrap.put("default", "127.0.0.1:9092");
    bootstrap.put("description", "A bootstrap broker, host:port (KAFKA_BOOTSTRAP_SERVERS)");
    ObjectNode kafka = server.putObject("bindings").putObject("kafka");
    kafka.put("schemaRegistryUrl", "http://127.0.0.1:8085/apis/ccompat/v7");
    kafka.put("schemaRegistryVendor", "apicurio");
    kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
  }

  private static String describe(Topics.Spec spec) {
    String what =
        spec.doc().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + spec.doc().substring(1);
    boolean compacted = "compact".equals(spec.configs().get("cleanup.policy"));
    return what
        + (compacted
            ? ". Compacted: the latest event of each story; a withdrawn story's key gets a tombstone"
                + " (a null value), so a consumer reading from the start sees every story that is"
                + " still published."
            : ".")
        + (spec.name().equals(Topics.EMBARGOED)
            ? " Restricted: events before their embargo lifts (the event's embargoed field), for"
                + " principals an operator granted it; the same versions reach the other topics"
                + " when the embargo lifts, a kill before the lift never does."
            : "")
        + " min.insync.replicas="
        + spec.configs().get(Topics.MIN_INSYNC_REPLICAS)
        + ".";
  }

  private static ObjectNode channelBinding(Topics.Spec spec) {
    ObjectNode kafka = JSON.createObjectNode();
    kafka.put("topic", spec.name());
    kafka.put("partitions", spec.partitions());
    kafka.put("replicas", (int) REPLICAS);
    ObjectNode config = kafka.putObject("topicConfiguration");
    Map<String, String> c = spec.configs();
    config.putArray("cleanup.policy").add(c.getOrDefault("cleanup.policy", "delete"));
    if (c.containsKey("retention.ms")) {
      config.put("retention.ms", Long.parseLong(c.get("retention.ms")));
    }
    if (c.containsKey(Topics.MAX_MESSAGE_BYTES)) {
      config.put("max.message.bytes", Integer.parseInt(c.get(Topics.MAX_MESSAGE_BYTES)));
    }
    config.put("confluent.value.subject.name.strategy", "TopicNameStrategy");
    kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
    return kafka;
  }

  private static void message(ObjectNode m) {
    m.put("name", MESSAGE);
    m.put("title", "A story version's public event");
    m.put(
        "summary",
        "One version of a story: PUBLISHED, UPDATED, CORRECTED or WITHDRAWN (eventType).");
    m.put("contentType", CloudEvents.CONTENT_TYPE);
    m.set("headers", headers());
    ObjectNode payload = m.putObject("payload");
    payload.put("schemaFormat", AVRO_FORMAT);
    payload.set("schema", avro(SpecificData.get().getSchema(NewsEvent.class)));
    ObjectNode kafka = m.putObject("bindings").putObject("kafka");
    ObjectNode key = kafka.putObject("key");
    key.put("type", "string");
    key.put("description", "The story's URN (UTF-8, not Avro), the same for every version");
    kafka.put("schemaIdLocation", "payload");
    kafka.put("schemaIdPayloadEncoding", "confluent");
    kafka.put("schemaLookupStrategy", "TopicIdStrategy");
    kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
  }

  /** The CloudEvents 1.0 Kafka-binding headers of every event (binary mode). */
  private static ObjectNode headers() {
    ObjectNode h = JSON.createObjectNode();
    h.put("type", "object");
    h.put("description", "CloudEvents 1.0 attributes, Kafka protocol binding, binary content mode");
    ObjectNode p = h.putObject("properties");
    header(
        p,
        CloudEvents.ID,
        null,
        "A UUID named after the URN and version (and the event type for a"
            + " withdrawal, the content for a correction): deduplicate on it");
    header(p, CloudEvents.SOURCE_HEADER, CloudEvents.SOURCE, "Who produced the event");
    header(p, CloudEvents.TYPE_HEADER, CloudEvents.TYPE, "The event type");
    header(p, CloudEvents.SPECVERSION_HEADER, CloudEvents.SPEC_VERSION, "CloudEvents version");
    header(p, CloudEvents.TIME_HEADER, null, "When the event was published (RFC 3339)")
        .put("format", "date-time");
    header(p, CloudEvents.SUBJECT_HEADER, null, "The story's URN");
    header(p, CloudEvents.CONTENT_TYPE_HEADER, CloudEvents.CONTENT_TYPE, "The value's media type");
    ArrayNode required = h.putArray("required");
    p.fieldNames().forEachRemaining(required::add);
    return h;
  }

  private static ObjectNode header(ObjectNode props, String name, String constant, String doc) {
    ObjectNode s = props.putObject(name);
    s.put("type", "string");
    if (constant != null) {
      s.put("const", constant);
    }
    s.put("description", doc);
    return s;
  }

  private static JsonNode avro(Schema schema) {
    try {
      return JSON.readTree(schema.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON pointer segment (RFC 6901). */
  private static String pointer(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  public static void main(String[] args) throws IOException {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(
          "Usage: AsyncApi [FILE]\n"
              + "Writes the AsyncAPI 3.0 document of Newswire's public topics to FILE (stdout without"
              + " one).");
      return;
    }
    String doc = json();
    if (args.length == 0) {
      System.out.print(doc);
    } else {
      Files.writeString(Path.of(args[0]), doc, StandardCharsets.UTF_8);
    }
  }
}
