package io.newswire.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics when missing and reports drift from what the pipeline expects. The
 * specs must be the catalogue's for this provisioner's replication factor ({@link Topics#all(int,
 * StoryLimits, short)}): a spec with another {@code min.insync.replicas} is refused (one above the
 * replication factor would refuse every acks=all write, one below would acknowledge writes held by
 * a single replica).
 */
public final class TopicProvisioner {
  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Admin admin;
  private final short replicationFactor;

  public TopicProvisioner(Admin admin, short replicationFactor) {
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "a replication factor is 1 or more, got " + replicationFactor);
    }
    this.admin = admin;
    this.replicationFactor = replicationFactor;
  }

  /**
   * The replication factor of the existing topic {@code reference} (what provisioning gave the
   * pipeline), or 1 when it does not exist: what a service that creates its own topics when
   * provisioning has not (publish's webhook and subscription topics) creates them with.
   */
  public static short replicationFactorOf(Admin admin, String reference)
      throws InterruptedException {
    try {
      return (short)
          admin
              .describeTopics(List.of(reference))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(reference)
              .partitions()
              .get(0)
              .replicas()
              .size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
        return 1;
      }
      throw new IllegalStateException(
          "could not describe " + reference + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out describing " + reference, e);
    }
  }

  /** Creates every missing topic; returns the names it created. */
  public List<String> createMissing(Collection<Topics.Spec> specs) throws InterruptedException {
    specs.forEach(this::checkReplication);
    Set<String> existing = call(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
    List<NewTopic> toCreate = new ArrayList<>();
    for (Topics.Spec s : specs) {
      if (!existing.contains(s.name())) {
        toCreate.add(
            new NewTopic(s.name(), s.partitions(), replicationFactor).configs(s.configs()));
      }
    }
    if (toCreate.isEmpty()) {
      return List.of();
    }
    var result = admin.createTopics(toCreate);
    List<String> created = new ArrayList<>();
    for (NewTopic t : toCreate) {
      try {
        result.values().get(t.name()).get(30, TimeUnit.SECONDS);
        created.add(t.name());
        log.info(
            "created topic {} ({} partitions, replication factor {}, {})",
            t.name(),
            t.numPartitions(),
            replicationFactor,
            t.configs());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException(
              "could not create topic " + t.name() + ": " + e.getCause().getMessage(), e);
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("timed out creating topic " + t.name(), e);
      }
    }
    awaitListed(created);
    return created;
  }

  /**
   * Waits (at most 30 s) until the broker answering metadata lists the created topics: the
   * controller acknowledges a creation before every broker has the new metadata, and a drift check
   * made right after would call them missing.
   */
  private void awaitListed(List<String> created) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      Set<String> listed = call(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
      if (listed.containsAll(created)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "created topics not yet listed by the cluster after 30 s: "
                + created.stream().filter(n -> !listed.contains(n)).toList());
      }
      Thread.sleep(100);
    }
  }

  /**
   * Differences between the cluster and the specs: missing topics, wrong partition counts, a
   * replication factor other than this provisioner's, wrong configs.
   */
  public List<String> drift(Collection<Topics.Spec> specs) throws InterruptedException {
    List<String> problems = new ArrayList<>();
    Set<String> existing = call(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
    List<String> present =
        specs.stream().map(Topics.Spec::name).filter(existing::contains).toList();
    Map<String, TopicDescription> descriptions =
        call(() -> admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS));
    List<ConfigResource> resources =
        present.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs =
        call(() -> admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS));
    for (Topics.Spec s : specs) {
      if (!existing.contains(s.name())) {
        problems.add(s.name() + ": missing");
        continue;
      }
      TopicDescription description = descriptions.get(s.name());
      int partitions = description.partitions().size();
      if (partitions != s.partitions()) {
        problems.add(s.name() + ": " + partitions + " partitions, expected " + s.partitions());
      }
      int replicas =
          description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
      if (replicas != replicationFactor) {
        problems.add(
            s.name() + ": replication factor " + replicas + ", expected " + replicationFactor);
      }
      Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, s.name()));
      s.configs()
          .forEach(
              (k, v) -> {
                var entry = actual.get(k);
                String got = entry == null ? null : entry.value();
                if (!v.equals(got)) {
                  problems.add(s.name() + ": " + k + "=" + got + ", expected " + v);
                }
              });
    }
    return problems;
  }

  private void checkReplication(Topics.Spec s) {
    String minIsr = s.configs().get(Topics.MIN_INSYNC_REPLICAS);
    if (minIsr != null && Integer.parseInt(minIsr) != Topics.minInsyncReplicas(replicationFactor)) {
      throw new IllegalArgumentException(
          s.name()
              + " asks "
              + Topics.MIN_INSYNC_REPLICAS
              + "="
              + minIsr
              + ", the catalogue's for another replication factor than "
              + replicationFactor
              + " (which takes "
              + Topics.minInsyncReplicas(replicationFactor)
              + "): take Topics.all(partitions, limits, "
              + replicationFactor
              + ")");
    }
  }

  private interface AdminCall<T> {
    T run() throws ExecutionException, TimeoutException, InterruptedException;
  }

  private static <T> T call(AdminCall<T> c) throws InterruptedException {
    try {
      return c.run();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Kafka admin call failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka admin call timed out (is the broker reachable?)", e);
    }
  }
}
