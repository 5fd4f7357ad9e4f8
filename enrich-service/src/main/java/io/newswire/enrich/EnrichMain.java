package io.newswire.enrich;

import io.newswire.platform.Env;
import io.newswire.platform.ServiceMain;
import io.newswire.platform.StreamsApp;

/**
 * Runs enrich-service until SIGTERM; configuration from the environment (see {@link
 * EnrichService.Config}).
 */
public final class EnrichMain {
  private EnrichMain() {}

  static final String HELP =
      """
        ENRICH_HOST               address to listen on (default 127.0.0.1)
        ENRICH_PORT               HTTP port for health and metrics (default 8081)
        ENRICH_APPLICATION_ID     Kafka Streams application id (default newswire-enrich)
        ENRICH_STATE_DIR          Kafka Streams state directory (default <tmp>/newswire-enrich)
        ENRICH_AGENCY_ZONES       zones for times sent without a UTC offset, over agencies.json:
                                  agency=Zone,... ('*=Zone' sets the default, UTC); e.g. vov=Asia/Ho_Chi_Minh
        ENRICH_OUTPUT_TOPIC       the enriched topic to write (default news.enriched.v1)
        ENRICH_TIME_BUDGET_MS     longest time one story may take to enrich before it is dead-lettered
                                  with the reason instead of holding its partition (default 5000)
        ENRICH_CLUSTER_WINDOW_HOURS how long a story can be joined in its cluster by another agency's
                                  story of the same event; older members are ignored and purged
                                  (default 72)
      """;

  public static void main(String[] args) {
    ServiceMain.run(
        "enrich-service",
        args,
        HELP + StreamsApp.HELP,
        () -> EnrichService.start(EnrichService.Config.from(Env.system())));
  }
}
