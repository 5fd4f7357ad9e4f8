package io.newswire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswire.platform.AvroJson;
import io.newswire.platform.AvroSerdes;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code newswire tail}: print a topic's records as readable JSON, decoded through the registry.
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
      "Print records of any topic as JSON (one per line), decoded through the schema registry,",
      "optionally filtered by tag or agency. Reads committed records only. Stops at the end of the topic",
      "unless --follow is given, or after --max records."
    },
    footer = {
      "",
      "Examples:",
      "  newswire tail news.published.v1 --from-beginning --tag AI --max 10",
      "  newswire tail news.enriched.v1 --agency vov --follow",
      "  newswire tail news.dlq.v1 --from 2026-11-27T00:00:00Z --pretty"
    })
public final class TailCommand extends KafkaCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(
      index = "0",
      paramLabel = "TOPIC",
      description = "The topic to read, e.g. news.published.v1")
  String topic;

  @Option(
      names = "--from-beginning",
      description = "Start at the beginning (default: the last records, see --last).")
  boolean fromBeginning;

  @Option(
      names = "--from",
      paramLabel = "DATETIME",
      description = "Start at this time (ISO 8601, e.g. 2026-11-27T00:00:00Z).")
  Instant from;

  @Option(
      names = "--last",
      defaultValue = "10",
      description =
          "Without --from or --from-beginning: start this many records before the end of each partition (default ${DEFAULT-VALUE}).")
  int last;

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "Only records tagged TAG (subjects[].code or tags[].id); repeatable.")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--agency",
      paramLabel = "AGENCY",
      description = "Only records from AGENCY (agency or source field).")
  String agency;

  @Option(
      names = "--max",
      defaultValue = "-1",
      description = "Stop after this many printed records.")
  int max;

  @Option(names = "--follow", description = "Keep waiting for new records (Ctrl-C to stop).")
  boolean follow;

  @Option(names = "--pretty", description = "Indent the JSON.")
  boolean pretty;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = out();
    var settings = connection.settings();
    Map<String, Object> props = connection.readerProps();
    var values = AvroSerdes.genericDeserializer(settings);
    int printed = 0;
    try (var consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      if (parts.isEmpty()) {
        err().println("no such topic: " + topic);
        return 2;
      }
      consumer.assign(parts);
      position(consumer, parts);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
      while (max < 0 || printed < max) {
        var records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, byte[]> r : records) {
          ObjectNode line = JSON.createObjectNode();
          line.put("topic", r.topic())
              .put("partition", r.partition())
              .put("offset", r.offset())
              .put("timestamp", Instant.ofEpochMilli(r.timestamp()).toString())
              .put("key", r.key());
          Map<String, String> headers = new HashMap<>();
          r.headers()
              .forEach(
                  h ->
                      headers.put(
                          h.key(),
                          h.value() == null
                              ? null
                              : new String(h.value(), StandardCharsets.UTF_8)));
          if (!headers.isEmpty()) {
            line.set("headers", JSON.valueToTree(headers));
          }
          try {
            GenericRecord value = r.value() == null ? null : values.deserialize(topic, r.value());
            if (value == null) {
              line.putNull("value");
            } else {
              line.set("value", AvroJson.toJson(value));
            }
          } catch (SerializationException | IllegalStateException e) {
            line.put("undecodable", e.getMessage());
          }
          if (!matches(line.get("value"))) {
            continue;
          }
          out.println(
              pretty
                  ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(line)
                  : line.toString());
          out.flush();
          if (max >= 0 && ++printed >= max) {
            break;
          }
        }
        if (!follow && parts.stream().allMatch(p -> consumer.position(p) >= ends.get(p))) {
          break;
        }
      }
    }
    return 0;
  }

  private void position(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> parts) {
    if (fromBeginning) {
      consumer.seekToBeginning(parts);
    } else if (from != null) {
      Map<TopicPartition, Long> query = new HashMap<>();
      parts.forEach(p -> query.put(p, from.toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
      parts.forEach(
          p -> consumer.seek(p, found.get(p) == null ? ends.get(p) : found.get(p).offset()));
    } else {
      Map<TopicPartition, Long> begins = consumer.beginningOffsets(parts);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
      parts.forEach(p -> consumer.seek(p, Math.max(begins.get(p), ends.get(p) - last)));
    }
  }

  /** Filters on the decoded value: pure, for tests. */
  boolean matches(JsonNode value) {
    return TailFilter.matches(value, Set.copyOf(tags), agency);
  }
}
