package io.newswire.local;

import io.newswire.platform.Env;
import io.newswire.platform.StoryLimits;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./newswire-local}: runs the whole pipeline on this machine until Ctrl-C. */
@Command(
    name = "newswire-local",
    mixinStandardHelpOptions = true,
    version = "newswire-local 0.1.0",
    description = {
      "Runs the whole Newswire pipeline on this machine: a Kafka broker (KRaft, in-process; or with --brokers N a",
      "cluster of N KRaft nodes, each its own process), Apicurio Registry, the topics and schemas, and ingest,",
      "enrich and publish services. Stops cleanly on Ctrl-C.",
      "Every option can also be set by the environment variable named in brackets."
    })
public final class LocalMain implements Callable<Integer> {

  @Option(
      names = "--demo",
      description =
          "Also push the corpus stories (after 10 s, one every 0.7 s: open the console printed above to watch"
              + " them arrive) and print their published events.")
  boolean demo;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "${env:NEWSWIRE_DATA_DIR}",
      description =
          "Keep broker, registry and Streams state in DIR so they survive a restart [NEWSWIRE_DATA_DIR]. "
              + "Without it everything lives in temporary directories.")
  Path dataDir;

  @Option(
      names = "--brokers",
      paramLabel = "N",
      defaultValue = "${env:NEWSWIRE_BROKERS:-1}",
      description =
          "Kafka brokers (default ${DEFAULT-VALUE}: one, in-process). With N > 1, a cluster of N KRaft "
              + "nodes (broker and controller each, a child process each) on free ports, printed at start-up and kept "
              + "in --data-dir; topics get replication factor min(3, N) and min.insync.replicas max(1, min(2, RF - 1)) "
              + "[NEWSWIRE_BROKERS]")
  int brokers;

  @Option(
      names = "--kafka-port",
      defaultValue = "${env:NEWSWIRE_KAFKA_PORT:-9092}",
      description =
          "Kafka listener port with one broker (default ${DEFAULT-VALUE}); a cluster (--brokers N > 1) "
              + "picks free ports instead [NEWSWIRE_KAFKA_PORT]")
  int kafkaPort;

  @Option(
      names = "--registry-port",
      defaultValue = "${env:NEWSWIRE_REGISTRY_PORT:-8085}",
      description = "Apicurio Registry port (default ${DEFAULT-VALUE}) [NEWSWIRE_REGISTRY_PORT]")
  int registryPort;

  @Option(
      names = "--ingest-port",
      defaultValue = "${env:INGEST_PORT:-8080}",
      description = "ingest-service port (default ${DEFAULT-VALUE}) [INGEST_PORT]")
  int ingestPort;

  @Option(
      names = "--enrich-port",
      defaultValue = "${env:ENRICH_PORT:-8081}",
      description = "enrich-service port (default ${DEFAULT-VALUE}) [ENRICH_PORT]")
  int enrichPort;

  @Option(
      names = "--publish-port",
      defaultValue = "${env:PUBLISH_PORT:-8082}",
      description = "publish-service port (default ${DEFAULT-VALUE}) [PUBLISH_PORT]")
  int publishPort;

  @Option(
      names = "--partitions",
      defaultValue = "${env:NEWSWIRE_PARTITIONS:-3}",
      description =
          "Partitions of each story topic (default ${DEFAULT-VALUE}) [NEWSWIRE_PARTITIONS]")
  int partitions;

  @Option(
      names = "--max-story-bytes",
      paramLabel = "BYTES",
      description =
          "Largest story: ingest's body limit; records and topics take 4 x BYTES + 1 MiB "
              + "(default 1048576) [NEWSWIRE_MAX_STORY_BYTES]")
  Integer maxStoryBytes;

  /** How long --demo waits before its first story: time to open the console. */
  static final java.time.Duration DEMO_DELAY = java.time.Duration.ofSeconds(10);

  /** The pause between two demo stories, so that they arrive one by one in the console. */
  static final java.time.Duration DEMO_PACE = java.time.Duration.ofMillis(700);

  @Override
  public Integer call() throws Exception {
    if (dataDir == null) {
      // Temporary state is what the user asked for without --data-dir: Streams' warning about it is
      // noise here.
      ((ch.qos.logback.classic.Logger)
              org.slf4j.LoggerFactory.getLogger(
                  "org.apache.kafka.streams.processor.internals.StateDirectory"))
          .setLevel(ch.qos.logback.classic.Level.ERROR);
    }
    long t0 = System.nanoTime();
    StoryLimits limits =
        maxStoryBytes != null ? new StoryLimits(maxStoryBytes) : StoryLimits.from(Env.system());
    if (brokers < 1) {
      System.err.println("--brokers must be 1 or more, got " + brokers);
      return 2;
    }
    LocalPipeline pipeline =
        LocalPipeline.start(
            new LocalPipeline.Options(
                kafkaPort,
                registryPort,
                ingestPort,
                enrichPort,
                publishPort,
                dataDir,
                partitions,
                limits,
                brokers));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nStopping Newswire...");
                  pipeline.close();
                  stopped.countDown();
                },
                "newswire-local-shutdown"));
    System.out.println(Banner.text(pipeline, (System.nanoTime() - t0) / 1_000_000));
    if (demo) {
      new Demo(pipeline, System.out, DEMO_DELAY, DEMO_PACE).run();
    }
    System.out.println("Newswire is running. Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    int rc = new CommandLine(new LocalMain()).execute(args);
    if (rc != 0) {
      System.exit(rc);
    }
  }
}
