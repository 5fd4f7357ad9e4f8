package io.newswire.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.infra.KafkaCluster;
import io.newswire.platform.Topics;
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
          .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + name + ":9092")
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
                            .isEqualTo(all);
                      }
                    }));
    assertThat(clients)
        .containsExactlyInAnyOrder(
            "registry", "provision", "ingest-service", "enrich-service", "publish-service");
    for (String name : List.of("registry", "provision")) {
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
  void dockerComposeAcceptsTheFile() throws Exception {
    Assumptions.assumeTrue(
        onPath("docker-compose"),
        "the docker-compose command is not installed (Debian: "
            + "apt-get install docker-compose; .ci/run installs it); the file was only read with a YAML parser");
    Path out = Files.createTempFile("docker-compose-config-", ".log");
    try {
      Process p =
          new ProcessBuilder("docker-compose", "-f", file.toString(), "config", "-q")
              .directory(file.getParent().toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS))
          .as("docker-compose config ends within 60 s")
          .isTrue();
      assertThat(p.exitValue()).as("docker-compose config -q: " + Files.readString(out)).isZero();
    } finally {
      Files.deleteIfExists(out);
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
