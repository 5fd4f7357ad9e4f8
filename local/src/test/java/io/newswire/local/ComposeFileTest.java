package io.newswire.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.infra.KafkaCluster;
import io.newswire.platform.Topics;
import io.newswire.platform.core.AclPlan;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml deploys a three-node KRaft cluster that every client reaches through all three
 * brokers, with the replication the topic catalogue expects. Read with a YAML parser (anchors and
 * merge keys resolved) on every machine, and checked by {@code docker-compose config} where that
 * command is installed.
 */
class ComposeFileTest {
  private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
  private static final Set<String> BOOTSTRAP_VARIABLES =
      Set.of("KAFKA_BOOTSTRAP_SERVERS", "APICURIO_KAFKASQL_BOOTSTRAP_SERVERS");

  private static final Set<String> ADMIN_CLIENTS = Set.of("provision", "provision-security");

  /** The variables the file requires, each a password. */
  private static final List<String> PASSWORD_VARIABLES =
      List.of(
          "NEWSWIRE_KAFKA_BROKER_PASSWORD",
          "NEWSWIRE_KAFKA_ADMIN_PASSWORD",
          "NEWSWIRE_INGEST_KAFKA_PASSWORD",
          "NEWSWIRE_ENRICH_KAFKA_PASSWORD",
          "NEWSWIRE_PUBLISH_KAFKA_PASSWORD",
          "NEWSWIRE_REGISTRY_KAFKA_PASSWORD",
          "NEWSWIRE_CONSUMER_KAFKA_PASSWORD",
          "NEWSWIRE_OPERATOR_KAFKA_PASSWORD");

  /** A JAAS password that is a required variable, never a literal. */
  private static final Pattern PASSWORD_FROM_VARIABLE =
      Pattern.compile("password=\"\\$\\{(NEWSWIRE_[A-Z_]+_PASSWORD):\\?[^}]+}\"");

