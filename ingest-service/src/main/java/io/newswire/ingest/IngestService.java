package io.newswire.ingest;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newswire.platform.ServiceHttp;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** ingest-service, assembled: the Kafka writer, the HTTP API and the health and metrics endpoints. */
public final class IngestService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  private final RawStoryWriter writer;
  private final Javalin http;
  private final ScheduledExecutorService brokerCheck;

  private IngestService(RawStoryWriter writer, Javalin http, ScheduledExecutorService brokerCheck) {
    this.writer = writer;
    this.http = http;
    this.brokerCheck = brokerCheck;
  }

  public static IngestService start(IngestConfig config) {
    PrometheusMeterRegistry metrics = ServiceHttp.meterRegistry("ingest");
    RawStoryWriter writer = new RawStoryWriter(config.kafka(), metrics);
    ScheduledExecutorService check = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ingest-broker-check");
      t.setDaemon(true);
      return t;
    });
    check.scheduleWithFixedDelay(writer::checkBroker, 0, 2, TimeUnit.SECONDS);
    IngestApi api = new IngestApi(config, writer, Clock.systemUTC(), metrics);
    Javalin http = ServiceHttp.create("ingest", metrics,
        () -> writer.brokerReachable() ? ServiceHttp.Readiness.up("broker reachable")
            : ServiceHttp.Readiness.down("broker not reachable"),
        api::configure);
    http.start(config.host(), config.port());
    log.info("ingest-service listening on http://{}:{} ({} API keys, Kafka {})", config.host(), http.port(),
        config.apiKeys().size(), config.kafka().bootstrapServers());
    return new IngestService(writer, http, check);
  }

  public int port() {
    return http.port();
  }

  @Override
  public void close() {
    http.stop();
    brokerCheck.shutdownNow();
    writer.close();
    log.info("ingest-service stopped");
  }
}
