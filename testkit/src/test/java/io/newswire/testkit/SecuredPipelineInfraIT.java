package io.newswire.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.newswire.platform.KafkaSettings;
import io.newswire.platform.SchemaProvisioner;
import io.newswire.platform.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fixture started secured: provisioned by its super user, each principal limited by the ACL
 * plan.
 */
class SecuredPipelineInfraIT {
  private static PipelineInfra infra;

  @BeforeAll
  static void start() {
    infra = PipelineInfra.startLocalSecured();
    PipelineInfra.provision(infra);
  }

  @AfterAll
  static void stop() {
    if (infra != null) {
      infra.close();
    }
  }

  @Test
  void theSuperUserProvisionedTopicsAndSchemas() throws Exception {
    assertThat(infra.kind()).isEqualTo("local, secured");
    assertThat(infra.kafka().clientProps()).containsEntry("security.protocol", "SASL_PLAINTEXT");
    assertThat(new SchemaProvisioner(infra.kafka()).compatibility(Topics.valueSubject(Topics.RAW)))
        .isEqualTo("BACKWARD");
  }

  @Test
  void ingestWritesRawStoriesAndTheDownstreamConsumerCannot() throws Exception {
    send(infra.kafkaAs("ingest"), Topics.RAW);
    Throwable refused = catchThrowable(() -> send(infra.kafkaAs("consumer"), Topics.RAW));
    assertThat(refused).isInstanceOf(ExecutionException.class);
    assertThat(refused.getCause()).isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void theTopicReaderAndProgressTakeAPrincipalsSettings() throws Exception {
    KafkaSettings ingest = infra.kafkaAs("ingest");
    send(ingest, Topics.INGEST_RECEIPTS);
    var records =
        TopicReader.readToEnd(
            ingest,
            Topics.INGEST_RECEIPTS,
            new StringDeserializer(),
            new StringDeserializer(),
            Duration.ofSeconds(20));
    assertThat(records).extracting(r -> r.value()).contains("v");
    assertThat(TopicReader.endOffsetTotal(ingest, Topics.INGEST_RECEIPTS)).isPositive();
    assertThat(
            Progress.endOffsets(ingest, Topics.INGEST_RECEIPTS).values().stream().mapToLong(l -> l))
        .anyMatch(l -> l > 0);

    // and a principal without rights on the topic is refused, not left waiting
    Throwable refused =
        catchThrowable(
            () ->
                TopicReader.readUntil(
                    infra.kafkaAs("consumer"),
                    Topics.INGEST_RECEIPTS,
                    new StringDeserializer(),
                    new StringDeserializer(),
                    recs -> !recs.isEmpty(),
                    Duration.ofSeconds(10)));
    assertThat(refused).isInstanceOf(TopicAuthorizationException.class);
  }

  private static void send(KafkaSettings kafka, String topic) throws Exception {
    Map<String, Object> props = kafka.producerProps();
    props.put("enable.idempotence", false);
    props.put("max.block.ms", 10_000);
    try (var p = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      p.send(new ProducerRecord<>(topic, "k", "v")).get();
    }
  }
}
