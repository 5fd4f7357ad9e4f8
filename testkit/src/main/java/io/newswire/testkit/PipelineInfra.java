package io.newswire.testkit;

import io.newswire.infra.EmbeddedKafka;
import io.newswire.infra.RegistryProcess;
import io.newswire.platform.KafkaAcls;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Provisioning;
import io.newswire.platform.Topics;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker and a real schema registry for tests, started once per test JVM and shared.
 *
 * <p>{@code NEWSWIRE_TEST_INFRA} chooses: {@code local} runs the broker in-process (KRaft) and
 * Apicurio Registry as a child process; {@code containers} runs both with Testcontainers; {@code
 * auto} (the default) takes containers when a Docker engine answers and local otherwise. The
 * pipeline's topics exist and their schemas are registered, BACKWARD, before the first test runs.
 *
 * <p>{@code NEWSWIRE_TEST_KAFKA_SECURITY=scram} (local only) starts the broker secured: SASL/SCRAM
 * and ACLs, {@link #kafka()} then authenticates as the super user and {@link #kafkaAs} as one of
 * the pipeline's principals, with the ACL plan applied ({@link #startLocalSecured}).
 */
public interface PipelineInfra extends AutoCloseable {
  Logger LOG = LoggerFactory.getLogger(PipelineInfra.class);

  String bootstrapServers();

  /** Registry base URL (the serdes add /apis/registry/v2, Confluent clients /apis/ccompat/v7). */
  String registryUrl();

  /** Which kind this is, for messages: "local" or "containers". */
  String kind();

  default KafkaSettings kafka() {
    return new KafkaSettings(bootstrapServers(), registryUrl(), clientSecurity());
  }

  /**
   * The client settings of the super user on a secured broker ({@code security.protocol}, {@code
   * sasl.*}); none on an open one.
   */
  default Map<String, String> clientSecurity() {
    return Map.of();
  }

  /**
   * The settings of one of the principals {@link #startLocalSecured} created; on an open broker the
   * same as {@link #kafka()}.
   */
  default KafkaSettings kafkaAs(String user) {
    return kafka();
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
    return startLocal(EmbeddedKafka.Options.defaults());
  }

  /** Users and passwords of the pipeline's principals on a broker {@link #startLocalSecured}. */
  Map<String, String> TEST_USERS =
      Map.of(
          "ingest", "ingest-secret",
          "enrich", "enrich-secret",
          "publish", "publish-secret",
          "consumer", "consumer-secret",
          "operator", "operator-secret",
          "registry", "registry-secret");

  /**
   * A secured broker (SASL/SCRAM-SHA-512 and ACLs, super user {@code admin}) whose principals are
   * {@link #TEST_USERS}, with the ACL plan ({@link KafkaAcls#defaultPlan()}) applied, and the
   * registry. Not provisioned yet: {@link #provision} (as the super user) creates the topics.
   */
  static PipelineInfra startLocalSecured() {
    EmbeddedKafka.Security security =
        EmbeddedKafka.Security.scram("admin-secret").withUsers(TEST_USERS);
    PipelineInfra infra = startLocal(EmbeddedKafka.Options.defaults().withSecurity(security));
    try {
      Provisioning.secure(infra.kafka(), Map.of(), KafkaAcls.bindings(KafkaAcls.defaultPlan()));
    } catch (Exception e) {
      infra.close();
      throw new IllegalStateException("could not apply the ACL plan to the secured broker", e);
    }
    return infra;
  }

  /** Starts the in-process broker with {@code options} and the Apicurio child process. */
  static PipelineInfra startLocal(EmbeddedKafka.Options options) {
    EmbeddedKafka kafka = EmbeddedKafka.start(options);
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
        return kafka.security() == null ? "local" : "local, secured";
      }

      @Override
      public Map<String, String> clientSecurity() {
        return kafka.security() == null ? Map.of() : kafka.security().adminClientProps();
      }

      @Override
      public KafkaSettings kafkaAs(String user) {
        var security = kafka.security();
        if (security == null) {
          return kafka();
        }
        String password = security.users().get(user);
        if (password == null) {
          throw new IllegalArgumentException("no SCRAM user " + user + " on this broker");
        }
        return new KafkaSettings(
            bootstrapServers(), registryUrl(), security.clientProps(user, password));
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
              case "local" ->
                  "scram".equals(System.getenv("NEWSWIRE_TEST_KAFKA_SECURITY"))
                      ? startLocalSecured()
                      : startLocal();
              case "containers" -> ContainerInfra.start();
              case "auto" -> {
                if ("scram".equals(System.getenv("NEWSWIRE_TEST_KAFKA_SECURITY"))) {
                  yield startLocalSecured(); // the containers are not secured
                }
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
