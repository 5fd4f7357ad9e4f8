package io.newswire.ingest;

import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newswire.ingest.core.feeds.FeedSubscription;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.ingest.core.limits.RateLimits;
import io.newswire.ingest.core.receipts.ReceiptBook;
import io.newswire.ingest.feeds.FeedPoller;
import io.newswire.ingest.http.IngestApi;
import io.newswire.ingest.kafka.ReceiptTailer;
import io.newswire.ingest.kafka.RefusalWriter;
import io.newswire.ingest.kafka.StoryIntake;
import io.newswire.ingest.kafka.StoryWriter;
import io.newswire.platform.HttpAccess;
import io.newswire.platform.KeyRingFile;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.Supervisor;
import io.newswire.schema.v1.StoryFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ingest-service, assembled: the idempotency memory (loaded from the receipts topic before the
 * first answer), the transactional writer, the HTTP API, the feed poller (when {@code INGEST_FEEDS}
 * names feeds), key-file reloading, and the health and metrics endpoints. Its background loops
 * (receipts, writers, feeds, broker check, key file) run under one {@link Supervisor}, whose state
 * is part of readiness.
 */
public final class IngestService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  /**
   * How long a story believed new waits for the receipts to be read up to date before it is
   * answered 503.
   */
  static final java.time.Duration RECEIPT_SYNC_TIMEOUT = java.time.Duration.ofSeconds(5);

  /**
   * Where a story goes on once its receipts barrier passed: never on the receipts tailer's own
   * thread.
   */
  private static final java.util.concurrent.Executor INTAKE =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "ingest-intake");
            t.setDaemon(true);
            return t;
          });

  /** The running parts, and the order they stop in; {@code feeds} null without feeds. */
  private record Parts(
      StoryWriter writer,
      ReceiptTailer receipts,
      Javalin http,
      Supervisor loops,
      FeedPoller feeds,
      RefusalWriter refusals)
      implements AutoCloseable {
    @Override
    public void close() {
      if (feeds != null) {
        feeds.close();
      }
      http.stop();
      refusals.close();
      writer.close();
      receipts.close();
      loops.close();
    }
  }

  private final Parts parts;

  private IngestService(Parts parts) {
    this.parts = parts;
  }

  public static IngestService start(IngestConfig config) {
    List<FeedSubscription> subscriptions =
        FeedSubscription.parseAll(config.feeds()); // a bad entry fails the start
    PrometheusMeterRegistry metrics = ServiceHttp.meterRegistry("ingest");
    ReceiptBook book = new ReceiptBook();
    Supervisor loops = new Supervisor(metrics);
    ReceiptTailer receipts = new ReceiptTailer(config.kafka(), book, loops);
    StoryWriter writer =
        new StoryWriter(config.kafka(), config.instanceId(), config.writers(), metrics, loops);
    RefusalWriter refusals = new RefusalWriter(config.kafka(), config.instanceId(), metrics, loops);
    KeyRingFile keys = new KeyRingFile(config.apiKeys(), config.apiKeysFile(), ApiKeys.AGENCIES);
    // One access for every route (stories, withdrawals, openapi, metrics): one throttle per
    // address.
    HttpAccess access = config.access().access(List.of(keys), "the agency's");
    loops.every(
        "ingest-broker-check",
        Supervisor.Kind.ESSENTIAL,
        Duration.ofSeconds(2),
        loop -> writer.checkBroker());
    access.refreshUnder(loops, "ingest-api-keys");
    metrics.gauge("newswire_ingest_receipts", book, ReceiptBook::size);
    StoryIntake intake =
        new StoryIntake(
            writer,
            () -> receipts.sync(RECEIPT_SYNC_TIMEOUT).thenApplyAsync(ok -> ok, INTAKE),
            book,
            Clock.systemUTC(),
            config.kafka());
    IngestApi api =
        new IngestApi(
            config.maxBodyBytes(),
            access,
            RateLimits.parse(config.rateLimits(), System::nanoTime),
            intake,
            receipts::isLoaded,
            metrics,
            refusals,
            Clock.systemUTC());
    Javalin http =
        ServiceHttp.create(
            "ingest",
            metrics,
            () ->
                !receipts.isLoaded()
                    ? ServiceHttp.Readiness.down("idempotency memory loading")
                    : writer.brokerReachable()
                        ? ServiceHttp.Readiness.up("broker reachable")
                        : ServiceHttp.Readiness.down("broker not reachable"),
            loops,
            access,
            api::configure);
    try {
      if (!receipts.awaitLoaded(Duration.ofSeconds(30))) {
        log.warn("the idempotency memory is not loaded yet; submissions get 503 until it is");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.start(config.host(), config.port());
    log.info(
        "ingest-service listening on http://{}:{} ({} API keys, {} receipts, Kafka {})",
        config.host(),
        http.port(),
        keys.size(),
        book.size(),
        config.kafka().bootstrapServers());
    FeedPoller feeds = null;
    if (!subscriptions.isEmpty()) {
      feeds =
          new FeedPoller(
              subscriptions,
              feedSink(intake, metrics),
              book,
              receipts::isLoaded,
              metrics,
              config.feedTimeout(),
              refusals);
      feeds.start(loops);
    }
    return new IngestService(new Parts(writer, receipts, http, loops, feeds, refusals));
  }

  /**
   * Feed items go through the same idempotent, transactional path as pushed stories, and the same
   * size contract: an item larger than the story limit is not written, and not retried (the poll
   * counts it as seen).
   */
  private static FeedPoller.Sink feedSink(StoryIntake intake, MeterRegistry metrics) {
    return (agency, feed, format, contentType, payload, s) ->
        intake
            .store(agency, feed, StoryFormat.valueOf(format.name()), contentType, payload, s)
            .thenApply(
                r -> {
                  if (r.outcome()
                      == StoryIntake.Outcome
                          .CONFLICT) { // two polls raced on an edited item; the next decides
                    log.warn(
                        "feed item {} v{} of {} conflicts with ingestId {}; not written",
                        s.agencyStoryId(),
                        s.version(),
                        agency,
                        r.receipt().ingestId());
                  } else if (r.outcome() == StoryIntake.Outcome.TOO_LARGE) {
                    log.warn(
                        "feed item {} v{} of {} is too large; not written: {}",
                        s.agencyStoryId(),
                        s.version(),
                        agency,
                        r.refusal());
                    metrics
                        .counter(
                            "newswire_ingest_refused_total",
                            "agency",
                            agency,
                            "reason",
                            "too_large")
                        .increment();
                  }
                  return r.outcome() == StoryIntake.Outcome.WRITTEN;
                });
  }

  public int port() {
    return parts.http().port();
  }

  /** The feed poller, when feeds are configured. */
  public Optional<FeedPoller> feeds() {
    return Optional.ofNullable(parts.feeds());
  }

  @Override
  public void close() {
    parts.close();
    log.info("ingest-service stopped");
  }
}
