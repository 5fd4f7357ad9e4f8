package io.newswire.cli;

import io.newswire.platform.Topics;
import io.newswire.platform.core.StoryId;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code newswire replay}: re-run enrichment and publishing over raw stories by re-injecting them
 * into news.raw.v1 with a replay marker header. The applications keep running and live stories keep
 * flowing; enrich lets a marked record through when it is the story's current version (see
 * docs/operations.md), so downstream sees the same (uri, version) and the same ce_id again.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Re-run enrichment and publishing over the raw stories of a time range, from offsets, for a list",
      "of story URNs or for one agency. Raw stories are re-injected into news.raw.v1 with the header",
      "'"
          + ReplayCommand.REPLAY_HEADER
          + "'; the services keep running. Only records already on the topic when",
      "the replay starts are re-injected."
    },
    footer = {
      "",
      "Examples:",
      "  newswire replay --from 2026-11-27T00:00:00Z --to 2026-11-28T00:00:00Z --dry-run",
      "  newswire replay --urn urn:newswire:vov:vov-asean-digital-ministers",
      "  newswire replay --agency vna --from 2026-11-27T00:00:00Z",
      "  newswire replay --offsets 0:1200,1:1180,2:1210"
    })
public final class ReplayCommand extends KafkaCommand {
  /** The header that marks a re-injected raw story; its value is the replay's id. */
  public static final String REPLAY_HEADER = io.newswire.platform.PipelineHeaders.REPLAY;

  @ArgGroup(exclusive = true)
  Start start = new Start();

  static final class Start {
    @Option(
        names = "--from",
        paramLabel = "DATETIME",
        description = "Replay raw stories written at or after this time.")
    Instant from;

    @Option(
        names = "--offsets",
        paramLabel = "P:O[,P:O...]",
        split = ",",
        description =
            "Replay from these offsets of news.raw.v1 (partitions not named: not replayed).")
    List<String> offsets;
  }

  @Option(
      names = "--to",
      paramLabel = "DATETIME",
      description = "Stop before this time (default: now).")
  Instant to;

  @Option(
      names = "--urn",
      paramLabel = "URN",
      split = ",",
      description = "Only these stories (repeatable or comma-separated).")
  List<String> urns = new ArrayList<>();

  @Option(names = "--agency", description = "Only this agency's stories.")
  String agency;

  @Option(names = "--topic", defaultValue = Topics.RAW, hidden = true)
  String topic;

  @Option(names = "--dry-run", description = "Count what would be replayed; send nothing.")
  boolean dryRun;

  @Mixin ProgressOption progress;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = out();
    Map<String, Object> cprops = connection.readerProps();
    Map<String, Object> pprops = connection.writerProps();
    pprops.put("linger.ms", 20);
    pprops.put("batch.size", 262_144);
    String replayId = UUID.randomUUID().toString();
    Set<String> urnSet = Set.copyOf(urns);
    String agencyPrefix = agency == null ? null : StoryId.urnPrefix(agency);
    long scanned = 0;
    long replayed = 0;
    try (var consumer =
            new KafkaConsumer<>(cprops, new StringDeserializer(), new ByteArrayDeserializer());
        var producer =
            dryRun
                ? null
                : new KafkaProducer<>(pprops, new StringSerializer(), new ByteArraySerializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      Map<TopicPartition, Long> begin = startOffsets(consumer, parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      if (to != null) {
        Map<TopicPartition, Long> q = new HashMap<>();
        parts.forEach(p -> q.put(p, to.toEpochMilli()));
        consumer
            .offsetsForTimes(q)
            .forEach(
                (p, o) -> {
                  if (o != null) {
                    end.put(p, Math.min(end.get(p), o.offset()));
                  }
                });
      }
      List<TopicPartition> active =
          parts.stream().filter(p -> begin.containsKey(p) && begin.get(p) < end.get(p)).toList();
      long total = active.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
      consumer.assign(active);
      active.forEach(p -> consumer.seek(p, begin.get(p)));
      List<Future<?>> sends = new ArrayList<>();
      try (var bar = progress.bar(err(), dryRun ? "scan" : "replay", total)) {
        while (active.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (r.offset() >= end.get(tp)) {
              continue;
            }
            scanned++;
            bar.step(1);
            if (!selected(r.key(), urnSet, agencyPrefix)) {
              continue;
            }
            replayed++;
            if (producer != null) {
              var again = new ProducerRecord<>(topic, null, r.key(), r.value());
              r.headers()
                  .forEach(
                      h -> {
                        if (!h.key().equals(REPLAY_HEADER)) {
                          again.headers().add(h);
                        }
                      });
              again.headers().add(REPLAY_HEADER, replayId.getBytes(StandardCharsets.UTF_8));
              sends.add(producer.send(again));
            }
          }
        }
        for (Future<?> f : sends) {
          f.get();
        }
      }
    }
    out.printf(
        "%s %d of %d raw stories scanned%s%n",
        dryRun ? "would replay" : "replayed",
        replayed,
        scanned,
        dryRun ? "" : " (replay id " + replayId + ")");
    return 0;
  }

  /** Whether a raw story's key passes the URN and agency filters: pure, for tests. */
  static boolean selected(String key, Set<String> urns, String agencyPrefix) {
    if (key == null) {
      return false;
    }
    if (!urns.isEmpty() && !urns.contains(key)) {
      return false;
    }
    return agencyPrefix == null || key.startsWith(agencyPrefix);
  }

  private Map<TopicPartition, Long> startOffsets(
      KafkaConsumer<String, byte[]> consumer, List<TopicPartition> parts) {
    Map<TopicPartition, Long> begin = new HashMap<>();
    if (start.offsets != null) {
      for (String po : start.offsets) {
        String[] s = po.trim().split(":");
        if (s.length != 2) {
          throw new picocli.CommandLine.ParameterException(
              spec.commandLine(), "--offsets takes P:O pairs, got " + po);
        }
        begin.put(new TopicPartition(topic, Integer.parseInt(s[0])), Long.parseLong(s[1]));
      }
      return begin;
    }
    if (start.from != null) {
      Map<TopicPartition, Long> q = new HashMap<>();
      parts.forEach(p -> q.put(p, start.from.toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(q);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
      parts.forEach(p -> begin.put(p, found.get(p) == null ? ends.get(p) : found.get(p).offset()));
      return begin;
    }
    begin.putAll(consumer.beginningOffsets(parts));
    return begin;
  }
}
