package io.newswire.testkit;

import io.newswire.platform.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/**
 * Waits until a consumer group (a Streams application) has committed everything on a topic, and on
 * its own repartition topics: the way to know that "nothing more will come" before asserting that
 * something did not happen.
 */
public final class Progress {
  private Progress() {}

  public static void awaitCaughtUp(
      String bootstrap, String groupId, String topic, Duration timeout) {
    awaitCaughtUp(plain(bootstrap), groupId, topic, timeout);
  }

  /**
   * {@link #awaitCaughtUp(String, String, String, Duration)} with every client setting of {@code
   * kafka} (SASL, TLS): for a secured broker. The principal must be allowed to describe the topic
   * and the group.
   */
  public static void awaitCaughtUp(
      KafkaSettings kafka, String groupId, String topic, Duration timeout) {
    try (Admin admin = admin(kafka)) {
      Awaitility.await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> lag(admin, groupId, topic) == 0 && repartitionLag(admin, groupId) == 0);
    }
  }

  /**
   * The group's lag on its own repartition topics ({@code <group>-…-repartition}, e.g. enrich's
   * one-partition clusters topic): a Streams app has processed everything it read only once these
   * are drained too. Checked after the input topic, whose committed transactions include what they
   * wrote to the repartition topics.
   */
  static long repartitionLag(Admin admin, String groupId) throws Exception {
    long lag = 0;
    for (String t : repartitionTopics(admin, groupId)) {
      lag += lag(admin, groupId, t);
    }
    return lag;
  }

  /**
   * The group's repartition topics: named {@code <group>-…-repartition}, but not those of another
   * application whose id starts with this one's (publish's source health, {@code <group>-sources},
   * has {@code <group>-sources-…-repartition} topics that the group {@code <group>} never reads).
   */
  static List<String> repartitionTopics(Admin admin, String groupId) throws Exception {
    List<String> others =
        admin.listConsumerGroups().all().get().stream()
            .map(g -> g.groupId())
            .filter(g -> g.startsWith(groupId + "-"))
            .toList();
    return admin.listTopics().names().get().stream()
        .filter(t -> t.startsWith(groupId + "-") && t.endsWith("-repartition"))
        .filter(t -> others.stream().noneMatch(o -> t.startsWith(o + "-")))
        .toList();
  }

  /** The end offsets of a topic's partitions now. */
  public static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) {
    return endOffsets(plain(bootstrap), topic);
  }

  /** {@link #endOffsets(String, String)} with every client setting of {@code kafka}. */
  public static Map<TopicPartition, Long> endOffsets(KafkaSettings kafka, String topic) {
    try (Admin admin = admin(kafka)) {
      List<TopicPartition> parts =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      return admin
          .listOffsets(parts.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
          .all()
          .get()
          .entrySet()
          .stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (Exception e) {
      throw new IllegalStateException("could not read the end offsets of " + topic, e);
    }
  }

  /**
   * The end offsets now of a Streams app's own repartition topics ({@code <application
   * id>-…-repartition}): with {@link #awaitCommittedAtLeast}, "what it read so far has crossed its
   * internal hops too".
   */
  public static Map<TopicPartition, Long> repartitionEndOffsets(String bootstrap, String groupId) {
    try (Admin admin = admin(plain(bootstrap))) {
      Map<TopicPartition, Long> out = new HashMap<>();
      for (String t : repartitionTopics(admin, groupId)) {
        out.putAll(endOffsets(bootstrap, t));
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException("could not read the repartition topics of " + groupId, e);
    }
  }

  /**
   * Waits until a group has committed at least {@code targets} on every partition: "everything up
   * to here is processed", which, unlike a lag of zero, can be reached while new records keep
   * arriving.
   */
  public static void awaitCommittedAtLeast(
      String bootstrap, String groupId, Map<TopicPartition, Long> targets, Duration timeout) {
    awaitCommittedAtLeast(plain(bootstrap), groupId, targets, timeout);
  }

  /** {@link #awaitCommittedAtLeast(String, String, Map, Duration)} with every client setting. */
  public static void awaitCommittedAtLeast(
      KafkaSettings kafka, String groupId, Map<TopicPartition, Long> targets, Duration timeout) {
    try (Admin admin = admin(kafka)) {
      Awaitility.await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
                return targets.entrySet().stream()
                    .allMatch(
                        t ->
                            t.getValue() == 0
                                || committed.get(t.getKey()) != null
                                    && committed.get(t.getKey()).offset() >= t.getValue());
              });
    }
  }

  /** Settings of an open broker: its address only (the registry is not used here). */
  static KafkaSettings plain(String bootstrap) {
    return new KafkaSettings(bootstrap, KafkaSettings.DEFAULT_REGISTRY);
  }

  static Admin admin(KafkaSettings kafka) {
    return Admin.create(new HashMap<>(kafka.clientProps()));
  }

  static long lag(Admin admin, String groupId, String topic) throws Exception {
    List<TopicPartition> parts =
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    var ends =
        admin
            .listOffsets(parts.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
            .all()
            .get();
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    long lag = 0;
    for (TopicPartition p : parts) {
      long end = ends.get(p).offset();
      OffsetAndMetadata c = committed.get(p);
      lag += Math.max(0, end - (c == null ? 0 : c.offset()));
    }
    return lag;
  }
}
