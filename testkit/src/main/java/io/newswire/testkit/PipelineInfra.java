package io.newswire.testkit;

import io.newswire.infra.EmbeddedKafka;
import io.newswire.infra.RegistryProcess;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Provisioning;
import io.newswire.platform.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker and a real schema registry for tests, started once per test JVM and shared.
 *
 * <p>{@code NEWSWIRE_TEST_INFRA} chooses: {@code local} runs the broker in-process (KRaft) and
 * Apicurio Registry as a child process; {@code containers} runs both with Testcontainers; {@code
 * auto} (the default) takes containers when a Docker engine answers and local otherwise. The
 * pipeline's topics exist and their schemas are registered, BACKWARD, before the first test runs.
 */
public interface PipelineInfra extends AutoCloseable {
  Logger LOG = LoggerFactory.getLogger(PipelineInfra.class);

  String bootstrapServers();

  /** Registry base URL (the serdes add /apis/registry/v2, Confluent clients /apis/ccompat/v7). */
  String registryUrl();

  /** Which kind this is, for messages: "local" or "containers". */
  String kind();

  default KafkaSettings kafka() {
    return new KafkaSettings(bootstrapServers(), registryUrl());
  }

  @Override
  void close();

  /** The shared infrastructure, started on first use. */
  static PipelineInfra shared() {
    return Holder.get();
  }

  /** Creates the pipeline's topics and registers their schemas. */
  static void provision(PipelineInfra infra) {
    try {
      Provisioning.provision(infra.kafka(), Topics.all(3, infra.kafka().storyLimits()), (short) 1);
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not provision topics and schemas on " + infra.kind() + " infra", e);
    }
  }

  /** Starts the in-process broker and the Apicurio child process. */
  static PipelineInfra startLocal() {
    EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults());
    RegistryProcess registry;
    try {
      registry = RegistryProcess.start(RegistryProcess.Options.defaults());
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    return new PipelineInfra() {
      @Override
      public String bootstrapServers() {
        return kafka.bootstrapServers();
      }

      @Override
      public String registryUrl() {
        return registry.baseUrl();
      }

      @Override
      public String kind() {
        return "local";
      }

      @Override
      public void close() {
        registry.close();
        kafka.close();
      }
    };
  }

  /** Holds the one shared instance and closes it when the JVM ends. */
  final class Holder {
    private static PipelineInfra instance;

    private Holder() {}

    static synchronized PipelineInfra get() {
      if (instance == null) {
        String choice = System.getenv().getOrDefault("NEWSWIRE_TEST_INFRA", "auto");
        PipelineInfra infra =
            switch (choice) {
              case "local" -> startLocal();
              case "containers" -> ContainerInfra.start();
              case "auto" -> {
                var docker = ContainerInfra.dockerAvailability();
                if (docker.available()) {
                  yield ContainerInfra.start();
                }
                LOG.info(
                    "No Docker engine ({}): tests use the in-process KRaft broker and the Apicurio child process",
                    docker.reason());
                yield startLocal();
              }
              default ->
                  throw new IllegalArgumentException(
                      "NEWSWIRE_TEST_INFRA must be auto, local or containers");
            };
        provision(infra);
        LOG.info(
            "test infrastructure ({}) up: Kafka {} registry {}",
            infra.kind(),
            infra.bootstrapServers(),
            infra.registryUrl());
        Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "pipeline-infra-shutdown"));
        instance = infra;
      }
      return instance;
    }
  }
}
