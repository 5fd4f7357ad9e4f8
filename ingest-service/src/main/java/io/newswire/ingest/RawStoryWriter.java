package io.newswire.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.RawStory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes raw stories to {@code news.raw.v1}: idempotent producer, acks=all, so a completed future means every
 * in-sync replica has the story. Sending never blocks on the broker: the future completes when it acknowledges,
 * or exceptionally when it cannot within the delivery timeout.
 */
public final class RawStoryWriter implements AutoCloseable {
  private final Producer<String, RawStory> producer;
  private final Admin admin;
  private final AtomicBoolean brokerReachable = new AtomicBoolean(false);
  private final KafkaClientMetrics producerMetrics;

  public RawStoryWriter(KafkaSettings kafka, MeterRegistry metrics) {
    Map<String, Object> props = kafka.clientProps();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "newswire-ingest");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // An agency waits at most this long for an answer while the broker is down, then gets a 503.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), AvroSerdes.<RawStory>serializer(kafka, false));
    this.admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers(),
        "request.timeout.ms", 3000, "default.api.timeout.ms", 3000));
    this.producerMetrics = new KafkaClientMetrics(producer);
    producerMetrics.bindTo(metrics);
  }

  /** Sends a story keyed by its URN; completes when the broker acknowledged it. */
  public CompletableFuture<RecordMetadata> write(RawStory story) {
    CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
    try {
      producer.send(new ProducerRecord<>(Topics.RAW, story.getUrn(), story), (md, e) -> {
        if (e != null) {
          done.completeExceptionally(e);
        } else {
          done.complete(md);
        }
      });
    } catch (RuntimeException e) { // metadata unavailable within max.block.ms, serialization (registry) failure
      done.completeExceptionally(e);
    }
    return done;
  }

  /** Checks the broker in the background; {@link #brokerReachable()} reports the last answer. */
  public void checkBroker() {
    admin.describeCluster().nodes().whenComplete((nodes, e) -> brokerReachable.set(e == null && !nodes.isEmpty()));
  }

  public boolean brokerReachable() {
    return brokerReachable.get();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
    admin.close(Duration.ofSeconds(2));
    producerMetrics.close();
  }
}
