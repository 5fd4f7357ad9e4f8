package io.newswire.publish.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.Supervisor;
import io.newswire.platform.Topics;
import io.newswire.publish.core.NewsEvents;
import io.newswire.publish.core.Webhook;
import io.newswire.publish.core.WebhookSignature;
import io.newswire.publish.core.subscriptions.Filter;
import io.newswire.publish.core.subscriptions.SavedFilters;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.ParkedDelivery;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.hc.core5.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one subscriber's events, in its own supervised loop (thread), with its own consumer
 * group and its own HTTP client: a subscriber that is down or slow only ever waits for itself.
 *
 * <p>The group ({@code <application id>-webhook-<webhook id>}) reads news.published.v1 from where
 * the topic ended when the webhook was registered; the instances of publish-service share its
 * partitions. Each matching event is POSTed (CloudEvents JSON, signed), retried with exponential
 * backoff, and parked after the last attempt (a {@link io.newswire.schema.v1.ParkedDelivery} handed
 * to {@link WebhookRegistry}); the offset is committed once the event is delivered or parked, so a
 * crash redelivers (at least once: receivers deduplicate on the CloudEvent id). Its HTTP client
 * ({@link WebhookHttp}) reaches only addresses the address policy permits, and follows no redirect.
 */
final class WebhookWorker {
  private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);
  private static final int MAX_POLL_RECORDS = 10;

  private static final ContentType CLOUDEVENTS =
      ContentType.create("application/cloudevents+json", StandardCharsets.UTF_8);

  private volatile Webhook hook;
  private final KafkaSettings kafka;
  private final String groupId;
  private final WebhookSettings settings;
  private final Function<ConsumerRecord<String, NewsEvent>, ObjectNode> toJson;
  private final Consumer<ParkedDelivery> park;
  private final SavedFilters saved;
  private final WebhookHttp http;
  private long lastWaitLog;
  private Supervisor.Loop loop;

  WebhookWorker(
      Webhook hook,
      KafkaSettings kafka,
      String groupId,
      WebhookSettings settings,
      Function<ConsumerRecord<String, NewsEvent>, ObjectNode> toJson,
      SavedFilters saved,
      Consumer<ParkedDelivery> park) {
    this.hook = hook;
    this.saved = saved;
    this.kafka = kafka;
    this.groupId = groupId;
    this.settings = settings;
    this.toJson = toJson;
    this.park = park;
    this.http = new WebhookHttp(settings);
  }

  /** The registration changed (its secret was rotated): the next attempt signs with the new one. */
  void update(Webhook h) {
    this.hook = h;
  }

  /**
   * Runs as the loop {@code name} of {@code loops}: restarted after a failure, from the last
   * committed event.
   */
  void start(Supervisor loops, String name) {
    loop = loops.start(name, this::run);
  }

  private void run(Supervisor.Loop loop) {
    Thread thread = Thread.currentThread();
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
    // A killed instance's share of the deliveries waits this long for the group to hand it over
    // (the chaos harness
    // measured 45 s with the client's default); KAFKA_CLIENT_SESSION_TIMEOUT_MS overrides it, as
    // for Streams.
    props.putIfAbsent(
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
        io.newswire.platform.StreamsApp.DEFAULT_SESSION_TIMEOUT_MS);
    props.put(
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
        (int)
            Math.min(
                Integer.MAX_VALUE,
                settings.worstCasePerRecord().toMillis() * MAX_POLL_RECORDS + 60_000));
    try (KafkaConsumer<String, NewsEvent> c =
        new KafkaConsumer<>(
            props, new StringDeserializer(), AvroSerdes.<NewsEvent>deserializer(kafka, false))) {
      loop.onStop(
          () -> { // out of a poll, or out of an HTTP attempt
            c.wakeup();
            http.abort();
            thread.interrupt();
          });
      c.subscribe(List.of(Topics.PUBLISHED), new StartAtRegistration(c));
      while (loop.running()) {
        Optional<List<Filter>> filters = filters();
        if (filters.isEmpty()) { // its saved subscription is missing: wait, deliver nothing
          c.pause(c.assignment());
        } else if (!c.paused().isEmpty()) {
          c.resume(c.paused());
        }
        ConsumerRecords<String, NewsEvent> records = c.poll(Duration.ofMillis(250));
        if (filters.isEmpty()) {
          // partitions assigned during the poll were not paused: read their records again later
          for (TopicPartition p : records.partitions()) {
            c.seek(p, records.records(p).get(0).offset());
          }
          loop.healthy();
          continue;
        }
        for (ConsumerRecord<String, NewsEvent> r : records) {
          if (!loop.running()) {
            return;
          }
          if (r.value() != null && Filter.allMatch(filters.get(), NewsEvents.fields(r.value()))) {
            if (!deliverOrPark(loop, r)) {
              return; // stopped mid-retry: not committed, so it is delivered again later
            }
          }
          c.commitSync(
              Map.of(
                  new TopicPartition(r.topic(), r.partition()),
                  new OffsetAndMetadata(r.offset() + 1)));
        }
        loop.healthy();
      }
    }
  }

  /**
   * The filters an event must pass: the webhook's own and, when it names one, its saved
   * subscription's; empty while that subscription is not known (not loaded yet, or deleted): then
   * nothing is delivered and nothing committed until it is, never every event.
   */
  private Optional<List<Filter>> filters() {
    Webhook h = hook;
    if (h.subscription() == null) {
      return Optional.of(List.of(h.filter()));
    }
    Optional<Filter> s = saved.find(h.owner(), h.subscription());
    if (s.isEmpty()) {
      long now = System.nanoTime();
      if (lastWaitLog == 0 || now - lastWaitLog > TimeUnit.MINUTES.toNanos(1)) {
        lastWaitLog = now == 0 ? 1 : now;
        log.warn(
            "webhook {}: its subscription '{}' of {} is not known: delivery waits until it is",
            h.id(),
            h.subscription(),
            h.owner());
      }
      return Optional.empty();
    }
    return Optional.of(List.of(h.filter(), s.get()));
  }

  /**
   * Delivers with retries; parks after the last attempt. False when stopped before the event was
   * settled.
   */
  private boolean deliverOrPark(Supervisor.Loop loop, ConsumerRecord<String, NewsEvent> r) {
    ObjectNode event = toJson.apply(r);
    byte[] body;
    try {
      body = ServiceHttp.JSON.writeValueAsBytes(event);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String lastError = null;
    for (int attempt = 1; loop.running(); attempt++) {
      lastError = post(body, event.path("id").asText(), attempt);
      if (lastError == null) {
        return true;
      }
      if (!settings.backoff().retryAfter(attempt)) {
        park.accept(
            ParkedDelivery.newBuilder()
                .setWebhookId(hook.id())
                .setEventId(event.path("id").asText())
                .setUri(r.key())
                .setAttempts(attempt)
                .setLastError(lastError)
                .setParkedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setPartition(r.partition())
                .setOffset(r.offset())
                .setEvent(new String(body, StandardCharsets.UTF_8))
                .build());
        log.warn(
            "webhook {}: parked event {} after {} attempts: {}",
            hook.id(),
            event.path("id").asText(),
            attempt,
            lastError);
        return true;
      }
      if (!loop.sleep(settings.backoff().delayAfter(attempt))) {
        return false;
      }
    }
    return false;
  }

  /** One attempt: null when the subscriber answered 2xx, else what went wrong. */
  private String post(byte[] body, String eventId, int attempt) {
    Webhook h = hook;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(WebhookSignature.HEADER, WebhookSignature.sign(h.secret(), body));
    headers.put("X-Newswire-Webhook-Id", h.id());
    headers.put("X-Newswire-Event-Id", eventId);
    headers.put("X-Newswire-Delivery-Attempt", Integer.toString(attempt));
    String error = http.post(URI.create(h.url()), headers, body, CLOUDEVENTS);
    if ("interrupted".equals(error)) {
      Thread.currentThread().interrupt();
    }
    return error;
  }

  /** Asks the worker to stop; returns at once. */
  void stop() {
    loop.stop();
    http.close();
  }

  /** Stops the worker and waits for it to end. */
  void close() {
    loop.close();
    http.close();
  }

  /** Partitions the group never committed start where the topic ended at registration. */
  private final class StartAtRegistration implements ConsumerRebalanceListener {
    private final KafkaConsumer<String, NewsEvent> c;

    StartAtRegistration(KafkaConsumer<String, NewsEvent> c) {
      this.c = c;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> parts) {
      Set<TopicPartition> fresh = new HashSet<>();
      Map<TopicPartition, OffsetAndMetadata> committed = c.committed(new HashSet<>(parts));
      for (TopicPartition p : parts) {
        if (committed.get(p) == null) {
          fresh.add(p);
        }
      }
      if (fresh.isEmpty()) {
        return;
      }
      for (TopicPartition p : fresh) {
        Long start = hook.start() == null ? null : hook.start().next().get(p.partition());
        if (start != null) {
          c.seek(p, start);
        } else {
          c.seekToBeginning(List.of(p)); // a partition added after the registration
        }
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> parts) {}
  }
}
