package io.newswire.publish.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.CompactedTopicMirror;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Supervisor;
import io.newswire.platform.TopicProvisioner;
import io.newswire.platform.TopicSerdes;
import io.newswire.platform.Topics;
import io.newswire.platform.WriteUnavailable;
import io.newswire.publish.core.SecretKeys;
import io.newswire.publish.core.StreamPosition;
import io.newswire.publish.core.Webhook;
import io.newswire.publish.core.subscriptions.SavedFilters;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.ParkedDelivery;
import io.newswire.schema.v1.WebhookRegistration;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery side of webhooks: holds the registrations, runs one {@link WebhookWorker} per
 * registration and keeps the deliveries parked after their last attempt. The HTTP API ({@code
 * io.newswire.publish.http.WebhooksApi}) reads and changes the registrations through it.
 *
 * <p>Registrations live in the compacted topic {@value #TOPIC} ({@link WebhookRegistration}, keyed
 * by webhook id, a tombstone on delete); parked deliveries in {@value #PARKED_TOPIC} ({@link
 * ParkedDelivery}, keyed by webhook id, kept 30 days). Both are Avro in the Confluent wire format
 * through the registry ({@link AvroSerdes}), like every topic, and in the topic catalogue ({@link
 * Topics#webhookSpecs}), so provisioning creates them and registers their schemas; publish-service
 * creates them at start from the same specs when they are missing. Every instance mirrors both
 * topics into memory, runs one {@link WebhookWorker} per registration, and answers from its mirror
 * (another instance sees a change within moments). The mirrors and the workers are loops of the
 * service's {@link Supervisor}: restarted after a failure, shown in readiness.
 *
 * <p>A registration's secret is sealed ({@link SecretKeys}: AES-GCM, the webhook id as additional
 * data) before it is written, and opened when it is read; one whose secret does not open (its key
 * is not configured) is listed but not delivered until its owner rotates the secret or the key is
 * configured again. Registrations from before secrets were sealed (secret in clear) are read as
 * they are; {@link #reseal} writes them, and those sealed under a key that is not the current one,
 * sealed with the current key.
 */
public final class WebhookRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookRegistry.class);

  public static final String TOPIC = Topics.WEBHOOKS;
  public static final String PARKED_TOPIC = Topics.WEBHOOKS_PARKED;

  private final KafkaSettings kafka;
  private final String applicationId;
  private final WebhookSettings settings;
  private final Function<ConsumerRecord<String, NewsEvent>, ObjectNode> toJson;
  private final SavedFilters saved;
  private final Map<String, Webhook> hooks = new ConcurrentHashMap<>();

  /** The id of the key each registration's secret is sealed with; "" if it is in clear. */
  private final Map<String, String> keyIds = new ConcurrentHashMap<>();

  private final Map<String, WebhookWorker> workers = new ConcurrentHashMap<>();
  private final Map<String, List<ParkedDelivery>> parked = new ConcurrentHashMap<>();
  private final List<CompactedTopicMirror<String, ?>> mirrors = new ArrayList<>();
  private final KafkaProducer<String, SpecificRecord> producer;
  private final Admin admin;
  private final Supervisor loops;
  private volatile boolean closed;

  /**
   * @param toJson what a worker POSTs for a published record (a CloudEvent)
   * @param saved the saved subscriptions a webhook may name ({@link Webhook#subscription()})
   * @param loops runs the mirrors and the workers
   */
  public WebhookRegistry(
      KafkaSettings kafka,
      String applicationId,
      WebhookSettings settings,
      Function<ConsumerRecord<String, NewsEvent>, ObjectNode> toJson,
      SavedFilters saved,
      Supervisor loops) {
    this.kafka = kafka;
    this.saved = saved;
    this.loops = loops;
    this.applicationId = applicationId;
    this.settings = settings;
    this.toJson = toJson;
    if (settings.secretKeys().isEmpty()) {
      log.warn(
          "PUBLISH_WEBHOOK_SECRET_KEYS (or PUBLISH_WEBHOOK_SECRET_KEYS_FILE) is not set: webhooks"
              + " cannot be registered, and registrations whose secret is sealed are not delivered");
    } else {
      log.info(
          "webhook secrets are sealed with the key '{}'; keys that open: {}",
          settings.secretKeys().currentId().orElseThrow(),
          settings.secretKeys().ids());
    }
    this.admin = Admin.create(kafka.clientProps());
    ensureTopics();
    Map<String, Object> p =
        new HashMap<>(kafka.producerProps()); // a parked delivery holds a whole event
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer =
        new KafkaProducer<>(p, new StringSerializer(), AvroSerdes.serializer(kafka, false));
  }

  public WebhookSettings settings() {
    return settings;
  }

  /** Starts mirroring both topics; each registration read gets its worker. */
  public synchronized void start() {
    TopicSerdes serdes = skippingJson(TopicSerdes.registry(kafka));
    mirrors.add(
        new CompactedTopicMirror<>(
                Topics.WEBHOOK_REGISTRATIONS, kafka, serdes, this::applyRegistration)
            .start(loops, "mirror-" + TOPIC));
    mirrors.add(
        new CompactedTopicMirror<>(Topics.PARKED_DELIVERIES, kafka, serdes, this::applyParked)
            .start(loops, "mirror-" + PARKED_TOPIC));
  }

  /**
   * Creates the two webhook topics when provisioning has not: the catalogue's specs ({@link
   * Topics#webhookSpecs}) for the replication factor of {@link Topics#PUBLISHED} (what provisioning
   * gave the pipeline), or 1 without it.
   */
  private void ensureTopics() {
    try {
      short rf = TopicProvisioner.replicationFactorOf(admin, Topics.PUBLISHED);
      List<String> created =
          new TopicProvisioner(admin, rf)
              .createMissing(Topics.webhookSpecs(kafka.storyLimits(), rf));
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

  /**
   * Where news.published.v1 ends now (last stable offsets): a new subscriber gets everything after.
   */
  public StreamPosition publishedEnd() {
    try {
      var parts =
          admin
              .describeTopics(List.of(Topics.PUBLISHED))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .get(Topics.PUBLISHED)
              .partitions();
      Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
      parts.forEach(
          p -> spec.put(new TopicPartition(Topics.PUBLISHED, p.partition()), OffsetSpec.latest()));
      Map<Integer, Long> next = new HashMap<>();
      admin
          .listOffsets(spec, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get(10, TimeUnit.SECONDS)
          .forEach((tp, r) -> next.put(tp.partition(), r.offset()));
      return new StreamPosition(next);
    } catch (Exception e) {
      throw unavailable(e);
    }
  }

  /** Its owner already has as many webhooks as allowed. */
  public static final class LimitReached extends RuntimeException {
    LimitReached(int max) {
      super("at most " + max + " webhooks per subscriber", null, false, false);
    }
  }

  /** No key seals secrets: PUBLISH_WEBHOOK_SECRET_KEYS is not set. */
  public static final class NoSecretKey extends RuntimeException {
    NoSecretKey() {
      super("no webhook secret key is configured", null, false, false);
    }
  }

  /**
   * Stores a new registration ({@link Webhook#register} validated it) and starts its worker;
   * returns it as stored and as every instance reads it ({@code createdAt} to the millisecond).
   *
   * @throws LimitReached when its owner has {@link WebhookSettings#maxPerSubscriber} webhooks (as
   *     this instance's mirror holds them)
   * @throws NoSecretKey when no key seals secrets
   * @throws WriteUnavailable when Kafka or the registry did not take it: nothing was stored
   */
  public synchronized Webhook add(Webhook h) {
    if (settings.secretKeys().isEmpty()) {
      throw new NoSecretKey();
    }
    if (ownedBy(h.owner()) >= settings.maxPerSubscriber()) {
      throw new LimitReached(settings.maxPerSubscriber());
    }
    return write(h);
  }

  /** How many webhooks {@code owner} has. */
  public long ownedBy(String owner) {
    return hooks.values().stream().filter(w -> w.owner().equals(owner)).count();
  }

  /**
   * Gives webhook {@code id} a new secret, sealed with the current key; its worker signs the next
   * attempt with it.
   *
   * @throws NoSecretKey when no key seals secrets
   * @throws WriteUnavailable when Kafka or the registry did not take it: nothing was changed
   */
  public synchronized Optional<Webhook> rotate(String id, String newSecret) {
    if (settings.secretKeys().isEmpty()) {
      throw new NoSecretKey();
    }
    Webhook h = hooks.get(id);
    return h == null ? Optional.empty() : Optional.of(write(h.withSecret(newSecret)));
  }

  /**
   * Seals again, with the current key, every registration whose secret is in clear (written before
   * secrets were sealed) or sealed under another key, so that the old key can be dropped; how many
   * were rewritten. Those whose secret does not open are left as they are.
   *
   * @throws NoSecretKey when no key seals secrets
   * @throws WriteUnavailable when Kafka or the registry did not take one: those before it were
   *     rewritten
   */
  public synchronized int reseal() {
    if (settings.secretKeys().isEmpty()) {
      throw new NoSecretKey();
    }
    int n = 0;
    for (Webhook h : all()) {
      String keyId = keyIds.getOrDefault(h.id(), "");
      if (h.secret() != null
          && (keyId.isEmpty() || settings.secretKeys().isStale(keyId))
          && hooks.containsKey(h.id())) {
        write(h);
        n++;
      }
    }
    log.info("sealed {} webhook secrets again with the key '{}'", n, currentKeyId());
    return n;
  }

  private String currentKeyId() {
    return settings.secretKeys().currentId().orElse("");
  }

  private Webhook write(Webhook h) {
    WebhookRegistration r = registration(h, settings.secretKeys());
    send(new ProducerRecord<>(TOPIC, h.id(), r));
    applyRegistration(h.id(), r);
    return hooks.getOrDefault(h.id(), h);
  }

  /**
   * Deletes a registration (a tombstone) and stops its worker.
   *
   * @throws WriteUnavailable when Kafka did not take the tombstone: nothing was changed
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
  public List<ParkedDelivery> parked(String webhookId) {
    List<ParkedDelivery> list = parked.getOrDefault(webhookId, List.of());
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  private void send(ProducerRecord<String, SpecificRecord> r) {
    try {
      producer.send(r).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw unavailable(e);
    }
  }

  private static WriteUnavailable unavailable(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new WriteUnavailable(e);
  }

  /** A registration as stored in {@value #TOPIC}: its secret sealed with the current key. */
  static WebhookRegistration registration(Webhook h, SecretKeys keys) {
    Map<String, Long> start = null;
    if (h.start() != null) {
      start = new HashMap<>();
      for (Map.Entry<Integer, Long> e : h.start().next().entrySet()) {
        start.put(Integer.toString(e.getKey()), e.getValue());
      }
    }
    SecretKeys.Sealed sealed = keys.seal(h.secret(), h.id());
    return WebhookRegistration.newBuilder()
        .setId(h.id())
        .setUrl(h.url())
        .setTags(h.tags())
        .setSecret("")
        .setCreatedAt(h.createdAt().truncatedTo(ChronoUnit.MILLIS))
        .setStart(start)
        .setOwner(h.owner())
        .setSealedSecret(ByteBuffer.wrap(sealed.bytes()))
        .setSecretKeyId(sealed.keyId())
        .setMaxUrgency(h.maxUrgency())
        .setSubscription(h.subscription())
        .build();
  }

  /**
   * A registration read from {@value #TOPIC}, its secret opened (null when it does not open: its
   * key is not configured, or the record was tampered with); one that is not valid is an
   * IllegalArgumentException.
   */
  static Webhook webhook(WebhookRegistration r, SecretKeys keys) {
    StreamPosition start = null;
    if (r.getStart() != null) {
      Map<Integer, Long> next = new HashMap<>();
      r.getStart().forEach((partition, offset) -> next.put(Integer.parseInt(partition), offset));
      start = new StreamPosition(next);
    }
    String secret;
    if (r.getSealedSecret() != null) {
      ByteBuffer b = r.getSealedSecret().duplicate();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      try {
        secret = keys.open(new SecretKeys.Sealed(r.getSecretKeyId(), bytes), r.getId());
      } catch (SecretKeys.CannotOpen e) {
        log.error(
            "webhook {}: its secret does not open ({}): not delivered", r.getId(), e.getMessage());
        secret = null;
      }
    } else {
      secret = r.getSecret().isEmpty() ? null : r.getSecret(); // written before secrets were sealed
    }
    return new Webhook(
        r.getId(),
        r.getOwner(),
        r.getUrl(),
        r.getTags(),
        secret,
        r.getCreatedAt(),
        start,
        r.getMaxUrgency(),
        r.getSubscription());
  }

  private synchronized void applyRegistration(String id, WebhookRegistration value) {
    if (closed) {
      return;
    }
    if (value == null) {
      hooks.remove(id);
      keyIds.remove(id);
      WebhookWorker w = workers.remove(id);
      if (w != null) {
        w.stop();
      }
      return;
    }
    Webhook h;
    try {
      h = webhook(value, settings.secretKeys());
    } catch (Exception e) {
      log.warn("ignoring unreadable webhook registration {}: {}", id, e.getClass().getSimpleName());
      return;
    }
    hooks.put(id, h);
    keyIds.put(id, value.getSealedSecret() == null ? "" : value.getSecretKeyId());
    WebhookWorker existing = workers.get(id);
    if (h.secret() == null) {
      if (existing != null) { // nothing to sign with: not delivered
        workers.remove(id).stop();
      }
      return;
    }
    if (existing != null) {
      existing.update(h);
    } else {
      Consumer<ParkedDelivery> park =
          d -> send(new ProducerRecord<>(PARKED_TOPIC, d.getWebhookId(), d));
      WebhookWorker w =
          new WebhookWorker(
              h, kafka, applicationId + "-webhook-" + id, settings, toJson, saved, park);
      w.start(loops, "webhook-" + id);
      workers.put(id, w);
    }
  }

  private void applyParked(String webhookId, ParkedDelivery value) {
    if (value == null) {
      return;
    }
    parked
        .computeIfAbsent(webhookId, k -> Collections.synchronizedList(new ArrayList<>()))
        .add(value);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    workers.values().forEach(WebhookWorker::stop);
    mirrors.forEach(CompactedTopicMirror::close);
    workers.values().forEach(WebhookWorker::close);
    workers.clear();
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }

  /**
   * {@code serdes} whose Avro deserializers read a value written as JSON by an older
   * publish-service as null.
   */
  static TopicSerdes skippingJson(TopicSerdes serdes) {
    return new TopicSerdes() {
      @Override
      public <T extends SpecificRecord> Serde<T> avro(Class<T> type, boolean isKey) {
        Serde<T> avro = serdes.avro(type, isKey);
        return Serdes.serdeFrom(avro.serializer(), new SkipJson<>(avro.deserializer()));
      }
    };
  }

  /**
   * Reads a record that an older publish-service wrote as JSON, before the webhook topics had a
   * schema, as null (a registration that is not delivered any more: register it again; a parked
   * delivery that is not listed), with a warning, instead of failing the mirror on it at every
   * restart. Every other value goes to the Avro deserializer.
   */
  record SkipJson<V>(Deserializer<V> avro) implements Deserializer<V> {
    @Override
    public V deserialize(String topic, byte[] data) {
      return isJson(topic, data) ? null : avro.deserialize(topic, data);
    }

    @Override
    public V deserialize(String topic, Headers headers, byte[] data) {
      return isJson(topic, data) ? null : avro.deserialize(topic, headers, data);
    }

    private static boolean isJson(String topic, byte[] data) {
      if (data == null || data.length == 0 || data[0] != '{') {
        return false;
      }
      log.warn(
          "ignoring a record of {} written as JSON by an older publish-service (the topic is Avro now)",
          topic);
      return true;
    }

    @Override
    public void close() {
      avro.close();
    }
  }
}
