package io.newswire.cli;

import io.newswire.platform.SchemaProvisioner;
import io.newswire.platform.TopicProvisioner;
import io.newswire.platform.Topics;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code newswire topics}: verify (default) or create the pipeline's topics, and report drift. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = {
      "Verify every topic of the pipeline (partitions, replication factor, retention, compaction,",
      "max.message.bytes, min.insync.replicas) and report drift; with --create, create the missing ones (and",
      "with --schemas register their schemas, BACKWARD). max.message.bytes follows --max-story-bytes /",
      "NEWSWIRE_MAX_STORY_BYTES; min.insync.replicas follows --replication-factor: max(1, min(2, RF - 1)).",
      "Exit code 0: as expected; 3: drift or missing topics remain."
    },
    footer = {
      "",
      "Examples:",
      "  newswire topics",
      "  newswire topics --create --schemas --dry-run",
      "  newswire topics --create --partitions 12 --replication-factor 3 -b broker1:9092"
    })
public final class TopicsCommand extends KafkaCommand {

  @Option(names = "--create", description = "Create the topics that are missing.")
  boolean create;

  @Option(
      names = "--schemas",
      description = "Also register every topic's value schema and set it BACKWARD.")
  boolean schemas;

  @Option(
      names = "--dry-run",
      description = "Say what would be created or registered; change nothing.")
  boolean dryRun;

  @Mixin TopicLayout layout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = out();
    List<Topics.Spec> specs =
        Topics.all(
            layout.partitions, connection.settings().storyLimits(), layout.replicationFactor);
    try (Admin admin = connection.admin()) {
      TopicProvisioner provisioner = new TopicProvisioner(admin, layout.replicationFactor);
      Set<String> existing = admin.listTopics().names().get();
      if (create) {
        List<String> missing =
            specs.stream().map(Topics.Spec::name).filter(n -> !existing.contains(n)).toList();
        if (dryRun) {
          missing.forEach(n -> out.println("would create " + n));
          if (missing.isEmpty()) {
            out.println("nothing to create");
          }
        } else {
          provisioner.createMissing(specs).forEach(n -> out.println("created " + n));
        }
      }
      if (schemas) {
        if (dryRun) {
          specs.stream()
              .filter(Topics.Spec::hasValueSchema)
              .forEach(
                  s ->
                      out.println(
                          "would register "
                              + Topics.valueSubject(s.name())
                              + " ("
                              + s.valueSchema().getName()
                              + ", BACKWARD)"));
        } else {
          new SchemaProvisioner(connection.settings())
              .provision(specs)
              .forEach(
                  (subject, id) ->
                      out.println("registered " + subject + " id " + id + " BACKWARD"));
        }
      }
      List<String> drift = provisioner.drift(specs);
      for (Topics.Spec s : specs) {
        boolean bad = drift.stream().anyMatch(d -> d.startsWith(s.name() + ":"));
        out.printf(
            "%-34s %s%n",
            s.name(),
            bad
                ? "DRIFT"
                : "ok ("
                    + s.partitions()
                    + " partitions, RF "
                    + layout.replicationFactor
                    + ", "
                    + s.configs()
                    + ")");
      }
      drift.forEach(d -> out.println("  drift: " + d));
      return drift.isEmpty() ? 0 : 3;
    }
  }
}
