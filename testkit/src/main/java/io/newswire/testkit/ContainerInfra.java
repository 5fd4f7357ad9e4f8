package io.newswire.testkit;

import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same infrastructure in containers, where a Docker engine exists: Apache Kafka (KRaft) and
 * Apicurio Registry. Image versions are pinned here; override with {@code NEWSWIRE_KAFKA_IMAGE} and
 * {@code NEWSWIRE_APICURIO_IMAGE}.
 */
final class ContainerInfra implements PipelineInfra {
  static final String KAFKA_IMAGE =
      System.getenv().getOrDefault("NEWSWIRE_KAFKA_IMAGE", "apache/kafka:4.1.1");
  static final String APICURIO_IMAGE =
      System.getenv().getOrDefault("NEWSWIRE_APICURIO_IMAGE", "apicurio/apicurio-registry:3.1.7");

  /** Whether a Docker engine answers, and if not, why. */
  record DockerAvailability(boolean available, String reason) {}

  private final Network network;
  private final KafkaContainer kafka;
  private final GenericContainer<?> registry;

  private ContainerInfra(Network network, KafkaContainer kafka, GenericContainer<?> registry) {
    this.network = network;
    this.kafka = kafka;
    this.registry = registry;
  }

  static DockerAvailability dockerAvailability() {
    try {
      boolean ok = DockerClientFactory.instance().isDockerAvailable();
      return new DockerAvailability(
          ok, ok ? "Docker engine available" : "no Docker engine answered");
    } catch (Throwable t) {
      return new DockerAvailability(false, "Docker check failed: " + t.getMessage());
    }
  }

  @SuppressWarnings("resource")
  static ContainerInfra start() {
    Network network = Network.newNetwork();
    KafkaContainer kafka =
        new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE)).withNetwork(network);
    GenericContainer<?> registry =
        new GenericContainer<>(DockerImageName.parse(APICURIO_IMAGE))
            .withNetwork(network)
            .withExposedPorts(8080)
            .waitingFor(
                Wait.forHttp("/health/ready")
                    .forPort(8080)
                    .withStartupTimeout(Duration.ofMinutes(2)));
    kafka.start();
    registry.start();
    return new ContainerInfra(network, kafka, registry);
  }

  @Override
  public String bootstrapServers() {
    return kafka.getBootstrapServers();
  }

  @Override
  public String registryUrl() {
    return "http://" + registry.getHost() + ":" + registry.getMappedPort(8080);
  }

  @Override
  public String kind() {
    return "containers";
  }

  @Override
  public void close() {
    registry.stop();
    kafka.stop();
    network.close();
  }
}
