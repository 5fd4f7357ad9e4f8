package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.rest.client.exception.ContentNotFoundException;
import io.apicurio.registry.rest.v2.beans.Error;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler's answers to registry failures, without a broker: FAIL (the record is retried),
 * readiness down and a count, never a dead letter. The dead letters themselves, and the retries on
 * a real broker: EnrichReliabilityIT, RegistryOutageIT.
 */
class DeadLetterHandlerTest {
  static final String STAGE = "newswire-enrich";
  static final byte[] VALUE = {0, 0, 0, 0x30, 0x39, 2, 3};

  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  final AtomicLong processed = new AtomicLong(100);
  KafkaSettings registry;
  RegistryHealth health;
  DeadLetterHandler handler;

  @BeforeEach
  void configure() throws Exception {
    registry = RegistryFailuresTest.closedPort();
    health =
        new RegistryHealth(
            STAGE, registry.registryUrl(), Duration.ofHours(1), processed::get, metrics);
    Map<String, Object> configs = new HashMap<>();
    configs.put("application.id", STAGE);
    configs.put("bootstrap.servers", registry.bootstrapServers());
    configs.put(DeadLetterHandler.REGISTRY_URL_CONFIG, registry.registryUrl());
    configs.put(RegistryHealth.CONFIG, health);
    handler = new DeadLetterHandler();
    handler.configure(configs);
  }

  @AfterEach
  void close() {
    health.close();
  }

  static ErrorHandlerContext at(long offset) {
    return new ErrorHandlerContext() {
      @Override
      public String topic() {
        return Topics.RAW;
      }

      @Override
      public int partition() {
        return 2;
      }

      @Override
      public long offset() {
        return offset;
      }

      @Override
      public Headers headers() {
        return new RecordHeaders();
      }

      @Override
      public String processorNodeId() {
        return "enrich";
      }

      @Override
      public TaskId taskId() {
        return new TaskId(0, 2);
      }

      @Override
      public long timestamp() {
        return 0;
      }

      @Override
      public byte[] sourceRawKey() {
        return "urn:newswire:vna:1".getBytes();
      }

      @Override
      public byte[] sourceRawValue() {
        return VALUE;
      }
    };
  }

  double failures(String kind, String phase) {
    var c =
        metrics
            .find("newswire_registry_failures_total")
            .tag("kind", kind)
            .tag("phase", phase)
            .counter();
    return c == null ? 0 : c.count();
  }

  ConsumerRecord<byte[], byte[]> record(long offset) {
    return new ConsumerRecord<>(Topics.RAW, 2, offset, "urn:newswire:vna:1".getBytes(), VALUE);
  }

  @Test
  void
      anUnreachableRegistryFailsTheThreadAfterTheBackoff_neverDeadLetters_andIsReadyAgainOnceRecordsFlow() {
    Throwable down = RegistryFailuresTest.deserializing(registry, VALUE);
    long start = System.nanoTime();
    var answer = handler.handleError(at(17), record(17), (Exception) down);
    long waitedMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(answer.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    assertThat(answer.deadLetterQueueRecords()).isEmpty();
    assertThat(waitedMs)
        .as("the first backoff is waited on the failing thread")
        .isGreaterThanOrEqualTo(1000);
    assertThat(failures("unavailable", "DESERIALIZATION")).isEqualTo(1);
    ServiceHttp.Readiness r = health.readiness();
    assertThat(r.ready()).isFalse();
    assertThat(r.detail())
        .startsWith("schema registry unreachable since ")
        .contains(Topics.RAW + "-2@17")
        .contains("no answer (ConnectException)");
    assertThat(metrics.get("newswire_registry_failing").gauge().value()).isEqualTo(1);

    processed.incrementAndGet(); // the retried record went through
    assertThat(health.readiness().ready()).isTrue();
    assertThat(metrics.get("newswire_registry_failing").gauge().value()).isZero();
  }

  @Test
  void aRetriableSendFailureFailsTheThread_withoutTryingToDeadLetterTheRecord() {
    for (Exception broker :
        new Exception[] {
          new org.apache.kafka.common.errors.TimeoutException("Expiring 3 record(s)"),
          new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moved")
        }) {
      var answer =
          handler.handleError(
              at(9), new ProducerRecord<>(Topics.ENRICHED, new byte[1], new byte[1]), broker);
      assertThat(answer.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
      assertThat(answer.deadLetterQueueRecords()).isEmpty();
      // Streams throws it again, wrapped, from the next record's send: that record is not
      // dead-lettered in its place.
      var next =
          handler.handleError(
              at(10),
              new Record<>("k", "v", 0L),
              new StreamsException("Error encountered sending record", broker));
      assertThat(next.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
      assertThat(next.deadLetterQueueRecords()).isEmpty();
    }
    // A dead letter was not even attempted: the (unreachable) registry was never asked.
    assertThat(failures("unavailable", "PRODUCTION")).isZero();
    assertThat(health.readiness().ready()).isTrue();
  }

  @Test
  void aProductionFailureSeenAgainByTheProcessingHandlerIsHandledOnce() {
    health.close(); // no backoff waits in this test
    Exception down = (Exception) RegistryFailuresTest.serializing(registry);
    var produced =
        handler.handleSerializationError(
            at(5),
            new ProducerRecord<>(Topics.ENRICHED, "k", "v"),
            down,
            ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);
    assertThat(produced.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
    // Streams throws a StreamsException for it, which the sink's parent node hands to the
    // processing handler
    var processing =
        handler.handleError(
            at(5),
            new Record<>("k", "v", 0L),
            new StreamsException("Unable to serialize record", down));
    assertThat(processing.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    assertThat(processing.deadLetterQueueRecords()).isEmpty();
    assertThat(failures("unavailable", "SERIALIZATION_VALUE")).isEqualTo(1);
    assertThat(failures("unavailable", "PROCESSING")).isZero();
  }

  @Test
  void anUnknownSchemaIdWithinTheGraceFailsTheThread_withReadinessNamingTheRecord() {
    health.close();
    Error error = new Error();
    error.setErrorCode(404);
    error.setName("ContentNotFoundException");
    error.setMessage("No content with id/hash 'contentId-12345' was found.");
    var answer =
        handler.handleError(
            at(40), record(40), new SerializationException(new ContentNotFoundException(error)));
    assertThat(answer.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    assertThat(failures("unknown_schema", "DESERIALIZATION")).isEqualTo(1);
    assertThat(health.readiness().detail())
        .contains("does not know the schema id of " + Topics.RAW + "-2@40")
        .contains("contentId-12345")
        .contains("dead-lettered at");
  }

  @Test
  void aPoisonRecordWhoseDeadLetterTheRegistryCannotTakeIsRetried_withReadinessDown() {
    health.close();
    var answer =
        handler.handleError(
            at(3), record(3), new SerializationException("not in the Confluent wire format"));
    assertThat(answer.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    assertThat(health.readiness().ready()).isFalse();
    assertThat(failures("unavailable", "DESERIALIZATION")).isEqualTo(1);
  }
}
