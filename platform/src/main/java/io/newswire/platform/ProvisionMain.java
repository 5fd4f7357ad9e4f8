package io.newswire.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics and registers their schemas (BACKWARD), then exits: the one-shot
 * step a deployment runs before the services (docker-compose does). Safe to run again: it creates
 * only what is missing.
 *
 * <p>Settings: {@code KAFKA_BOOTSTRAP_SERVERS}, {@code REGISTRY_URL}, {@code NEWSWIRE_PARTITIONS}
 * (default 6), {@code NEWSWIRE_REPLICATION_FACTOR} (default 1; the topics' {@code
 * min.insync.replicas} follows it, {@link Topics#minInsyncReplicas}), {@code
 * NEWSWIRE_PROVISION_ATTEMPTS} (default 30, 2 s apart), {@code NEWSWIRE_MAX_STORY_BYTES} (default
 * 1048576: story topics' {@code max.message.bytes}, see {@link StoryLimits}).
 *
 * <p>On a secured cluster (docs/kafka-security.md), run as a super user: {@code
 * NEWSWIRE_KAFKA_ACLS=true} creates the SCRAM users {@link ScramUsers#fromEnv} names and applies
 * the ACL plan ({@link KafkaAcls#defaultPlan()}); {@code NEWSWIRE_PROVISION_TOPICS=false} skips the
 * topics and schemas (a first step run before the registry, whose own user it creates).
 */
public final class ProvisionMain {
  private static final Logger log = LoggerFactory.getLogger(ProvisionMain.class);

  private ProvisionMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(
          """
          Usage: provision [--help]
          Creates the Newswire topics and registers their schemas, BACKWARD compatible; creates only what is missing.
            NEWSWIRE_PARTITIONS          partitions of each story topic (default 6)
            NEWSWIRE_REPLICATION_FACTOR  replication factor of new topics (default 1); their min.insync.replicas
                                         is max(1, min(2, RF - 1)): 1 for RF 1 or 2, 2 for RF 3 or more
            NEWSWIRE_PROVISION_ATTEMPTS  attempts while the broker or registry is not up yet (default 30)
            NEWSWIRE_PROVISION_TOPICS    false: skip topics and schemas (default true)
            NEWSWIRE_KAFKA_ACLS          true: create the SCRAM users below and the ACLs of each principal
                                         (docs/kafka-security.md); needs a super user (default false)
            NEWSWIRE_SCRAM_PASSWORD_<USER>  password of SCRAM user <user> (lower case), e.g.
                                         NEWSWIRE_SCRAM_PASSWORD_INGEST for ingest
            NEWSWIRE_SCRAM_USERS_FILE    a properties file of user=password lines
          """
              + ServiceMain.KAFKA_HELP);
      return;
    }
    Env env = Env.system();
    KafkaSettings kafka = KafkaSettings.from(env);
    short rf = (short) env.integer("NEWSWIRE_REPLICATION_FACTOR", 1);
    var specs = Topics.all(env.integer("NEWSWIRE_PARTITIONS", 6), kafka.storyLimits(), rf);
    int attempts = env.integer("NEWSWIRE_PROVISION_ATTEMPTS", 30);
    boolean acls = Boolean.parseBoolean(env.string("NEWSWIRE_KAFKA_ACLS", "false"));
    boolean topics = Boolean.parseBoolean(env.string("NEWSWIRE_PROVISION_TOPICS", "true"));
    var users = ScramUsers.fromEnv(env);
    if (!users.isEmpty() && !acls) {
      log.warn("SCRAM users {} are not created: NEWSWIRE_KAFKA_ACLS is not true", users.keySet());
    }
    boolean secured = false;
    for (int i = 1; ; i++) {
      try {
        if (acls && !secured) {
          Provisioning.secure(kafka, users, KafkaAcls.bindings(KafkaAcls.defaultPlan()));
          secured = true;
        }
        if (topics) {
          Provisioning.provision(kafka, specs, rf).forEach(d -> log.warn("topic drift: {}", d));
        }
        return;
      } catch (Exception e) {
        if (i >= attempts) {
          log.error("provisioning failed after {} attempts: {}", i, e.getMessage());
          System.exit(1);
        }
        log.info(
            "broker or registry not ready ({}); retrying in 2 s ({}/{})",
            e.getMessage(),
            i,
            attempts);
        Thread.sleep(2000);
      }
    }
  }
}
