package io.newswire.cli;

import io.newswire.enrich.EnrichService;
import io.newswire.enrich.core.Enricher;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.EnrichedGenerations;
import io.newswire.platform.SchemaProvisioner;
import io.newswire.platform.TopicProvisioner;
import io.newswire.platform.Topics;
import io.newswire.platform.core.generations.GenerationDiff;
import io.newswire.schema.v1.PipelineSetting;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code newswire reprocess}: run a new tagger side by side as a new generation of
 * news.enriched.v1, compare the generations, and switch publish-service over when the operator says
 * so.
 */
@Command(
    name = "reprocess",
    mixinStandardHelpOptions = true,
    description = {
      "Re-run enrichment with this build's tagger as a new generation, side by side with the running one:",
      "its own application id (newswire-enrich-g<N>) writing news.enriched.v1.g<N>. Compare the generations,",
      "then switch publish-service to the new one (a setting on news.control.v1 that publish-service follows)."
    },
    footer = {
      "",
      "Examples:",
      "  newswire reprocess run --generation 2",
      "  newswire reprocess compare --generation 2",
      "  newswire reprocess switch --generation 2 --dry-run",
      "  newswire reprocess switch --generation 1   # back"
    },
    subcommands = {
      ReprocessCommand.Run.class,
      ReprocessCommand.Compare.class,
      ReprocessCommand.Switch.class
    })
public final class ReprocessCommand {

