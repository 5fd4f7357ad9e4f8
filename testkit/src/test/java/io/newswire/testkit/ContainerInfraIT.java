package io.newswire.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.platform.SchemaProvisioner;
import io.newswire.platform.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The Testcontainers path: Kafka and Apicurio in containers, provisioned like the local path. It
 * runs only where a Docker engine answers; elsewhere JUnit reports it skipped with the reason.
 */
@EnabledIf(
    value = "dockerAvailable",
    disabledReason =
        "no Docker engine on this machine: the Testcontainers path "
            + "is skipped (the same tests ran on the in-process broker and the Apicurio child process)")
class ContainerInfraIT {

  static boolean dockerAvailable() {
    return ContainerInfra.dockerAvailability().available();
  }

  @Test
  void containersProvideABrokerAndARegistryThatGovernTheContracts() throws Exception {
    try (ContainerInfra infra = ContainerInfra.start()) {
      PipelineInfra.provision(infra);
      assertThat(
              new SchemaProvisioner(infra.kafka()).compatibility(Topics.valueSubject(Topics.RAW)))
          .isEqualTo("BACKWARD");
      assertThat(TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW)).isZero();
    }
  }
}
