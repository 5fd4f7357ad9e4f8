package io.newswire.platform;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a cluster ready for the pipeline: the missing topics created, every value schema registered
 * BACKWARD.
 */
public final class Provisioning {
  private static final Logger log = LoggerFactory.getLogger(Provisioning.class);

  private Provisioning() {}

  /**
   * Creates the catalogue's topics for {@code replicationFactor} ({@link Topics#all(int,
   * StoryLimits, short)}, story limits from {@code kafka}) when missing and registers the schemas;
   * returns the drift that remains on existing topics.
   */
  public static List<String> provision(KafkaSettings kafka, int partitions, short replicationFactor)
      throws InterruptedException, IOException {
    return provision(
        kafka, Topics.all(partitions, kafka.storyLimits(), replicationFactor), replicationFactor);
  }

  /**
   * Creates what is missing and registers the schemas; returns the drift that remains on existing
   * topics. The specs must be the catalogue's for {@code replicationFactor} ({@link
   * TopicProvisioner}).
   */
  public static List<String> provision(
      KafkaSettings kafka, List<Topics.Spec> specs, short replicationFactor)
      throws InterruptedException, IOException {
    try (Admin admin = Admin.create(kafka.clientProps())) {
      TopicProvisioner topics = new TopicProvisioner(admin, replicationFactor);
      List<String> created = topics.createMissing(specs);
      log.info("topics: {} created, {} expected", created.size(), specs.size());
      new SchemaProvisioner(kafka).provision(specs);
      return topics.drift(specs);
    }
  }

  /**
   * Secures a cluster for the pipeline: creates (or resets the password of) each SCRAM user, then
   * the ACLs of the plan ({@link KafkaAcls}). Needs a super user; logs user names, never passwords.
   */
  public static void secure(KafkaSettings kafka, Map<String, String> users, List<AclBinding> acls)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = Admin.create(kafka.clientProps())) {
      ScramUsers.upsert(admin, users);
      log.info("SCRAM users created or updated: {}", users.keySet());
      KafkaAcls.apply(admin, acls);
      log.info("ACLs: {} bindings applied", acls.size());
    }
  }
}