  static String applicationId(int generation) {
    return generation == 1 ? "newswire-enrich" : "newswire-enrich-g" + generation;
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run generation N of enrichment in this process over every raw story, until it has caught up",
        "with what was on news.raw.v1 when it started (or, with --follow, until Ctrl-C)."
      })
  static final class Run extends KafkaCommand {
    @Option(names = "--generation", required = true, description = "The new generation, 2 or more.")
    int generation;

    @Option(
        names = "--follow",
        description = "Keep running after catching up (side by side with generation 1).")
    boolean follow;

    @Option(
        names = "--state-dir",
        description = "Kafka Streams state directory (default: a temporary one).")
    Path stateDir;

    @Mixin TopicLayout layout;

    @Option(names = "--dry-run", description = "Say what would be created and run; run nothing.")
    boolean dryRun;

    @Mixin ProgressOption progress;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = out();
      if (generation < 2) {
        err().println("generation 1 is the running pipeline; reprocess into 2 or more");
        return 2;
      }
      String topic = Topics.enrichedGeneration(generation);
      String app = applicationId(generation);
      var settings = connection.settings();
      if (dryRun) {
        out.println(
            "would create "
                + topic
                + " ("
                + layout.partitions
                + " partitions, replication factor "
                + layout.replicationFactor
                + ") and register its schema");
        out.println(
            "would run application "
                + app
                + " with tagger "
                + Enricher.taggerVersion()
                + " over "
                + Topics.RAW);
        return 0;
      }
      var topicSpec =
          Topics.enrichedGenerationSpec(
              generation, layout.partitions, settings.storyLimits(), layout.replicationFactor);
      try (Admin admin = connection.admin()) {
        new TopicProvisioner(admin, layout.replicationFactor).createMissing(List.of(topicSpec));
        new SchemaProvisioner(settings).provision(List.of(topicSpec));
        Map<TopicPartition, Long> target = ends(admin, Topics.RAW);
        long total = target.values().stream().mapToLong(Long::longValue).sum();
        Path state = stateDir != null ? stateDir : Files.createTempDirectory("newswire-reprocess-");
        out.println("running " + app + " (tagger " + Enricher.taggerVersion() + ") into " + topic);
        out.flush();
        try (EnrichService enrich =
                EnrichService.start(
                    new EnrichService.Config("127.0.0.1", 0, app, state.toString(), settings)
                        .withOutputTopic(topic));
            var bar = progress.bar(err(), "reprocess g" + generation, total)) {
          long done = 0;
          while (done < total || follow) {
            Thread.sleep(500);
            long now = committed(admin, app, target);
            bar.step(now - done);
            done = now;
          }
          // The clusters stage reads what enrichment wrote to the application's one-partition
          // repartition topic: the generation has caught up once that hop is drained too (the
          // commits above include those writes), not before.
          Map<TopicPartition, Long> hop = new HashMap<>();
          for (String t : admin.listTopics().names().get()) {
            if (t.startsWith(app + "-") && t.endsWith("-repartition")) {
              hop.putAll(ends(admin, t));
            }
          }
          long hopTotal = hop.values().stream().mapToLong(Long::longValue).sum();
          while (committed(admin, app, hop) < hopTotal) {
            Thread.sleep(200);
          }
        }
      }
      out.println(
          "generation "
              + generation
              + " caught up; compare with: newswire reprocess compare --generation "
              + generation);
      return 0;
    }

    private static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
      var parts =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(parts.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
          .all()
          .get()
          .forEach((p, r) -> ends.put(p, r.offset()));
      return ends;
    }

    /** How far the group has committed, counted up to the target offsets. */
    private static long committed(Admin admin, String group, Map<TopicPartition, Long> target)
        throws Exception {
      var offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      long sum = 0;
      for (var e : target.entrySet()) {
        var c = offsets.get(e.getKey());
        sum += c == null ? 0 : Math.min(c.offset(), e.getValue());
      }
      return sum;
    }
  }

  @Command(
      name = "compare",
      mixinStandardHelpOptions = true,
      description =
          "Compare the tags two generations gave the same stories (their latest versions).")
  static final class Compare extends KafkaCommand {
    @Option(names = "--generation", required = true, description = "The new generation.")
    int generation;

    @Option(
        names = "--against",
        defaultValue = "1",
        description = "The generation to compare with (default 1).")
    int against;

    @Option(
        names = "--show",
        defaultValue = "20",
        description = "Changed stories to list (default ${DEFAULT-VALUE}).")
    int show;

    @Override
    public Integer call() {
      PrintWriter out = out();
      Map<String, Set<String>> before = latestTags(connection, Topics.enrichedGeneration(against));
      Map<String, Set<String>> after =
          latestTags(connection, Topics.enrichedGeneration(generation));
      GenerationDiff.Result r = GenerationDiff.compare(before, after);
      out.printf(
          "compared %d stories: %d with changed tags; %d only in g%d, %d only in g%d%n",
          r.compared(),
          r.changes().size(),
          r.onlyBefore().size(),
          against,
          r.onlyAfter().size(),
          generation);
      out.printf("%-26s %8s %8s %8s%n", "TAG", "g" + against, "g" + generation, "DIFF");
      r.counts()
          .forEach(
              c ->
                  out.printf(
                      "%-26s %8d %8d %+8d%n",
                      c.tag(), c.before(), c.after(), c.after() - c.before()));
      r.changes().stream()
          .limit(show)
          .forEach(c -> out.printf("  %s  +%s -%s%n", c.urn(), c.added(), c.removed()));
      if (r.changes().size() > show) {
        out.println("  … " + (r.changes().size() - show) + " more (--show N)");
      }
      return 0;
    }
  }

  /** The tags of each story's last record on an enriched topic. */
  static Map<String, Set<String>> latestTags(Connection connection, String topic) {
    return EnrichedGenerations.latestTags(
        connection.readerProps(), connection.settings(), topic, Long.MAX_VALUE);
  }

  @Command(
      name = "switch",
      mixinStandardHelpOptions = true,
      description = {
        "Switch publish-service to generation N's enriched topic: sets publish.input on news.control.v1;",
        "every publish-service instance follows it and restarts its topology on that topic."
      })
  static final class Switch extends KafkaCommand {
    @Option(
        names = "--generation",
        required = true,
        description = "The generation publish-service should read.")
    int generation;

    @Option(names = "--dry-run", description = "Say what would be set; set nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = out();
      String topic = Topics.enrichedGeneration(generation);
      try (Admin admin = connection.admin()) {
        if (!admin.listTopics().names().get().contains(topic)) {
          err()
              .println(
                  "no topic "
                      + topic
                      + ": run `newswire reprocess run --generation "
                      + generation
                      + "` first");
          return 2;
        }
      }
      if (dryRun) {
        out.println(
            "would set " + Topics.PUBLISH_INPUT_SETTING + " = " + topic + " on " + Topics.CONTROL);
        return 0;
      }
      var settings = connection.settings();
      Map<String, Object> props = connection.writerProps();
      PipelineSetting setting =
          new PipelineSetting(
              Topics.PUBLISH_INPUT_SETTING,
              topic,
              System.getProperty("user.name") + "@" + InetAddress.getLocalHost().getHostName(),
              Instant.now());
      try (var producer =
          new KafkaProducer<>(
              props,
              new StringSerializer(),
              AvroSerdes.<PipelineSetting>serializer(settings, false))) {
        producer.send(new ProducerRecord<>(Topics.CONTROL, setting.getName(), setting)).get();
      }
      out.println(
          "set "
              + Topics.PUBLISH_INPUT_SETTING
              + " = "
              + topic
              + "; publish-service switches within seconds");
      return 0;
    }
  }
}
