package io.newswire.publish.subscriptions;

import io.newswire.platform.AvroSerdes;
import io.newswire.platform.CompactedTopicMirror;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Supervisor;
import io.newswire.platform.TopicProvisioner;
import io.newswire.platform.TopicSerdes;
import io.newswire.platform.Topics;
import io.newswire.platform.WriteUnavailable;
import io.newswire.publish.core.subscriptions.Filter;
import io.newswire.publish.core.subscriptions.SavedFilters;
import io.newswire.publish.core.subscriptions.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribers' saved subscriptions: held in the compacted topic {@value #TOPIC} ({@link
 * io.newswire.schema.v1.Subscription}, Avro through the registry, keyed by {@code <owner>/<name>},
 * a tombstone on delete) and mirrored into memory by every publish instance ({@link
 * CompactedTopicMirror}, the loop {@code mirror-news.subscriptions.v1}), so that any instance
 * answers for any of them: another instance sees a change within moments, and {@link #fresh} waits
 * for what was written before it was called.
 *
 * <p>Bounded: a subscriber has at most {@link SubscriptionSettings#maxPerSubscriber()} of them and
 * the deployment at most {@link SubscriptionSettings#maxTotal()}; each one's size is bounded by
 * {@link Filter}. Records beyond the total, or that are not valid, are ignored (logged): a
 * subscription that is not held is unknown, never a filter that lets everything through.
 */
public final class SubscriptionRegistry implements SavedFilters, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionRegistry.class);
  public static final String TOPIC = Topics.SUBSCRIPTIONS;
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(3);

  private final KafkaSettings kafka;
  private final SubscriptionSettings settings;
  private final Supervisor loops;
  private final Map<String, Subscription> byKey = new ConcurrentHashMap<>();
  private final KafkaProducer<String, io.newswire.schema.v1.Subscription> producer;
  private final AtomicLong lastOverflowLog = new AtomicLong();
  private CompactedTopicMirror<String, io.newswire.schema.v1.Subscription> mirror;

  /** Creates the topic when provisioning has not; {@link #start} starts mirroring it. */
  public SubscriptionRegistry(
      KafkaSettings kafka, SubscriptionSettings settings, Supervisor loops) {
    this.kafka = kafka;
    this.settings = settings;
    this.loops = loops;
    ensureTopic(kafka);
    Map<String, Object> p = new HashMap<>(kafka.producerProps());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer =
        new KafkaProducer<>(p, new StringSerializer(), AvroSerdes.serializer(kafka, false));
  }

  /** The subscriptions are not loaded yet (the instance is starting): nothing can be said. */
  public static final class NotLoaded extends RuntimeException {
    NotLoaded() {
      super("the saved subscriptions are not loaded yet", null, false, false);
    }
  }

  /** Its owner, or the deployment, already has as many subscriptions as allowed. */
  public static final class LimitReached extends RuntimeException {
    private final boolean total;

    LimitReached(boolean total, int max) {
      super(
          total
              ? "at most " + max + " subscriptions in all"
              : "at most " + max + " subscriptions per subscriber",
          null,
          false,
          false);
      this.total = total;
    }

    /** Whether the deployment's limit was reached; else the subscriber's. */
    public boolean total() {
      return total;
    }
  }

  public SubscriptionSettings settings() {
    return settings;
  }

  /** Starts mirroring the topic. */
  public synchronized void start() {
    if (mirror == null) {
      mirror =
          new CompactedTopicMirror<>(
                  Topics.SAVED_SUBSCRIPTIONS, kafka, TopicSerdes.registry(kafka), this::apply)
              .start(loops, "mirror-" + TOPIC);
    }
  }

  private static void ensureTopic(KafkaSettings kafka) {
    try (Admin admin = Admin.create(kafka.clientProps())) {
      short rf = TopicProvisioner.replicationFactorOf(admin, Topics.PUBLISHED);
      List<String> created =
          new TopicProvisioner(admin, rf).createMissing(Topics.subscriptionSpecs(rf));
      if (!created.isEmpty()) {
        log.info("created {} (replication factor {}): provisioning had not", created, rf);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + TOPIC, e);
    }
  }

  /** Whether everything the topic held when the instance started is in memory. */
  public boolean isLoaded() {
    CompactedTopicMirror<?, ?> m = mirror;
    return m != null && m.isLoaded();
  }

  /**
   * {@code owner}'s subscription {@code name} as this instance holds it.
   *
   * @throws NotLoaded while the topic is still being read at start
   */
  public Optional<Subscription> get(String owner, String name) {
    if (!isLoaded()) {
      throw new NotLoaded();
    }
    return Optional.ofNullable(byKey.get(Subscription.key(owner, name)));
  }

  /**
   * Like {@link #get}, but when this instance does not hold it, first waits (a few seconds at most)
   * until everything written before the call is applied: one saved a moment ago through another
   * instance is found.
   */
  public Optional<Subscription> fresh(String owner, String name) {
    Optional<Subscription> s = get(owner, name);
    if (s.isPresent()) {
      return s;
    }
    try {
      mirror.sync(SYNC_TIMEOUT).get(SYNC_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WriteUnavailable(e);
    } catch (Exception e) {
      throw new WriteUnavailable(e);
    }
    return get(owner, name);
  }

  /** For webhook delivery: empty while not loaded, or when there is none of that name. */
  @Override
  public Optional<Filter> find(String owner, String name) {
    if (!isLoaded()) {
      return Optional.empty();
    }
    Subscription s = byKey.get(Subscription.key(owner, name));
    return s == null ? Optional.empty() : Optional.of(s.filter());
  }

  /** {@code owner}'s subscriptions, by name. */
  public List<Subscription> of(String owner) {
    if (!isLoaded()) {
      throw new NotLoaded();
    }
    return byKey.values().stream()
        .filter(s -> s.owner().equals(owner))
        .sorted(Comparator.comparing(Subscription::name))
        .toList();
  }

  /** Every subscription, by owner and name. */
  public List<Subscription> all() {
    if (!isLoaded()) {
      throw new NotLoaded();
    }
    return byKey.values().stream()
        .sorted(Comparator.comparing(Subscription::owner).thenComparing(Subscription::name))
        .toList();
  }

  /** What {@link #put} did: the subscription as stored, and whether it is new. */
  public record Saved(Subscription subscription, boolean created) {}

  /**
   * Saves {@code owner}'s subscription {@code name} (new, or replacing the one of that name) and
   * returns it once Kafka has acknowledged it, as every instance reads it (times to the
   * millisecond).
   *
   * @throws LimitReached when it is new and its owner, or the deployment, has as many as allowed
   * @throws NotLoaded while the topic is still being read at start
   * @throws WriteUnavailable when Kafka or the registry did not take it: nothing was saved
   */
  public synchronized Saved put(String owner, String name, Filter filter, Instant now) {
    Instant t = now.truncatedTo(ChronoUnit.MILLIS);
    Optional<Subscription> existing = get(owner, name);
    if (existing.isEmpty()) {
      if (of(owner).size() >= settings.maxPerSubscriber()) {
        throw new LimitReached(false, settings.maxPerSubscriber());
      }
      if (byKey.size() >= settings.maxTotal()) {
        throw new LimitReached(true, settings.maxTotal());
      }
    }
    Subscription s =
        existing
            .map(e -> e.replacedBy(filter, t))
            .orElseGet(() -> new Subscription(owner, name, filter, t, t));
    send(s.key(), SubscriptionRecords.record(s));
    byKey.put(s.key(), s);
    return new Saved(s, existing.isEmpty());
  }

  /**
   * Deletes {@code owner}'s subscription {@code name} (a tombstone).
   *
   * @throws WriteUnavailable when Kafka did not take the tombstone: nothing was changed
   */
  public synchronized void remove(String owner, String name) {
    String key = Subscription.key(owner, name);
    send(key, null);
    byKey.remove(key);
  }

  private void send(String key, io.newswire.schema.v1.Subscription value) {
    try {
      producer
          .send(new ProducerRecord<>(TOPIC, key, value))
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WriteUnavailable(e);
    } catch (Exception e) {
      throw new WriteUnavailable(e);
    }
  }

  private synchronized void apply(String key, io.newswire.schema.v1.Subscription value) {
    if (value == null) {
      byKey.remove(key);
      return;
    }
    Subscription s;
    try {
      s = SubscriptionRecords.subscription(value);
    } catch (RuntimeException e) {
      log.warn("ignoring an invalid saved subscription {}: {}", key, e.getMessage());
      byKey.remove(key);
      return;
    }
    if (!s.key().equals(key)) {
      log.warn("ignoring the saved subscription {}: its record is {}'s", key, s.key());
      return;
    }
    if (!byKey.containsKey(key) && byKey.size() >= settings.maxTotal()) {
      long now = System.nanoTime();
      long last = lastOverflowLog.get();
      if (last == 0 || now - last > TimeUnit.MINUTES.toNanos(1)) {
        lastOverflowLog.set(now == 0 ? 1 : now);
        log.error(
            "{} holds more than PUBLISH_MAX_SUBSCRIPTIONS ({}) subscriptions: {} and others are"
                + " not loaded (unknown to the API and to webhooks)",
            TOPIC,
            settings.maxTotal(),
            key);
      }
      return;
    }
    byKey.put(key, s);
  }

  @Override
  public void close() {
    CompactedTopicMirror<?, ?> m;
    synchronized (this) {
      m = mirror;
    }
    if (m != null) {
      m.close();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