  private static Path file;
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void read() throws IOException {
    file = composeFile();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Map<String, Object> root = new Yaml(new LoaderOptions()).load(r);
      services = (Map<String, Map<String, Object>>) root.get("services");
    }
  }

  @Test
  void threeCombinedKraftNodesWithStaticVotersAndOneClusterId() {
    assertThat(services.keySet().stream().filter(s -> s.startsWith("kafka")))
        .containsExactlyElementsOf(BROKERS);
    String voters = "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093";
    Set<String> clusterIds = new TreeSet<>();
    Set<Object> volumes = new TreeSet<>();
    for (int i = 0; i < BROKERS.size(); i++) {
      String name = BROKERS.get(i);
      Map<String, String> env = environment(name);
      assertThat(env)
          .as(name)
          .containsEntry("KAFKA_NODE_ID", Integer.toString(i + 1))
          .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
          .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", voters)
          .containsEntry(
              "KAFKA_ADVERTISED_LISTENERS", "CLIENT://" + name + ":9092,BROKER://" + name + ":9094")
          .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
          .containsEntry("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false")
          .containsKey("KAFKA_LOG_DIRS");
      clusterIds.add(env.get("CLUSTER_ID"));
      assertThat(services.get(name).get("volumes"))
          .as(name + " keeps its log in a volume of its own")
          .asList()
          .hasSize(1)
          .allSatisfy(v -> assertThat(v.toString()).endsWith(":" + env.get("KAFKA_LOG_DIRS")));
      volumes.addAll((List<?>) services.get(name).get("volumes"));
      assertThat(services.get(name)).as(name).containsKey("healthcheck");
    }
    assertThat(clusterIds).as("one CLUSTER_ID for the three nodes").hasSize(1).doesNotContainNull();
    assertThat(volumes).hasSize(3);
  }

  @Test
  void brokersReplicateThreeTimesAndNeedTwoInSyncAsTheCatalogueDoes() {
    int rf = KafkaCluster.replicationFactorFor(BROKERS.size());
    String replicas = Integer.toString(rf);
    String minIsr = Integer.toString(Topics.minInsyncReplicas(rf));
    assertThat(replicas).isEqualTo("3");
    assertThat(minIsr).isEqualTo("2");
    for (String name : BROKERS) {
      assertThat(environment(name))
          .as(name)
          .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", replicas)
          .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", minIsr)
          .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", replicas)
          .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", replicas)
          .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", minIsr);
    }
    assertThat(environment("provision")).containsEntry("NEWSWIRE_REPLICATION_FACTOR", replicas);
  }

  @Test
  void everyClientListsEveryBrokerAndWaitsForAllOfThem() {
    Set<String> all =
        BROKERS.stream().map(b -> b + ":9092").collect(Collectors.toCollection(TreeSet::new));
    // the provisioning steps log in as the super user on the brokers' own listener
    Set<String> allAdmin =
        BROKERS.stream().map(b -> b + ":9094").collect(Collectors.toCollection(TreeSet::new));
    List<String> clients = new ArrayList<>();
    services.forEach(
        (name, service) ->
            environment(name)
                .forEach(
                    (k, v) -> {
                      if (BOOTSTRAP_VARIABLES.contains(k)) {
                        clients.add(name);
                        assertThat(new TreeSet<>(Arrays.asList(v.split(","))))
                            .as(name + " " + k)
                            .isEqualTo(ADMIN_CLIENTS.contains(name) ? allAdmin : all);
                      }
                    }));
    assertThat(clients)
        .containsExactlyInAnyOrder(
            "registry",
            "provision-security",
            "provision",
            "ingest-service",
            "enrich-service",
            "publish-service");
    for (String name : List.of("registry", "provision-security", "provision")) {
      @SuppressWarnings("unchecked")
      Map<String, Map<String, String>> dependsOn =
          (Map<String, Map<String, String>>) services.get(name).get("depends_on");
      for (String broker : BROKERS) {
        assertThat(dependsOn).as(name + " waits for " + broker).containsKey(broker);
        assertThat(dependsOn.get(broker)).containsEntry("condition", "service_healthy");
      }
    }
    services
        .values()
        .forEach(s -> assertThat(String.valueOf(s.get("depends_on"))).doesNotContain("kafka:"));
  }

  @Test
  void brokersAuthenticateEveryListenerAndAuthorizeWithAcls() {
    for (String name : BROKERS) {
      Map<String, String> env = environment(name);
      assertThat(env)
          .as(name)
          .containsEntry(
              "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
              "CLIENT:SASL_PLAINTEXT,BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT")
          .containsEntry("KAFKA_LISTENER_NAME_CLIENT_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512")
          .containsEntry(
              "KAFKA_AUTHORIZER_CLASS_NAME",
              "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
          .containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false")
          .containsEntry("KAFKA_SUPER_USERS", "User:broker;User:admin")
          .containsEntry("KAFKA_INTER_BROKER_LISTENER_NAME", "BROKER");
      assertThat(env.get("KAFKA_LISTENERS")).doesNotContain("PLAINTEXT://");
      for (String jaas :
          List.of(
              "KAFKA_LISTENER_NAME_BROKER_PLAIN_SASL_JAAS_CONFIG",
              "KAFKA_LISTENER_NAME_CONTROLLER_PLAIN_SASL_JAAS_CONFIG")) {
        assertThat(passwordVariables(env.get(jaas))).as(name + " " + jaas).isNotEmpty();
      }
    }
  }

  @Test
  void eachServiceAuthenticatesWithItsOwnScramPrincipalAndAPasswordFromAVariable() {
    AclPlan.Principals principals = AclPlan.Principals.defaults();
    Map<String, String> expected =
        Map.of(
            "ingest-service", principals.ingest(),
            "enrich-service", principals.enrich(),
            "publish-service", principals.publish());
    Set<String> variables = new TreeSet<>();
    expected.forEach(
        (service, principal) -> {
          Map<String, String> env = environment(service);
          assertThat(env)
              .as(service)
              .containsEntry("KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
              .containsEntry("KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512");
          String jaas = env.get("KAFKA_CLIENT_SASL_JAAS_CONFIG");
          assertThat(jaas)
              .as(service)
              .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required")
              .contains("username=\"" + principal + "\"");
          variables.addAll(passwordVariables(jaas));
        });
    assertThat(variables).as("one password each").hasSize(expected.size());
    assertThat(environment("ingest-service").get("INGEST_INSTANCE_ID"))
        .startsWith(AclPlan.Apps.defaults().ingestTransactionalIdPrefix());
    assertThat(environment("enrich-service"))
        .containsEntry("ENRICH_APPLICATION_ID", AclPlan.Apps.defaults().enrichApplicationId());
    assertThat(environment("publish-service"))
        .containsEntry("PUBLISH_APPLICATION_ID", AclPlan.Apps.defaults().publishApplicationId());

    Map<String, String> registry = environment("registry");
    assertThat(registry)
        .containsEntry("APICURIO_KAFKA_COMMON_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
        .containsEntry("APICURIO_KAFKA_COMMON_SASL_MECHANISM", "SCRAM-SHA-512")
        .containsEntry(
            "APICURIO_KAFKASQL_CONSUMER_GROUP_PREFIX",
            AclPlan.Apps.defaults().registryGroupPrefix());
    assertThat(registry.get("APICURIO_KAFKA_COMMON_SASL_JAAS_CONFIG"))
        .contains("username=\"" + principals.registry() + "\"");
    assertThat(passwordVariables(registry.get("APICURIO_KAFKA_COMMON_SASL_JAAS_CONFIG")))
        .hasSize(1);
  }

  @Test
  void provisioningCreatesEveryPrincipalsScramUserAndTheAclsBeforeTheRegistryStarts() {
    Map<String, String> env = environment("provision-security");
    assertThat(env)
        .containsEntry("NEWSWIRE_KAFKA_ACLS", "true")
        .containsEntry("NEWSWIRE_PROVISION_TOPICS", "false");
    for (String principal : AclPlan.Principals.defaults().all()) {
      String variable = "NEWSWIRE_SCRAM_PASSWORD_" + principal.toUpperCase(java.util.Locale.ROOT);
      assertThat(env.get(variable)).as(variable).matches("\\$\\{NEWSWIRE_[A-Z_]+:\\?.+}");
    }
    for (String name : ADMIN_CLIENTS) {
      assertThat(environment(name).get("KAFKA_CLIENT_SASL_JAAS_CONFIG"))
          .as(name)
          .contains("username=\"admin\"");
    }
    @SuppressWarnings("unchecked")
    Map<String, Map<String, String>> registryWaits =
        (Map<String, Map<String, String>>) services.get("registry").get("depends_on");
    assertThat(registryWaits.get("provision-security"))
        .containsEntry("condition", "service_completed_successfully");
  }

  /** The variables the JAAS line's passwords come from; fails on a literal password. */
  private static Set<String> passwordVariables(String jaas) {
    assertThat(jaas).isNotNull();
    Set<String> variables = new TreeSet<>();
    Matcher m = PASSWORD_FROM_VARIABLE.matcher(jaas);
    int passwords = 0;
    while (m.find()) {
      variables.add(m.group(1));
    }
    Matcher any = Pattern.compile("password=\"").matcher(jaas);
    while (any.find()) {
      passwords++;
    }
    assertThat(variables.size())
        .as("every password of " + jaas + " is a variable")
        .isEqualTo(passwords);
    return variables;
  }

  @Test
  void dockerComposeAcceptsTheFile() throws Exception {
    Assumptions.assumeTrue(
        onPath("docker-compose"),
        "the docker-compose command is not installed (Debian: "
            + "apt-get install docker-compose; .ci/run installs it); the file was only read with a YAML parser");
    Path out = Files.createTempFile("docker-compose-config-", ".log");
    try {
      // without the passwords the file is refused: none has a default
      assertThat(dockerComposeConfig(out, false))
          .as("docker-compose config -q without the passwords")
          .isNotZero();
      assertThat(Files.readString(out)).contains("NEWSWIRE_");
      int rc = dockerComposeConfig(out, true);
      assertThat(rc).as("docker-compose config -q: " + Files.readString(out)).isZero();
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static int dockerComposeConfig(Path out, boolean withPasswords) throws Exception {
    // an empty env file: a developer's .env must not supply the passwords here
    Path noEnv = Files.createTempFile("compose-", ".env");
    ProcessBuilder b =
        new ProcessBuilder(
                "docker-compose",
                "--env-file",
                noEnv.toString(),
                "-f",
                file.toString(),
                "config",
                "-q")
            .directory(file.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    PASSWORD_VARIABLES.forEach(v -> b.environment().remove(v));
    if (withPasswords) {
      PASSWORD_VARIABLES.forEach(v -> b.environment().put(v, "test-" + v.toLowerCase()));
    }
    try {
      Process p = b.start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS))
          .as("docker-compose config ends within 60 s")
          .isTrue();
      return p.exitValue();
    } finally {
      Files.deleteIfExists(noEnv);
    }
  }

  /**
   * A service's environment, as a map whether the file writes it as a map or a list of NAME=value.
   */
  private static Map<String, String> environment(String service) {
    Object env = services.get(service).get("environment");
    Map<String, String> out = new LinkedHashMap<>();
    if (env instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
    } else if (env instanceof List<?> l) {
      l.forEach(
          e -> {
            String s = String.valueOf(e);
            int eq = s.indexOf('=');
            out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
          });
    }
    return out;
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    return path != null
        && Arrays.stream(path.split(File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  private static Path composeFile() {
    String root = System.getProperty("newswire.repo.root");
    if (root != null && Files.isRegularFile(Path.of(root, "docker-compose.yml"))) {
      return Path.of(root, "docker-compose.yml").toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
        return dir.resolve("docker-compose.yml");
      }
    }
    throw new IllegalStateException(
        "docker-compose.yml not found above " + Path.of("").toAbsolutePath());
  }
}
