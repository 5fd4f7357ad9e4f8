package io.newswire.ingest;

import io.newswire.platform.Env;
import io.newswire.platform.ServiceMain;

/**
 * Runs ingest-service until SIGTERM; configuration from the environment (see {@link IngestConfig}).
 */
public final class IngestMain {
  private IngestMain() {}

  static final String HELP =
      """
        INGEST_HOST               address to listen on (default 127.0.0.1)
        INGEST_PORT               HTTP port (default 8080)
        INGEST_API_KEYS           agency:sha256hex[,agency:sha256hex...], SHA-256 of each agency's API key
        INGEST_API_KEYS_FILE      file of the same entries (one a line, # comments), re-read within 1 s of a change
        INGEST_MAX_BODY_BYTES     deprecated alias of NEWSWIRE_MAX_STORY_BYTES (below): a larger body gets 413
        INGEST_RATE_LIMITS        agency:perSecond[/burst],... and *:perSecond for the others (default *:1000)
        INGEST_INSTANCE_ID        stable id of this instance: Kafka transactional id prefix (default <hostname>-<port>)
        INGEST_WRITERS            transactional producers committing in parallel (default 2)
        INGEST_FEEDS              RSS/Atom feeds to poll: agency=url[@intervalSeconds][;agency2=url2@60...]
                                  (default interval 300 s; conditional GET; items already ingested are skipped)
        INGEST_FEED_TIMEOUT_SECONDS  longest one poll of a feed may take, connection, headers and whole body
                                  (default 30); redirects are followed only within the feed's origin
      """;

  public static void main(String[] args) {
    ServiceMain.run(
        "ingest-service", args, HELP, () -> IngestService.start(IngestConfig.from(Env.system())));
  }
}
