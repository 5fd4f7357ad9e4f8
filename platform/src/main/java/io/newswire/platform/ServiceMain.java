package io.newswire.platform;

import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The main-method shell of every service: {@code --help}, start, and a clean stop on SIGTERM or Ctrl-C. */
public final class ServiceMain {
  private static final Logger log = LoggerFactory.getLogger(ServiceMain.class);

  private ServiceMain() {}

  /** Common settings, appended to every service's help. */
  public static final String KAFKA_HELP = """
        KAFKA_BOOTSTRAP_SERVERS   Kafka bootstrap servers (default 127.0.0.1:9092)
        REGISTRY_URL              Apicurio Registry base URL (default http://127.0.0.1:8085)
        KAFKA_CLIENT_<NAME>       any Kafka client setting, e.g. KAFKA_CLIENT_SECURITY_PROTOCOL=SASL_SSL
        NEWSWIRE_MAX_STORY_BYTES  largest story in bytes (default 1048576; INGEST_MAX_BODY_BYTES is a deprecated
                                  alias): ingest's body limit; producers' max.request.size and story topics'
                                  max.message.bytes are 4 x that + 1 MiB
        LOG_LEVEL                 Newswire log level (default INFO)
      """;

  public static void run(String name, String[] args, String help, Supplier<AutoCloseable> start) {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        System.out.println("Usage: " + name + " [--help]\n\nConfigured by environment variables:\n" + help + KAFKA_HELP);
        return;
      }
      System.err.println(name + ": unknown argument '" + a + "' (try --help)");
      System.exit(2);
    }
    AutoCloseable service;
    try {
      service = start.get();
    } catch (RuntimeException e) {
      log.error("{} could not start: {}", name, e.getMessage(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("{}: stopping", name);
      try {
        service.close();
      } catch (Exception e) {
        log.warn("{}: error while stopping", name, e);
      }
      stopped.countDown();
    }, name + "-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
