package io.newswire.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/**
 * Waits until a consumer group (a Streams application) has committed everything on a topic: the way to know that
 * "nothing more will come" before asserting that something did not happen.
 */
public final class Progress {
  private Progress() {}

  public static void awaitCaughtUp(String bootstrap, String groupId, String topic, Duration timeout) {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
      Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> lag(admin, groupId, topic) == 0);
    }
  }

  static long lag(Admin admin, String groupId, String topic) throws Exception {
    List<TopicPartition> parts = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
        .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    var ends = admin.listOffsets(parts.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
        .all().get();
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
