package io.newswire.publish;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.Env;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.StreamsApp;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** publish-service, assembled: the publish topology on Kafka Streams, the read API, health and metrics. */
public final class PublishService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PublishService.class);

  /**
   * Settings: {@code PUBLISH_HOST} (127.0.0.1), {@code PUBLISH_PORT} (8082), {@code PUBLISH_APPLICATION_ID}
   * (newswire-publish), {@code PUBLISH_STATE_DIR} (a directory under the system temp dir), plus KafkaSettings.
   */
  public record Config(String host, int port, String applicationId, String stateDir, KafkaSettings kafka) {
    public static Config from(Env env) {
      return new Config(env.string("PUBLISH_HOST", "127.0.0.1"), env.integer("PUBLISH_PORT", 8082),
          env.string("PUBLISH_APPLICATION_ID", "newswire-publish"),
          env.string("PUBLISH_STATE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "newswire-publish").toString()),
          KafkaSettings.from(env));
    }

    public Config withPort(int p) {
      return new Config(host, p, applicationId, stateDir, kafka);
    }
  }

  private final StreamsApp app;
  private final Javalin http;

  private PublishService(StreamsApp app, Javalin http) {
    this.app = app;
    this.http = http;
  }

  public static PublishService start(Config config) {
    PrometheusMeterRegistry metrics = ServiceHttp.meterRegistry("publish");
    var topology = PublishTopology.build(AvroSerdes.valueSerde(config.kafka()), AvroSerdes.valueSerde(config.kafka()));
    StreamsApp app = new StreamsApp(topology,
        StreamsApp.properties(config.kafka(), config.applicationId(), config.stateDir()), metrics);
    StoriesApi api = new StoriesApi(app.streams());
    Javalin http = ServiceHttp.create("publish", metrics, app::readiness, api::configure);
    app.start();
    http.start(config.host(), config.port());
    log.info("publish-service ({}) listening on http://{}:{}", config.applicationId(), config.host(), http.port());
    return new PublishService(app, http);
  }

  public int port() {
    return http.port();
  }

  public StreamsApp app() {
    return app;
  }

  @Override
  public void close() {
    http.stop();
    app.close();
  }
}
