package io.newswire.chaos;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./chaos}: a seeded chaos run against the whole pipeline on this machine, ending in a
 * verdict.
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    version = "chaos 0.1.0",
    sortOptions = false,
    usageHelpWidth = 120,
    description = {
      "Proves that a story answered 202 is never lost, never duplicated and never reordered while processes and",
      "brokers are killed with SIGKILL. It starts a KRaft cluster (each broker its own JVM), Apicurio Registry,",
      "the topics (replication factor 3, min ISR 2), two instances each of ingest, enrich and publish from their",
      "jars, an SSE client (reconnecting with Last-Event-ID) and a webhook receiver on 127.0.0.1. A load generator",
      "posts uniquely numbered stories with updates, corrections, resends, conflicting resends and withdrawals,",
      "retrying the same request on 503, 429, timeouts and refused connections until it is answered. Meanwhile a",
      "nemesis kills -9 service instances and the leader of a story partition, and restarts them on the same",
      "state. After the load, every process is brought back, the pipeline settles, every output topic is read",
      "read_committed and a marker written to every output partition must be reachable (no open transaction).",
      "",
      "The verdict is printed as an EDN map: lost, duplicated, out-of-order, stale-latest, unexpected and",
      "open-transactions, with counts, the kills carried out and the delay from 202 to the SSE subscriber.",
      "The same --seed replays the same stories and fault schedule (a broker fault names a partition; the broker",
      "that leads it at that moment is the one killed).",
      "",
      "Exit status: 0 valid, 1 a violation was found, 2 the harness itself failed (see the kept work directory).",
      ""
    },
    footer = {
      "",
      "Short form (what CI runs): ./chaos --stories 2000 --service-kills 2 --broker-kills 1",
      "Long form (docs/reliability.md): ./chaos --stories 50000 --service-kills 27 --broker-kills 3 --rate 100"
    })
public final class ChaosMain implements Callable<Integer> {

  @Option(
      names = "--seed",
      paramLabel = "N",
      description =
          "Seed of the stories and the fault schedule " + "(default: a random one, printed)")
  Long seed;

  @Option(
      names = "--stories",
      defaultValue = "2000",
      description = "Stories to send (default ${DEFAULT-VALUE})")
  int stories;

  @Option(
      names = "--service-kills",
      defaultValue = "2",
      description =
          "kill -9 of a random ingest, enrich or publish instance (default ${DEFAULT-VALUE})")
  int serviceKills;

  @Option(
      names = "--broker-kills",
      defaultValue = "1",
      description = "kill -9 of the broker leading a story partition (default ${DEFAULT-VALUE})")
  int brokerKills;

  @Option(
      names = "--rate",
      defaultValue = "40",
      description = "Requests per second offered (default ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--concurrency",
      defaultValue = "48",
      description =
          "Stories in flight at once, each sent step after step (default ${DEFAULT-VALUE})")
  int concurrency;

  @Option(
      names = "--brokers",
      defaultValue = "3",
      description = "Brokers in the cluster (default ${DEFAULT-VALUE})")
  int brokers;

  @Option(
      names = "--partitions",
      defaultValue = "6",
      description = "Partitions of each story topic (default ${DEFAULT-VALUE})")
  int partitions;

  @Option(
      names = "--settle-seconds",
      defaultValue = "180",
      description =
          "After the load, how long to wait for the pipeline to catch up; past it, waiting goes on only "
              + "while each check finds less missing than the one before (at most 4 x this), then what is missing "
              + "counts as lost (default ${DEFAULT-VALUE})")
  int settleSeconds;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Where data and logs go (kept). Default: a temporary directory, deleted after a valid run")
  Path workDir;

  @Option(
      names = "--keep",
      description = "Keep the temporary work directory even after a valid run")
  boolean keep;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Also write the verdict (EDN) to FILE")
  Path report;

  @Override
  public Integer call() throws Exception {
    long s = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
    ChaosRun.Settings settings =
        new ChaosRun.Settings(
            s,
            stories,
            serviceKills,
            brokerKills,
            rate,
            concurrency,
            brokers,
            partitions,
            workDir,
            keep,
            Duration.ofSeconds(settleSeconds),
            repoRoot());
    ChaosRun.Result result;
    try {
      result = new ChaosRun(settings, System.out).run();
    } catch (Exception e) {
      System.err.println("chaos: the harness failed: " + e);
      e.printStackTrace();
      return 2;
    }
    String edn = result.verdict().edn(result.run());
    System.out.println();
    result.kills().forEach(k -> System.out.println("kill: " + k));
    System.out.println(edn);
    if (report != null) {
      Files.writeString(report, edn + "\n", StandardCharsets.UTF_8);
    }
    System.out.println(
        result.verdict().valid()
            ? "chaos: valid: nothing lost, duplicated or reordered"
            : "chaos: INVALID: see the counts and examples above");
    return result.verdict().valid() ? 0 : 1;
  }

  /**
   * The repository: {@code NEWSWIRE_REPO_ROOT}, or the first parent of the working directory with a
   * pom.xml and mvnw.
   */
  static Path repoRoot() {
    String env = System.getenv("NEWSWIRE_REPO_ROOT");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath();
    }
    String property = System.getProperty("newswire.repo.root");
    if (property != null && !property.isBlank()) {
      return Path.of(property).toAbsolutePath();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("mvnw")) && Files.exists(p.resolve("ingest-service"))) {
        return p;
      }
    }
    throw new IllegalStateException("run from the repository (or set NEWSWIRE_REPO_ROOT)");
  }

  public static void main(String[] args) {
    // The harness's own clients see every broker it kills: their reconnect warnings are expected,
    // not news.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka"))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    System.exit(new CommandLine(new ChaosMain()).execute(args));
  }
}
