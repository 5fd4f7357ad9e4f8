package io.newswire.publish.example;

import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.newswire.schema.v1.NewsEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A downstream consumer of news.published.v1, as docs/publish.md shows it: plain Kafka consumer,
 * values read with the registry's Avro deserializer into the generated {@code NewsEvent} class
 * (from the {@code schemas} artifact), CloudEvents attributes from the headers, deduplicated on
 * {@code ce_id}.
 *
 * <pre>
 * java NewsEventConsumerExample 127.0.0.1:9092 http://127.0.0.1:8085 my-team-news
 * </pre>
 */
public final class NewsEventConsumerExample {
  private NewsEventConsumerExample() {}

  public static void main(String[] args) {
    String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
    String registry = args.length > 1 ? args[1] : "http://127.0.0.1:8085";
    String group = args.length > 2 ? args[2] : "example-news-consumer";
    consume(
        bootstrap,
        registry,
        group,
        (event, ceId) -> {
          System.out.printf(
              "%s %s v%s [%s] %s%n",
              ceId,
              event.getEventType(),
              event.getVersion(),
              event.getLanguage(),
              event.getHeadlines().get(0).getValue());
          return false; // run until killed
        });
  }

  /** What to do with each event; return true to stop. */
  public interface Handler {
    boolean handle(NewsEvent event, String ceId);
  }

  public static void consume(
      String bootstrap, String registryUrl, String groupId, Handler handler) {
    // Avro only instantiates classes it trusts: trust the generated contract classes
    // (io.newswire.schema.*).
    io.newswire.schema.Contracts.trustGeneratedClasses();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed"); // only events of committed transactions
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class);
    // Apicurio Registry: records carry a 4-byte content id (Confluent wire format)
    props.put(SerdeConfig.REGISTRY_URL, registryUrl + "/apis/registry/v2");
    props.put(SerdeConfig.ID_HANDLER, "io.apicurio.registry.serde.Legacy4ByteIdHandler");
    props.put(SerdeConfig.USE_ID, "contentId");
    props.put(SerdeConfig.ENABLE_HEADERS, false);
    props.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true);

    java.util.Set<String> seen =
        java.util.Collections.newSetFromMap(
            new java.util.LinkedHashMap<>() {
              @Override
              protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > 100_000; // remember recent ids only
              }
            });
    try (KafkaConsumer<String, NewsEvent> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of("news.published.v1"));
      while (true) {
        for (ConsumerRecord<String, NewsEvent> r : consumer.poll(Duration.ofMillis(500))) {
          String ceId = header(r, "ce_id");
          if (!seen.add(ceId)) {
            continue; // a replayed event: already handled
          }
          if (handler.handle(r.value(), ceId)) {
            consumer.commitSync();
            return;
          }
        }
      }
    }
  }

  static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Stops at the first event for which {@code until} holds. */
  public static Handler until(Predicate<NewsEvent> until) {
    return (e, id) -> until.test(e);
  }
}
