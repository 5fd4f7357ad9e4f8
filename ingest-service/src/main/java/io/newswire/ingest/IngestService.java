package io.newswire.ingest;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newswire.ingest.core.RateLimits;
import io.newswire.ingest.core.ReceiptBook;
import io.newswire.platform.ServiceHttp;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ingest-service, assembled: the idempotency memory (loaded from the receipts topic before the first answer), the
 * transactional writer, the HTTP API, key-file reloading, and the health and metrics endpoints.
 */
public final class IngestService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  private final StoryWriter writer;
  private final ReceiptTailer receipts;
  private final Javalin http;
  private final ScheduledExecutorService background;

  private IngestService(StoryWriter writer, ReceiptTailer receipts, Javalin http, ScheduledExecutorService background) {
    this.writer = writer;
    this.receipts = receipts;
    this.http = http;
    this.background = background;
  }

  public static IngestService start(IngestConfig config) {
    PrometheusMeterRegistry metrics = ServiceHttp.meterRegistry("ingest");
    ReceiptBook book = new ReceiptBook();
    ReceiptTailer receipts = new ReceiptTailer(config.kafka(), book);
    StoryWriter writer = new StoryWriter(config.kafka(), config.instanceId(), config.writers(), metrics);
    ApiKeySource keys = new ApiKeySource(config.apiKeys(), config.apiKeysFile());
    ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ingest-background");
      t.setDaemon(true);
      return t;
    });
    background.scheduleWithFixedDelay(writer::checkBroker, 0, 2, TimeUnit.SECONDS);
    background.scheduleWithFixedDelay(keys::refresh, 1, 1, TimeUnit.SECONDS);
    metrics.gauge("newswire_ingest_receipts", book, ReceiptBook::size);
    IngestApi api = new IngestApi(config, keys, RateLimits.parse(config.rateLimits(), System::nanoTime), writer, book,
        receipts::isLoaded, Clock.systemUTC(), metrics);
    Javalin http = ServiceHttp.create("ingest", metrics,
        () -> !receipts.isLoaded() ? ServiceHttp.Readiness.down("idempotency memory loading")
            : writer.brokerReachable() ? ServiceHttp.Readiness.up("broker reachable")
            : ServiceHttp.Readiness.down("broker not reachable"),
        api::configure);
    try {
      if (!receipts.awaitLoaded(Duration.ofSeconds(30))) {
        log.warn("the idempotency memory is not loaded yet; submissions get 503 until it is");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.start(config.host(), config.port());
    log.info("ingest-service listening on http://{}:{} ({} API keys, {} receipts, Kafka {})", config.host(),
        http.port(), keys.size(), book.size(), config.kafka().bootstrapServers());
    return new IngestService(writer, receipts, http, background);
  }

  public int port() {
    return http.port();
  }

  @Override
  public void close() {
    http.stop();
    background.shutdownNow();
    writer.close();
    receipts.close();
    log.info("ingest-service stopped");
  }
}
