package io.newswire.publish.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.Supervisor;
import io.newswire.platform.TopicProvisioner;
import io.newswire.platform.Topics;
import io.newswire.publish.core.StreamPosition;
import io.newswire.publish.core.Webhook;
import io.newswire.schema.v1.NewsEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery side of webhooks: holds the registrations, runs one {@link WebhookWorker} per registration and keeps
 * the deliveries parked after their last attempt. The HTTP API ({@code io.newswire.publish.http.WebhooksApi}) reads
 * and changes the registrations through it.
 *
 * <p>Registrations live in the compacted topic {@value #TOPIC} (JSON, keyed by webhook id, a tombstone on delete);
 * parked deliveries in {@value #PARKED_TOPIC} (JSON, keyed by webhook id, kept 30 days). Both are in the topic
 * catalogue ({@link Topics#webhookSpecs}), so provisioning creates them; publish-service creates them at start from
 * the same specs when they are missing. Every instance mirrors both topics into memory, runs one {@link WebhookWorker}
 * per registration, and answers from its mirror (another instance sees a change within moments). The mirrors and the
 * workers are loops of the service's {@link Supervisor}: restarted after a failure, shown in readiness.
 */
public final class WebhookRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookRegistry.class);

  public static final String TOPIC = Topics.WEBHOOKS;
  public static final String PARKED_TOPIC = Topics.WEBHOOKS_PARKED;

  private final KafkaSettings kafka;
  private final String applicationId;
  private final WebhookSettings settings;
  private final Function<ConsumerRecord<String, NewsEvent>, ObjectNode> toJson;
  private final Map<String, Webhook> hooks = new ConcurrentHashMap<>();
  private final Map<String, WebhookWorker> workers = new ConcurrentHashMap<>();
  private final Map<String, List<JsonNode>> parked = new ConcurrentHashMap<>();
  private final List<Supervisor.Loop> mirrors = new ArrayList<>();
  private final KafkaProducer<String, String> producer;
  private final Admin admin;
  private final Supervisor loops;
  private volatile boolean closed;

  /**
   * @param toJson what a worker POSTs for a published record (a CloudEvent)
   * @param loops runs the mirrors and the workers
   */
  public WebhookRegistry(KafkaSettings kafka, String applicationId, WebhookSettings settings,
      Function<ConsumerRecord<String, NewsEvent>, ObjectNode> toJson, Supervisor loops) {
    this.kafka = kafka;
    this.loops = loops;
    this.applicationId = applicationId;
    this.settings = settings;
    this.toJson = toJson;
    this.admin = Admin.create(kafka.clientProps());
    ensureTopics();
    Map<String, Object> p = new HashMap<>(kafka.producerProps()); // a parked delivery holds a whole event
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  /** Kafka did not answer in time: nothing was changed. */
  public static final class Unavailable extends RuntimeException {
    Unavailable(Exception cause) {
      super("Kafka did not answer in time (" + cause.getClass().getSimpleName() + ")", cause);
    }
  }

  /** Starts mirroring both topics; each registration read gets its worker. */
  public synchronized void start() {
    Mirror registrations = new Mirror(TOPIC, this::applyRegistration);
    Mirror parkedDeliveries = new Mirror(PARKED_TOPIC, this::applyParked);
    mirrors.add(loops.start("mirror-" + TOPIC, registrations::run));
    mirrors.add(loops.start("mirror-" + PARKED_TOPIC, parkedDeliveries::run));
  }

  /**
   * Creates the two webhook topics when provisioning has not: the catalogue's specs ({@link Topics#webhookSpecs}) for
   * the replication factor of {@link Topics#PUBLISHED} (what provisioning gave the pipeline), or 1 without it.
   */
  private void ensureTopics() {
    try {
      short rf = replicationFactorOf(Topics.PUBLISHED);
      List<String> created =
          new TopicProvisioner(admin, rf).createMissing(Topics.webhookSpecs(kafka.storyLimits(), rf));
      if (!created.isEmpty()) {
        log.info("created {} (replication factor {}): provisioning had not", created, rf);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admin.close();
      throw new IllegalStateException("interrupted while creating the webhook topics", e);
    } catch (RuntimeException e) {
      admin.close();
      throw e;
    }
  }

  private short replicationFactorOf(String topic) throws InterruptedException {
    try {
      return (short) admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
          .partitions().get(0).replicas().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return 1;
      }
      throw new IllegalStateException("could not describe " + topic + ": " + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("timed out describing " + topic, e);
    }
  }

  /** Where news.published.v1 ends now (last stable offsets): a new subscriber gets everything after. */
  public StreamPosition publishedEnd() {
    try {
      var parts = admin.describeTopics(List.of(Topics.PUBLISHED)).allTopicNames().get(10, TimeUnit.SECONDS)
          .get(Topics.PUBLISHED).partitions();
      Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
      parts.forEach(p -> spec.put(new TopicPartition(Topics.PUBLISHED, p.partition()), OffsetSpec.latest()));
      Map<Integer, Long> next = new HashMap<>();
      admin.listOffsets(spec, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS)
          .forEach((tp, r) -> next.put(tp.partition(), r.offset()));
      return new StreamPosition(next);
    } catch (Exception e) {
      throw unavailable(e);
    }
  }

  /**
   * Stores a new registration ({@link Webhook#register} validated it) and starts its worker; returns it as stored.
   *
   * @throws Unavailable when Kafka did not take it: nothing was stored
   */
  public Webhook add(Webhook h) {
    send(new ProducerRecord<>(TOPIC, h.id(), stored(h)));
    applyRegistration(h.id(), stored(h));
    return h;
  }

  /**
   * Deletes a registration (a tombstone) and stops its worker.
   *
   * @throws Unavailable when Kafka did not take the tombstone: nothing was changed
   */
  public void remove(String id) {
    send(new ProducerRecord<>(TOPIC, id, null));
    applyRegistration(id, null);
  }

  /** The registration with this id, as this instance's mirror holds it. */
  public Optional<Webhook> get(String id) {
    return Optional.ofNullable(hooks.get(id));
  }

  /** Every registration, oldest first. */
  public List<Webhook> all() {
    return hooks.values().stream().sorted(Comparator.comparing(Webhook::createdAt)).toList();
  }

  /** The deliveries of a webhook parked after their last attempt, in the order they were parked. */
  public List<JsonNode> parked(String webhookId) {
    List<JsonNode> list = parked.getOrDefault(webhookId, List.of());
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  private void send(ProducerRecord<String, String> r) {
    try {
      producer.send(r).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw unavailable(e);
    }
  }

  private static Unavailable unavailable(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new Unavailable(e);
  }

  /** A registration as stored in {@value #TOPIC}. */
  static String stored(Webhook h) {
    ObjectNode o = ServiceHttp.JSON.createObjectNode();
    o.put("id", h.id());
    o.put("url", h.url());
    ArrayNode tags = o.putArray("tags");
    h.tags().forEach(tags::add);
    o.put("secret", h.secret());
    o.put("createdAt", h.createdAt().toString());
    o.put("start", h.start() == null ? null : h.start().encode());
    return o.toString();
  }

  static Webhook parse(String json) throws java.io.IOException {
    JsonNode n = ServiceHttp.JSON.readTree(json);
    List<String> tags = new ArrayList<>();
    n.path("tags").forEach(t -> tags.add(t.asText()));
    String start = n.path("start").isTextual() ? n.get("start").asText() : null;
    return new Webhook(n.get("id").asText(), n.get("url").asText(), tags, n.get("secret").asText(),
        Instant.parse(n.get("createdAt").asText()), start == null ? null : StreamPosition.decode(start));
  }

  private synchronized void applyRegistration(String id, String value) {
    if (closed) {
      return;
    }
    if (value == null) {
      hooks.remove(id);
      WebhookWorker w = workers.remove(id);
      if (w != null) {
        w.stop();
      }
      return;
    }
    Webhook h;
    try {
      h = parse(value);
    } catch (Exception e) {
      log.warn("ignoring unreadable webhook registration {}: {}", id, e.toString());
      return;
    }
    hooks.put(id, h);
    if (!workers.containsKey(id)) {
      BiConsumer<Webhook, ObjectNode> park = (hook, entry) -> send(new ProducerRecord<>(PARKED_TOPIC, hook.id(),
          entry.toString()));
      WebhookWorker w = new WebhookWorker(h, kafka, applicationId + "-webhook-" + id, settings, toJson, park);
      w.start(loops, "webhook-" + id);
      workers.put(id, w);
    }
  }

  private void applyParked(String webhookId, String value) {
    if (value == null) {
      return;
    }
    try {
      List<JsonNode> list = parked.computeIfAbsent(webhookId, k -> java.util.Collections.synchronizedList(
          new ArrayList<>()));
      list.add(ServiceHttp.JSON.readTree(value));
    } catch (java.io.IOException e) {
      log.warn("ignoring unreadable parked delivery of {}: {}", webhookId, e.toString());
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    mirrors.forEach(Supervisor.Loop::stop);
    workers.values().forEach(WebhookWorker::stop);
    mirrors.forEach(Supervisor.Loop::close);
    workers.values().forEach(WebhookWorker::close);
    workers.clear();
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }

  /**
   * Reads a topic from its beginning, forever, applying each record (key, value or null) in order, as a supervised
   * loop; after a failure a new consumer goes on after the last record applied (nothing is applied twice).
   */
  private final class Mirror {
    private final String topic;
    private final BiConsumer<String, String> apply;
    private final Map<TopicPartition, Long> next = new HashMap<>();

    Mirror(String topic, BiConsumer<String, String> apply) {
      this.topic = topic;
      this.apply = apply;
    }

    void run(Supervisor.Loop loop) {
      Map<String, Object> p = new HashMap<>(kafka.clientProps());
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
          new StringDeserializer())) {
        loop.onStop(consumer::wakeup);
        List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
            .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        for (TopicPartition tp : parts) {
          if (next.containsKey(tp)) {
            consumer.seek(tp, next.get(tp));
          } else {
            consumer.seekToBeginning(List.of(tp));
          }
        }
        while (loop.running()) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(250))) {
            apply.accept(r.key(), r.value());
            next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
          }
          loop.healthy();
        }
      }
    }
  }
}
