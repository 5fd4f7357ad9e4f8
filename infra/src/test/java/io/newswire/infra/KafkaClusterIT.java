package io.newswire.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Three KRaft nodes, each its own process: a topic of RF 3 / min ISR 2 keeps taking acks=all writes
 * when its leader is killed with SIGKILL, loses nothing and duplicates nothing, takes the node back
 * on its data directory and port, and refuses acks=all writes when two nodes are gone.
 */
class KafkaClusterIT {
  private static final String TOPIC = "cluster-it";

  @Test
  void aTopicOfThreeReplicasSurvivesItsLeaderAndRefusesWritesWithoutTwoInSync() throws Exception {
    long t0 = System.nanoTime();
    try (KafkaCluster cluster = KafkaCluster.start(KafkaCluster.Options.defaults());
        Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      System.out.printf(
          "3-node cluster ready in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      assertThat(cluster.nodeIds()).containsExactly(1, 2, 3);
      assertThat(cluster.bootstrapServers().split(","))
          .hasSize(3)
          .allMatch(s -> s.startsWith("127.0.0.1:"));
      assertThat(cluster.replicationFactor()).isEqualTo(3);
      assertThat(cluster.minInsyncReplicas()).isEqualTo(2);
      assertThat(admin.describeCluster().nodes().get())
          .extracting(Node::id)
          .containsExactlyInAnyOrder(1, 2, 3);

      admin
          .createTopics(
              List.of(
                  new NewTopic(TOPIC, 1, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
          .all()
          .get();
      List<String> expected = new ArrayList<>();
      try (KafkaProducer<String, String> writer = producer(cluster.bootstrapServers(), 120_000)) {
        for (int i = 0; i < 50; i++) {
          expected.add(send(writer, "before-" + i));
        }

        int leader = partition(admin).leader().id();
        int port = cluster.port(leader);
        cluster.kill(leader);
        assertThat(cluster.isAlive(leader)).isFalse();

        long killed = System.nanoTime();
        for (int i = 0; i < 50; i++) {
          expected.add(send(writer, "after-" + i)); // acks=all: two replicas in sync are enough
        }
        System.out.printf(
            "the first acks=all write after killing leader %d took %d ms%n",
            leader, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
        TopicPartitionInfo p = partition(admin);
        assertThat(p.leader().id()).isNotEqualTo(leader);
        assertThat(p.isr()).extracting(Node::id).hasSize(2).doesNotContain(leader);

        assertThat(readCommitted(cluster.bootstrapServers(), expected.size()))
            .as("every acknowledged record exactly once, in order")
            .containsExactlyElementsOf(expected);

        long restarting = System.nanoTime();
        cluster.restart(leader);
        System.out.printf(
            "node %d restarted (serving) in %d ms%n",
            leader, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarting));
        assertThat(cluster.isAlive(leader)).isTrue();
        assertThat(cluster.port(leader)).isEqualTo(port);
        assertThat(cluster.bootstrapServers()).contains("127.0.0.1:" + port);
        awaitTrue(
            Duration.ofSeconds(60),
            () -> isr(admin).contains(leader),
            "node " + leader + " back in the ISR");
        System.out.printf(
            "node %d back in the ISR %d ms after its restart began%n",
            leader, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarting));
        assertThat(cluster.logFile(leader)).isRegularFile();
        assertThat(Files.readString(cluster.logFile(leader)).split(BrokerMain.STARTED, -1))
            .as("started twice, writing to one log file in its node directory")
            .hasSize(3);
        assertThat(cluster.logFile(leader).getParent().resolve("log").resolve(TOPIC + "-0"))
            .isDirectory();
      }

      // Two of three nodes gone: no acks=all write may succeed. The producer has its producer id
      // already (without a
      // controller quorum it could not get one, and would wait for it rather than fail).
      KafkaProducer<String, String> producer = producer(cluster.bootstrapServers(), 10_000);
      try {
        send(producer, "warm-up");
        int survivor = partition(admin).leader().id();
        for (int id : cluster.nodeIds()) {
          if (id != survivor) {
            cluster.kill(id);
          }
        }
        long sending = System.nanoTime();
        assertThatThrownBy(
                () ->
                    producer
                        .send(new ProducerRecord<>(TOPIC, "k", "lost"))
                        .get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOfAny(
                NotEnoughReplicasException.class,
                NotEnoughReplicasAfterAppendException.class,
                TimeoutException.class);
        System.out.printf(
            "with two nodes down an acks=all write failed after %d ms%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sending));
      } finally {
        producer.close(Duration.ofSeconds(2));
      }
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrap, int deliveryTimeoutMs) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrap);
    p.put("acks", "all");
    p.put("enable.idempotence", true);
    p.put("linger.ms", 0);
    p.put("request.timeout.ms", Math.min(deliveryTimeoutMs, 30_000));
    p.put("delivery.timeout.ms", deliveryTimeoutMs);
    p.put("max.block.ms", deliveryTimeoutMs);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static String send(KafkaProducer<String, String> producer, String value)
      throws Exception {
    producer.send(new ProducerRecord<>(TOPIC, "k", value)).get(150, TimeUnit.SECONDS);
    return value;
  }

  private static TopicPartitionInfo partition(Admin admin) throws Exception {
    TopicDescription d =
        admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC);
    return d.partitions().get(0);
  }

  private static List<Integer> isr(Admin admin) {
    try {
      return partition(admin).isr().stream().map(Node::id).toList();
    } catch (Exception e) {
      return List.of();
    }
  }

  private static List<String> readCommitted(String bootstrap, int expected) {
    List<String> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                bootstrap,
                "group.id",
                "cluster-it-" + System.nanoTime(),
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(Set.of(TOPIC));
      long deadline = System.currentTimeMillis() + 30_000;
      while (values.size() < expected && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          values.add(r.value());
        }
      }
      // anything beyond the expected records (a duplicate) would arrive with them or right after
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
        values.add(r.value());
      }
    }
    return values;
  }

  private static void awaitTrue(Duration timeout, BooleanSupplier condition, String what) {
    org.awaitility.Awaitility.await(what)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(condition::getAsBoolean);
  }
}
