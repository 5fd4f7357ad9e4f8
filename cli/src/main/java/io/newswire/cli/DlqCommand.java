package io.newswire.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswire.platform.AvroJson;
import io.newswire.platform.DeadLetters;
import io.newswire.platform.Topics;
import io.newswire.platform.core.deadletters.LetterId;
import io.newswire.platform.core.deadletters.PayloadText;
import io.newswire.schema.v1.DeadLetter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
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

  /** Reads every dead letter now on the topic ({@link DeadLetters#readAll}). */
  static List<Letter> readAll(Connection connection, String topic) {
    return DeadLetters.readAll(connection.readerProps(), connection.settings(), topic).stream()
        .map(l -> new Letter(l.id().partition(), l.id().offset(), l.value()))
        .toList();
  }

  /** Payload bytes as text when they are UTF-8 text, else base64 ({@link PayloadText}). */
  static String describeBytes(ByteBuffer b) {
    return PayloadText.describe(DeadLetters.bytes(b));
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
    try {
      return LetterId.parse(id).toString();
    } catch (IllegalArgumentException e) {
      return id; // matches no letter: reported as such
    }
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
      try (var bar = progress.bar(err(), "redrive", chosen.size())) {
        DeadLetters.redrive(
            connection.writerProps(),
            chosen.stream().map(Letter::value).toList(),
            () -> bar.step(1));
      }
      out.println("redrove " + chosen.size() + " dead letter(s)");
      return 0;
    }
  }
}
