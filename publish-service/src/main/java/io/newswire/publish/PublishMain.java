package io.newswire.publish;

import io.newswire.platform.Env;
import io.newswire.platform.ServiceMain;

/** Runs publish-service until SIGTERM; configuration from the environment (see {@link PublishService.Config}). */
public final class PublishMain {
  private PublishMain() {}

  static final String HELP = """
        PUBLISH_HOST              address to listen on (default 127.0.0.1)
        PUBLISH_PORT              HTTP port: read API, health and metrics (default 8082)
        PUBLISH_APPLICATION_ID    Kafka Streams application id (default newswire-publish)
        PUBLISH_STATE_DIR         Kafka Streams state directory (default <tmp>/newswire-publish)
      """;

  public static void main(String[] args) {
    ServiceMain.run("publish-service", args, HELP, () -> PublishService.start(PublishService.Config.from(Env.system())));
  }
}
