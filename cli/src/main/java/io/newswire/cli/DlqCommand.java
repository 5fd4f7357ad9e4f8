package io.newswire.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswire.platform.AvroJson;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.DeadLetterHandler;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.DeadLetter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code newswire dlq}: list, show and redrive dead letters. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description =
        "Dead letters on news.dlq.v1: what failed, where and why; send chosen ones back after a fix.",
    subcommands = {DlqCommand.ListLetters.class, DlqCommand.Show.class, DlqCommand.Redrive.class})
public final class DlqCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A dead letter and where it sits on the DLQ topic. */
  record Letter(int partition, long offset, DeadLetter value) {
    String id() {
      return partition + ":" + offset;
    }
  }

  /** Reads every dead letter now on the topic. */
  static List<Letter> readAll(Connection connection, String topic) {
    var settings = connection.settings();
    Map<String, Object> props = connection.readerProps();
    List<Letter> letters = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            AvroSerdes.<DeadLetter>deserializer(settings, false))) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
      while (parts.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<String, DeadLetter> r : consumer.poll(Duration.ofMillis(300))) {
          letters.add(new Letter(r.partition(), r.offset(), r.value()));
        }
      }
    }
    return letters;
  }

  /** Payload bytes as text when they are UTF-8 text, else base64. */
  static String describeBytes(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      if (text.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
        return text;
      }
    } catch (CharacterCodingException e) {
      // binary: fall through
    }
    return "base64:" + Base64.getEncoder().encodeToString(bytes);
  }

  static String abbreviate(String s, int n) {
    return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }

  /** A subcommand of {@code dlq}: the dead-letter topic it reads ({@code --topic}). */
  abstract static class DlqSubcommand extends KafkaCommand {
    @Option(
        names = "--topic",
        defaultValue = Topics.DLQ,
        description = "Dead-letter topic (default ${DEFAULT-VALUE}).")
    String topic;

    /** Every dead letter now on the topic. */
    List<Letter> letters() {
      return readAll(connection, topic);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List dead letters, oldest first.")
  static final class ListLetters extends DlqSubcommand {
    @Option(names = "--stage", description = "Only letters from this stage (application id).")
    String stage;

    @Override
    public Integer call() {
      PrintWriter out = out();
      out.printf(
          "%-8s %-24s %-18s %-16s %-26s %-3s %s%n",
          "ID", "FAILED AT", "STAGE", "PHASE", "SOURCE", "TRY", "REASON");
      int n = 0;
      for (Letter l : letters()) {
        DeadLetter d = l.value();
        if (stage != null && !stage.equals(d.getStage())) {
          continue;
        }
        out.printf(
            "%-8s %-24s %-18s %-16s %-26s %-3d %s%n",
            l.id(),
            d.getFailedAt(),
            abbreviate(d.getStage(), 18),
            abbreviate(d.getPhase(), 16),
            d.getSourceTopic() + "-" + d.getSourcePartition() + "@" + d.getSourceOffset(),
            d.getAttempt(),
            abbreviate(d.getReason(), 100));
        n++;
      }
      out.println(n + " dead letter(s)");
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Show dead letters in full: reason, stage, source, headers and original payload.")
  static final class Show extends DlqSubcommand {
    @Parameters(
        paramLabel = "ID",
        arity = "1..*",
        description = "partition:offset as listed by `dlq list`")
    List<String> ids;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = out();
      int missing = 0;
      List<Letter> all = letters();
      for (String id : ids) {
        var found = all.stream().filter(l -> l.id().equals(normalize(id))).findFirst();
        if (found.isEmpty()) {
          err().println("no dead letter " + id);
          missing++;
          continue;
        }
        DeadLetter d = found.get().value();
        ObjectNode json = AvroJson.toJson(d);
        json.put("id", found.get().id());
        json.put("key", describeBytes(d.getKey()));
        json.put("value", describeBytes(d.getValue()));
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
      }
      return missing == 0 ? 0 : 2;
    }
  }

  /** Accepts "offset" for the one-partition topic as "0:offset". */
  static String normalize(String id) {
    return id.contains(":") ? id : "0:" + id;
  }

  @Command(
      name = "redrive",
      mixinStandardHelpOptions = true,
      description = {
        "Send chosen dead letters back to the topic they came from, byte for byte, after a fix.",
        "One that fails again comes back to the DLQ with its new reason and attempt + 1."
      },
      footer = {
        "",
        "Examples:",
        "  newswire dlq redrive 0:12 0:13 --dry-run",
        "  newswire dlq redrive --all --stage newswire-enrich"
      })
  static final class Redrive extends DlqSubcommand {
    @Parameters(
        paramLabel = "ID",
        arity = "0..*",
        description = "partition:offset of the letters to redrive")
    List<String> ids = new ArrayList<>();

    @Option(
        names = "--all",
        description = "Redrive every dead letter (with --stage: every one of that stage).")
    boolean all;

    @Option(names = "--stage", description = "With --all: only letters from this stage.")
    String stage;

    @Option(names = "--dry-run", description = "List what would be redriven; send nothing.")
    boolean dryRun;

    @Mixin ProgressOption progress;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = out();
      if (ids.isEmpty() && !all) {
        err().println("name the dead letters to redrive (IDs) or use --all");
        return 2;
      }
      List<String> wanted = ids.stream().map(DlqCommand::normalize).toList();
      List<Letter> chosen =
          letters().stream()
              .filter(
                  l ->
                      all
                          ? stage == null || stage.equals(l.value().getStage())
                          : wanted.contains(l.id()))
              .toList();
      for (String id : wanted) {
        if (chosen.stream().noneMatch(l -> l.id().equals(id))) {
          err().println("no dead letter " + id);
        }
      }
      if (dryRun) {
        chosen.forEach(
            l ->
                out.println(
                    "would redrive "
                        + l.id()
                        + " to "
                        + l.value().getSourceTopic()
                        + " (key "
                        + describeBytes(l.value().getKey())
                        + ")"));
        out.println(chosen.size() + " dead letter(s) would be redriven");
        return 0;
      }
      Map<String, Object> props = connection.writerProps();
      try (var producer =
              new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
          var bar = progress.bar(err(), "redrive", chosen.size())) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (Letter l : chosen) {
          DeadLetter d = l.value();
          var record =
              new ProducerRecord<>(
                  d.getSourceTopic(), null, bytes(d.getKey()), bytes(d.getValue()));
          d.getHeaders().forEach((k, v) -> record.headers().add(k, bytes(v)));
          record.headers().remove(DeadLetterHandler.REDRIVE_ATTEMPT_HEADER);
          record
              .headers()
              .add(
                  DeadLetterHandler.REDRIVE_ATTEMPT_HEADER,
                  Integer.toString(d.getAttempt()).getBytes(StandardCharsets.UTF_8));
          sent.add(producer.send(record, (md, e) -> bar.step(1)));
        }
        for (var f : sent) {
          f.get();
        }
      }
      out.println("redrove " + chosen.size() + " dead letter(s)");
      return 0;
    }

    private static byte[] bytes(ByteBuffer b) {
      if (b == null) {
        return null;
      }
      byte[] out = new byte[b.remaining()];
      b.duplicate().get(out);
      return out;
    }
  }
}
