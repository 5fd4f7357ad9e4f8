package io.newswire.publish.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseClient;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.HttpAccess;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Problem;
import io.newswire.platform.ProblemException;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.Topics;
import io.newswire.platform.core.access.Principal;
import io.newswire.platform.core.access.Scope;
import io.newswire.publish.core.NewsEvents;
import io.newswire.publish.core.StreamLimits;
import io.newswire.publish.core.StreamPosition;
import io.newswire.publish.core.StreamSlots;
import io.newswire.publish.core.Urgency;
import io.newswire.publish.core.subscriptions.Filter;
import io.newswire.schema.v1.NewsEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/stream?tags=AI,ASEAN&maxUrgency=2&subscription=asean-flashes}: Server-Sent Events
 * of news.published.v1, resumable; for a key with the scope {@code read}, within the limits of
 * {@link StreamSlots}. With {@code tags}, only events with one of them; with {@code maxUrgency} (1
 * to 9, else 400) only events whose urgency is known and at most it ({@link Urgency#passes}); with
 * {@code subscription}, only events that also pass the caller's saved subscription of that name
 * (404 {@code subscription-not-found} when it has none), as it was when the stream opened. One
 * function decides: {@link Filter#matches}.
 *
 * <p>Each connection tails the topic with its own consumer (read_committed, assigned every
 * partition, no group). Every event's SSE id is the stream position just after it ({@link
 * StreamPosition}); a client that reconnects with {@code Last-Event-ID} (or {@code ?lastEventId=})
 * resumes exactly there: nothing missed, nothing twice. Without one the stream starts at the end of
 * the topic (events published from now on), and the first SSE event, {@code event: ready}, carries
 * that position as its id. Events are CloudEvents in the JSON structured format.
 */
public final class EventStreamApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventStreamApi.class);
  private static final String SLOT = "newswire.stream-slot";
  private static final String SLOT_TAKEN = "newswire.stream-slot-taken";
  private static final String SAVED = "newswire.stream-saved-filter";

  private final KafkaSettings kafka;
  private final HttpAccess access;
  private final StreamSlots slots;
  private final StreamLimits limits;
  private final SubscriptionsApi subscriptions;
  private final AtomicInteger threads = new AtomicInteger();
  private final ExecutorService tails =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "sse-tail-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closed;

  /**
   * {@code access}: who is calling (a key with the scope {@code read}); {@code slots}: how many
   * streams may be open at once, per subscriber and in all ({@code limits}).
   */
  public EventStreamApi(
      KafkaSettings kafka,
      HttpAccess access,
      StreamSlots slots,
      StreamLimits limits,
      SubscriptionsApi subscriptions) {
    this.kafka = kafka;
    this.access = access;
    this.slots = slots;
    this.limits = limits;
    this.subscriptions = subscriptions;
  }

  public void configure(JavalinConfig c) {
    c.routes.before(
        "/v1/stream",
        ctx -> {
          Principal subscriber = access.require(ctx, Scope.READ);
          String accept = ctx.header("Accept");
          if (accept == null || !accept.contains("text/event-stream")) {
            // Javalin answers an SSE route only for clients that accept event streams; say so
            // instead of an empty 200.
            throw new ProblemException(
                Problem.of(
                        "not-acceptable",
                        "Not acceptable",
                        406,
                        "/v1/stream is a Server-Sent Events stream: send 'Accept: text/event-stream'.")
                    .withField("Accept"));
          }
          resumeFrom(ctx);
          adHoc(ctx);
          SubscriptionsApi.named(ctx.queryParam(StoriesApi.SUBSCRIPTION))
              .ifPresent(
                  name ->
                      ctx.attribute(
                          SAVED,
                          subscriptions.savedFilter(
                              subscriber.name(), name, StoriesApi.SUBSCRIPTION)));
          if (ctx.method() == HandlerType.GET) {
            ctx.attribute(SLOT, slot(subscriber));
          }
        });
    // A slot the stream did not take (the request did not become a stream) is given back at once.
    c.routes.after(
        "/v1/stream",
        ctx -> {
          StreamSlots.Slot slot = ctx.attribute(SLOT);
          if (slot != null && ctx.attribute(SLOT_TAKEN) == null) {
            slot.close();
          }
        });
    c.routes.sse(
        "/v1/stream",
        client -> {
          StreamSlots.Slot slot = client.ctx().attribute(SLOT);
          client.ctx().attribute(SLOT_TAKEN, Boolean.TRUE);
          client.keepAlive();
          client.onClose(slot::close);
          List<Filter> filters = new ArrayList<>();
          filters.add(adHoc(client.ctx()));
          Filter saved = client.ctx().attribute(SAVED);
          if (saved != null) {
            filters.add(saved);
          }
          String subscription = client.ctx().queryParam(StoriesApi.SUBSCRIPTION);
          StreamPosition from = resumeFrom(client.ctx());
          try {
            tails.submit(
                () -> {
                  try {
                    tail(client, filters, saved == null ? null : subscription.trim(), from);
                  } finally {
                    slot.close();
                  }
                });
          } catch (RejectedExecutionException e) { // closing
            slot.close();
            client.close();
          }
        });
  }

  /**
   * A stream slot for {@code subscriber}: 429 when it has as many streams open as it may (one frees
   * when one of its streams closes), 503 when the instance has.
   */
  private StreamSlots.Slot slot(Principal subscriber) {
    StreamSlots.Outcome outcome = slots.acquire(subscriber.name());
    if (outcome instanceof StreamSlots.Slot slot) {
      return slot;
    }
    StreamSlots.Refused refused = (StreamSlots.Refused) outcome;
    String retry = Long.toString(limits.retryAfter().toSeconds());
    if (refused.reason() == StreamSlots.Reason.SUBSCRIBER_LIMIT) {
      throw new ProblemException(
          Problem.of(
              "too-many-streams",
              "Too many requests",
              429,
              "Subscriber '"
                  + subscriber.name()
                  + "' has "
                  + refused.limit()
                  + " streams open, as many as it may (PUBLISH_MAX_STREAMS_PER_SUBSCRIBER); close"
                  + " one, or retry in "
                  + retry
                  + " s."),
          Map.of("Retry-After", retry));
    }
    throw new ProblemException(
        Problem.of(
            "streams-unavailable",
            "Service unavailable",
            503,
            "This instance serves "
                + refused.limit()
                + " streams, as many as it may (PUBLISH_MAX_STREAMS); retry in "
                + retry
                + " s."),
        Map.of("Retry-After", retry));
  }

  static List<String> tags(String param) {
    if (param == null || param.isBlank()) {
      return List.of();
    }
    return Arrays.stream(param.split(",", Filter.MAX_TAGS + 2))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static StreamPosition resumeFrom(Context ctx) {
    String id = ctx.header("Last-Event-ID");
    if (id == null || id.isBlank()) {
      id = ctx.queryParam("lastEventId");
    }
    if (id == null || id.isBlank()) {
      return null;
    }
    try {
      return StreamPosition.decode(id);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          Problem.of(
                  "invalid-last-event-id",
                  "Invalid Last-Event-ID",
                  400,
                  "Last-Event-ID must be an event id this stream sent (" + e.getMessage() + ").")
              .withField("Last-Event-ID"));
    }
  }

  /**
   * The stream's own filter: {@code tags} (comma-separated, any of them) and {@code maxUrgency}
   * (null: none); what is not valid is a 400 naming the parameter.
   */
  private static Filter adHoc(Context ctx) {
    Integer max;
    try {
      max = Urgency.parseMax(ctx.queryParam(Urgency.MAX_URGENCY));
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          Problem.of("invalid-query", "Invalid query", 400, e.getMessage())
              .withField(Urgency.MAX_URGENCY));
    }
    try {
      return Filter.of(tags(ctx.queryParam("tags")), max);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          Problem.of("invalid-query", "Invalid query", 400, e.getMessage()).withField("tags"));
    }
  }

  private void tail(
      SseClient client, List<Filter> filters, String subscription, StreamPosition from) {
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, NewsEvent> consumer =
        new KafkaConsumer<>(
            props, new StringDeserializer(), AvroSerdes.<NewsEvent>deserializer(kafka, false))) {
      List<TopicPartition> parts =
          consumer.partitionsFor(Topics.PUBLISHED).stream()
              .map(p -> new TopicPartition(Topics.PUBLISHED, p.partition()))
              .toList();
      consumer.assign(parts);
      if (from == null) {
        consumer.seekToEnd(parts);
      } else {
        for (TopicPartition p : parts) {
          Long next = from.next().get(p.partition());
          if (next == null) {
            consumer.seekToBeginning(List.of(p)); // a partition added since the id was given
          } else {
            consumer.seek(p, next);
          }
        }
      }
      Map<Integer, Long> start = new HashMap<>();
      parts.forEach(p -> start.put(p.partition(), consumer.position(p)));
      StreamPosition position = new StreamPosition(start);
      Filter own = filters.get(0);
      client.sendEvent(
          "ready",
          "{\"tags\":"
              + ServiceHttp.JSON.writeValueAsString(own.tags())
              + ",\"maxUrgency\":"
              + own.maxUrgency()
              + ",\"subscription\":"
              + ServiceHttp.JSON.writeValueAsString(subscription)
              + "}",
          position.encode());
      long lastWrite = System.nanoTime();
      while (!closed && !client.terminated()) {
        for (ConsumerRecord<String, NewsEvent> r : consumer.poll(Duration.ofMillis(250))) {
          position = position.with(r.partition(), r.offset() + 1);
          if (r.value() != null && Filter.allMatch(filters, NewsEvents.fields(r.value()))) {
            client.sendData(
                ServiceHttp.JSON.writeValueAsString(CloudEventJson.of(r)), position.encode());
            lastWrite = System.nanoTime();
          }
        }
        if (System.nanoTime() - lastWrite > limits.heartbeat().toNanos()) {
          client.sendComment("heartbeat"); // also how a vanished client is noticed
          lastWrite = System.nanoTime();
        }
      }
    } catch (Exception e) {
      if (!closed) {
        log.warn("SSE stream ended: {}", e.toString());
      }
    } finally {
      client.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    tails.shutdown();
    try {
      tails.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tails.shutdownNow();
  }
}
