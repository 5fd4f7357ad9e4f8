package io.newswire.publish;

import io.newswire.platform.Env;
import io.newswire.platform.ServiceMain;
import io.newswire.platform.StreamsApp;

/**
 * Runs publish-service until SIGTERM; configuration from the environment (see {@link
 * PublishService.Config}).
 */
public final class PublishMain {
  private PublishMain() {}

  static final String HELP =
      """
        PUBLISH_HOST              address to listen on (default 127.0.0.1)
        PUBLISH_PORT              HTTP port: read API, health and metrics (default 8082)
        PUBLISH_APPLICATION_ID    Kafka Streams application id (default newswire-publish)
        PUBLISH_STATE_DIR         Kafka Streams state directory (default <tmp>/newswire-publish)
        PUBLISH_ADVERTISED_URL    how other publish instances reach this one, e.g. http://publish-1:8082
                                  (default http://<PUBLISH_HOST>:<PUBLISH_PORT>); Streams' application.server
        PUBLISH_API_KEYS          subscribers' keys, name:sha256hex[:scope+scope][,...] (SHA-256 of each key);
                                  scopes read (default), webhooks, embargoed, admin. Every route but /health needs one
        PUBLISH_API_KEYS_FILE     file of the same entries (one a line, # comments), re-read within 1 s of a change
        PUBLISH_PEER_KEY          secret every publish instance of a deployment shares, to query each other's
                                  stores (/internal); unset: one is generated, single instance only
        PUBLISH_PEER_KEY_FILE     file holding that secret (instead of PUBLISH_PEER_KEY)
        PUBLISH_MAX_STREAMS_PER_SUBSCRIBER  SSE streams one subscriber may have open (default 4; then 429)
        PUBLISH_MAX_STREAMS       SSE streams this instance serves at once (default 64; then 503)
        PUBLISH_WEBHOOK_MAX_ATTEMPTS    delivery attempts before a webhook event is parked (default 6)
        PUBLISH_WEBHOOK_BACKOFF_MS      wait after the first failed attempt, doubled after each (default 500)
        PUBLISH_WEBHOOK_MAX_BACKOFF_MS  longest wait between attempts (default 30000)
        PUBLISH_WEBHOOK_TIMEOUT_MS      connect and response timeout of one attempt (default 10000)
        PUBLISH_EMBARGO_CHECK_MS  how often held embargoed stories are looked at for release, wall clock
                                  (default 200: released within a second of the embargo)
        PUBLISH_SOURCES_IDLE_MULTIPLE  source health: a source is idle when quiet for longer than this many
                                  usual pauses between its stories (default 4; a number above 1)
        PUBLISH_SOURCES_MIN_GAPS  pauses seen before a source's usual pause is known; until then it is
                                  quiet-new, never idle (default 5, at most 32)
      """;

  public static void main(String[] args) {
    ServiceMain.run(
        "publish-service",
        args,
        HELP + StreamsApp.HELP,
        () -> PublishService.start(PublishService.Config.from(Env.system())));
  }
}
