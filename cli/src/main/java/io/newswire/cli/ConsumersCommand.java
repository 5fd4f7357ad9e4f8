package io.newswire.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code newswire consumers}: lag per group and partition; reset an inactive group to a point in
 * time.
 */
@Command(
    name = "consumers",
    mixinStandardHelpOptions = true,
    description = "Consumer groups (the pipeline's Streams applications and downstream consumers).",
    subcommands = {ConsumersCommand.Lag.class, ConsumersCommand.Reset.class})
public final class ConsumersCommand {

  @Command(
      name = "lag",
      mixinStandardHelpOptions = true,
      description =
          "Committed offset, end offset and lag of each group on each partition it reads.",
      footer = {
        "",
        "Examples:",
        "  newswire consumers lag",
        "  newswire consumers lag --group newswire-enrich"
      })
  static final class Lag extends KafkaCommand {
    @Option(
        names = {"-g", "--group"},
        description = "Group(s) to show (default: every group).")
    List<String> groups = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = out();
      try (Admin admin = connection.admin()) {
        List<String> names =
            groups.isEmpty()
                ? admin.listGroups().all().get().stream()
                    .map(GroupListing::groupId)
                    .sorted()
                    .toList()
                : groups;
        out.printf(
            "%-32s %-10s %-28s %5s %12s %12s %10s%n",
            "GROUP", "STATE", "TOPIC", "PART", "COMMITTED", "END", "LAG");
        for (String g : names) {
          Map<TopicPartition, OffsetAndMetadata> committed =
              admin.listConsumerGroupOffsets(g).partitionsToOffsetAndMetadata().get();
          String state = describe(admin, g).groupState().toString();
          var ends =
              admin
                  .listOffsets(
                      committed.keySet().stream()
                          .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                  .all()
                  .get();
          long total = 0;
          for (var e : new TreeMap<>(byName(committed)).entrySet()) {
            TopicPartition tp = e.getValue().getKey();
            long c = e.getValue().getValue() == null ? 0 : e.getValue().getValue().offset();
            long end = ends.get(tp).offset();
            total += Math.max(0, end - c);
            out.printf(
                "%-32s %-10s %-28s %5d %12d %12d %10d%n",
                g, state, tp.topic(), tp.partition(), c, end, Math.max(0, end - c));
          }
          out.printf("%s total lag %d%n", g, total);
        }
      }
      return 0;
    }

    private static Map<String, Map.Entry<TopicPartition, OffsetAndMetadata>> byName(
        Map<TopicPartition, OffsetAndMetadata> m) {
      Map<String, Map.Entry<TopicPartition, OffsetAndMetadata>> out = new HashMap<>();
      m.entrySet()
          .forEach(
              e ->
                  out.put(String.format("%s-%05d", e.getKey().topic(), e.getKey().partition()), e));
      return out;
    }
  }

  static ConsumerGroupDescription describe(Admin admin, String group) throws Exception {
    return admin.describeConsumerGroups(List.of(group)).all().get().get(group);
  }

  @Command(
      name = "reset",
      mixinStandardHelpOptions = true,
      description = {
        "Move an inactive group's committed offsets to the first record at or after a time.",
        "Refused while the group has active members: stop the consumers first."
      },
      footer = {
        "",
        "Examples:",
        "  newswire consumers reset --group search-indexer --to-datetime 2026-11-27T00:00:00Z --dry-run"
      })
  static final class Reset extends KafkaCommand {
    @Option(
        names = {"-g", "--group"},
        required = true,
        description = "The group to reset.")
    String group;

    @Option(
        names = "--to-datetime",
        required = true,
        paramLabel = "DATETIME",
        description = "ISO 8601 instant, e.g. 2026-11-27T00:00:00Z")
    Instant to;

    @Option(
        names = "--topic",
        description = "Only this topic (default: every topic the group has offsets on).")
    String topic;

    @Option(names = "--dry-run", description = "Show the new offsets; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = out();
      try (Admin admin = connection.admin()) {
        ConsumerGroupDescription d = describe(admin, group);
        if (!d.members().isEmpty()
            || (d.groupState() != GroupState.EMPTY && d.groupState() != GroupState.DEAD)) {
          err()
              .println(
                  "refusing: group "
                      + group
                      + " is "
                      + d.groupState()
                      + " with "
                      + d.members().size()
                      + " member(s); stop its consumers first");
          return 4;
        }
        var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        List<TopicPartition> parts =
            committed.keySet().stream()
                .filter(tp -> topic == null || tp.topic().equals(topic))
                .sorted(
                    java.util.Comparator.comparing(TopicPartition::topic)
                        .thenComparing(TopicPartition::partition))
                .toList();
        if (parts.isEmpty()) {
          err()
              .println(
                  "group "
                      + group
                      + " has no committed offsets"
                      + (topic == null ? "" : " on " + topic));
          return 2;
        }
        var atTime =
            admin
                .listOffsets(
                    parts.stream()
                        .collect(
                            Collectors.toMap(
                                tp -> tp, tp -> OffsetSpec.forTimestamp(to.toEpochMilli()))))
                .all()
                .get();
        var ends =
            admin
                .listOffsets(
                    parts.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                .all()
                .get();
        Map<TopicPartition, OffsetAndMetadata> target = new HashMap<>();
        for (TopicPartition tp : parts) {
          long o = atTime.get(tp).offset() >= 0 ? atTime.get(tp).offset() : ends.get(tp).offset();
          target.put(tp, new OffsetAndMetadata(o));
          out.printf(
              "%s %s-%d: %d -> %d%n",
              dryRun ? "would move" : "moving",
              tp.topic(),
              tp.partition(),
              committed.get(tp) == null ? -1 : committed.get(tp).offset(),
              o);
        }
        if (!dryRun) {
          admin.alterConsumerGroupOffsets(group, target).all().get();
          out.println("reset " + group + " to " + to);
        }
      }
      return 0;
    }
  }
}
