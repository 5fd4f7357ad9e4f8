package io.newswire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.platform.Topics;
import io.newswire.testkit.PipelineInfra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on a secured broker (SASL/SCRAM and the ACL plan) as the operator principal, its
 * credentials in a {@code --command-config} file as Kafka's own tools take them.
 */
class SecuredCliIT {
  static PipelineInfra infra;

  @BeforeAll
  static void start() {
    infra = PipelineInfra.startLocalSecured();
    PipelineInfra.provision(infra); // 3 partitions, as the super user
  }

  @AfterAll
  static void stop() {
    if (infra != null) {
      infra.close();
    }
  }

  static Path commandConfig(Path dir, String user, String password) throws IOException {
    Path file = dir.resolve(user + ".properties");
    Files.writeString(
        file,
        "security.protocol=SASL_PLAINTEXT\n"
            + "sasl.mechanism=SCRAM-SHA-512\n"
            + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\""
            + user
            + "\" password=\""
            + password
            + "\";\n");
    return file;
  }

  @Test
  void theOperatorVerifiesTheTopicsWithItsCommandConfig(@TempDir Path dir) throws Exception {
    Path config = commandConfig(dir, "operator", PipelineInfra.TEST_USERS.get("operator"));
    Cli topics =
        Cli.run(infra, "topics", "--partitions", "3", "--command-config", config.toString());
    assertThat(topics.exitCode()).as(topics.err()).isZero();
    assertThat(topics.out())
        .contains(Topics.RAW)
        .contains(Topics.PUBLISHED)
        .doesNotContain("DRIFT");
  }

  @Test
  void aPrincipalTheAclsDoNotAllowIsToldItIsNotAuthorized(@TempDir Path dir) throws Exception {
    Path operator = commandConfig(dir, "operator", PipelineInfra.TEST_USERS.get("operator"));
    Cli allowed = Cli.run(infra, "tail", Topics.RAW, "--command-config", operator.toString());
    assertThat(allowed.exitCode()).as(allowed.err()).isZero();

    Path consumer = commandConfig(dir, "consumer", PipelineInfra.TEST_USERS.get("consumer"));
    Cli refused = Cli.run(infra, "tail", Topics.RAW, "--command-config", consumer.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith("newswire: not authorized:")
        .contains(Topics.RAW)
        .doesNotContain("\tat ");
  }

  @Test
  void aWrongPasswordFailsWithAnAuthenticationErrorNotATimeout(@TempDir Path dir) throws Exception {
    Path config = commandConfig(dir, "operator", "not-the-operator-password");
    long start = System.nanoTime();
    Cli topics =
        Cli.run(infra, "topics", "--partitions", "3", "--command-config", config.toString());
    assertThat(topics.exitCode()).isNotZero();
    assertThat(topics.err())
        .startsWith("newswire: authentication failed: Authentication failed")
        .contains("invalid credentials with SASL mechanism SCRAM-SHA-512")
        .contains("--command-config")
        .doesNotContain("\tat ");
    assertThat(topics.out()).doesNotContain(Topics.RAW);
    assertThat(System.nanoTime() - start).as("nanos").isLessThan(14_000_000_000L);
  }
}
