package io.newswire.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.newswire.chaos.core.Checker;
import io.newswire.chaos.core.History;
import io.newswire.chaos.core.Schedule;
import io.newswire.chaos.core.Verdict;
import io.newswire.chaos.core.Workload;
import io.newswire.infra.KafkaCluster;
import io.newswire.infra.RegistryProcess;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Provisioning;
import io.newswire.platform.StoryLimits;
import io.newswire.platform.Topics;
import io.newswire.platform.core.DemoAgencies;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One chaos run, start to verdict: a KRaft cluster (child JVMs), Apicurio Registry, the topics from
 * the catalogue (replication factor 3, min ISR 2), two instances each of ingest, enrich and publish
 * from their jars, an SSE client and a webhook receiver; then the seeded load and nemesis together;
 * then, once every process is back, waiting for the pipeline to settle, reading every output topic
 * read_committed, proving no transaction is open, and judging.
 */
final class ChaosRun {
  /**
   * What to run. {@code workDir} null means a temporary directory (kept when the verdict is not
   * valid).
   */
  record Settings(
      long seed,
      int stories,
      int serviceKills,
      int brokerKills,
      double rate,
      int concurrency,
      int brokers,
      int partitions,
      Path workDir,
      boolean keep,
      Duration settleTimeout,
      Path repoRoot) {}

  /** The verdict and what the run did. */
  record Result(Verdict verdict, Map<String, Object> run, List<Nemesis.Kill> kills, Path workDir) {}

  private static final List<String> SERVICES = List.of("ingest", "enrich", "publish");
  private static final int INSTANCES = 2;

  private final Settings s;
  private final PrintStream out;
  private final Deque<AutoCloseable> open = new ArrayDeque<>();

  ChaosRun(Settings settings, PrintStream out) {
    this.s = settings;
    this.out = out;
  }

  Result run() throws Exception {
    long t0 = System.nanoTime();
    Path work =
        s.workDir() != null
            ? Files.createDirectories(s.workDir())
            : Files.createTempDirectory("newswire-chaos-");
    Path logs = Files.createDirectories(work.resolve("logs"));
    Verdict verdict = null;
    // Ctrl-C or a SIGTERM of the harness: no service, broker or registry JVM outlives it.
    Thread hook = new Thread(this::closeAll, "chaos-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      out.printf(
          "chaos: seed %d, %d stories, %d service kills, %d broker kills, %d brokers; work dir %s%n",
          s.seed(), s.stories(), s.serviceKills(), s.brokerKills(), s.brokers(), work);
      KafkaCluster cluster =
          track(
              KafkaCluster.start(
                  KafkaCluster.Options.defaults()
                      .withBrokers(s.brokers())
                      .withDataDir(work.resolve("kafka"))));
      RegistryProcess registry =
          track(
              RegistryProcess.start(
                  RegistryProcess.Options.defaults().withLogFile(logs.resolve("registry.log"))));
      KafkaSettings kafka =
          new KafkaSettings(
              cluster.bootstrapServers(), registry.baseUrl(), Map.of(), StoryLimits.DEFAULT);
      short rf = (short) cluster.replicationFactor();
      Provisioning.provision(kafka, Topics.all(s.partitions(), StoryLimits.DEFAULT, rf), rf);
      out.printf(
          "chaos: %d brokers (%s), replication factor %d, min ISR %d, registry %s (%d s)%n",
          s.brokers(),
          cluster.bootstrapServers(),
          rf,
          cluster.minInsyncReplicas(),
          registry.baseUrl(),
          seconds(t0));

      Map<String, String> keys = DemoAgencies.keys("chaos", DemoAgencies.CODES);
      Map<String, ServiceProcess> services = startServices(kafka, keys, work, logs);
      out.printf(
          "chaos: %d service instances ready (%d s): %s%n",
          services.size(), seconds(t0), services.values());

      Subscribers.WebhookReceiver webhook = track(new Subscribers.WebhookReceiver());
      registerWebhook(instances(services, "publish").get(0).url(), webhook.url());
      Subscribers.SseClient sse =
          track(
              new Subscribers.SseClient(
                  instances(services, "publish").stream().map(ServiceProcess::url).toList()));
      awaitUntil(sse::ready, Duration.ofSeconds(60), "the SSE stream did not start");

      List<Workload.Story> stories =
          Workload.generate(s.seed(), s.stories(), DemoAgencies.CODES, Workload.Mix.defaults());
      int requests = Workload.requests(stories);
      long loadMillis = (long) (requests / s.rate() * 1000);
      List<Schedule.Fault> faults =
          Schedule.plan(
              s.seed(),
              loadMillis,
              s.serviceKills(),
              s.brokerKills(),
              new ArrayList<>(services.keySet()),
              List.of(Topics.RAW, Topics.ENRICHED, Topics.PUBLISHED),
              s.partitions());
      out.printf(
          "chaos: load of %d requests offered at %.0f/s; nemesis plan (at %% of the requests answered): %s%n",
          requests,
          s.rate(),
          faults.stream()
              .map(
                  f ->
                      String.format(
                          java.util.Locale.ROOT,
                          "%.1f%% %s",
                          100.0 * f.atMillis() / loadMillis,
                          f.target()))
              .toList());

      LoadGenerator load =
          new LoadGenerator(
              instances(services, "ingest").stream().map(ServiceProcess::url).toList(),
              keys,
              s.rate(),
              s.concurrency());
      Nemesis nemesis =
          track(
              new Nemesis(
                  faults,
                  loadMillis,
                  () -> (double) load.answered() / requests,
                  services,
                  cluster,
                  out));
      long loadStart = System.nanoTime();
      nemesis.start();
      CompletableFuture<Void> loading =
          CompletableFuture.runAsync(
              () -> {
                try {
                  load.run(stories);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      while (!loading.isDone()) {
        Subscribers.sleepQuietly(5_000);
        out.printf(
            "  load: %s, t+%d s%n", load.progress().apply(stories.size()), seconds(loadStart));
      }
      loading.join();
      long loadSeconds = seconds(loadStart);
      nemesis.awaitDone(Duration.ofMinutes(5));
      out.printf(
          "chaos: load done in %d s; %d faults carried out; waiting for every process to be back%n",
          loadSeconds, nemesis.kills().size());
      for (ServiceProcess p : services.values()) {
        p.awaitReady(Duration.ofMinutes(3));
      }

      TopicHistory topics = new TopicHistory(kafka);
      History history = settle(load, sse, webhook, topics);
      sse.close();
      webhook.close();
      List<String> transactional =
          new ArrayList<>(
              List.of(
                  Topics.RAW,
                  Topics.INGEST_RECEIPTS,
                  Topics.ENRICHED,
                  Topics.PUBLISHED,
                  Topics.STORIES_LATEST));
      Topics.TAG_TOPIC_TAGS.forEach(t -> transactional.add(Topics.tagTopic(t)));
      List<String> open =
          TransactionMarkers.unreached(kafka.clientProps(), transactional, Duration.ofSeconds(60));
      history =
          new History(
              history.accepted(),
              history.answers(),
              history.raw(),
              history.enriched(),
              history.published(),
              history.tagTopics(),
              history.latest(),
              history.sse(),
              history.webhook(),
              open,
              history.deadLetters());
      verdict = Checker.check(history);

      Map<String, Object> run = new LinkedHashMap<>();
      run.put("seed", s.seed());
      run.put("stories", s.stories());
      run.put("requests", load.requests());
      run.put("sent-again", load.retries());
      run.put(
          "kills",
          "{:services "
              + nemesis.kills().stream().filter(k -> !k.broker()).count()
              + " :brokers "
              + nemesis.kills().stream().filter(Nemesis.Kill::broker).count()
              + "}");
      run.put("sse-reconnects", sse.reconnects());
      run.put("load-seconds", loadSeconds);
      run.put("total-seconds", seconds(t0));
      return new Result(verdict, run, nemesis.kills(), work);
    } finally {
      closeAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs closeAll, which finds nothing left
      }
      boolean keep = s.keep() || s.workDir() != null || verdict == null || !verdict.valid();
      if (keep) {
        out.println("chaos: logs and data kept in " + work);
      } else {
        deleteQuietly(work);
      }
    }
  }

  /** The subscriber the harness reads publish as (scopes read and webhooks). */
  static final String SUBSCRIBER_KEY = "chaos-desk-key";

  /** The operators' key of every service (admin: /metrics). */
  static final String OPS_KEY = "chaos-ops-key";

  private Map<String, ServiceProcess> startServices(
      KafkaSettings kafka, Map<String, String> keys, Path work, Path logs) {
    // the secret the publish instances of this run query each other's stores with
    String peerKey = "chaos-peer-" + java.util.UUID.randomUUID();
    Map<String, String> common =
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS",
            kafka.bootstrapServers(),
            "REGISTRY_URL",
            kafka.registryUrl(),
            "SHUTDOWN_TIMEOUT_SECONDS",
            "20");
    String apiKeys =
        keys.entrySet().stream()
            .map(e -> e.getKey() + ":" + sha256(e.getValue()))
            .collect(Collectors.joining(","));
    byte[] sealingKey = new byte[32];
    new java.security.SecureRandom().nextBytes(sealingKey);
    // PUBLISH_WEBHOOK_SECRET_KEYS: id:base64 of a 256-bit AES key
    String webhookSecretKeys = "chaos:" + java.util.Base64.getEncoder().encodeToString(sealingKey);
    Map<String, ServiceProcess> services = new LinkedHashMap<>();
    for (String service : SERVICES) {
      for (int i = 1; i <= INSTANCES; i++) {
        String name = service + "-" + i;
        int port = io.newswire.infra.EmbeddedKafka.freePort();
        Map<String, String> env = new LinkedHashMap<>(common);
        env.put("NEWSWIRE_ADMIN_KEYS", "ops:" + sha256(OPS_KEY));
        switch (service) {
          case "ingest" -> {
            env.put("INGEST_PORT", Integer.toString(port));
            env.put("INGEST_API_KEYS", apiKeys);
            env.put("INGEST_INSTANCE_ID", "chaos-" + name);
            env.put("INGEST_RATE_LIMITS", "*:100000");
          }
          case "enrich" -> {
            env.put("ENRICH_PORT", Integer.toString(port));
            env.put("ENRICH_STATE_DIR", work.resolve("state").resolve(name).toString());
          }
          default -> {
            env.put("PUBLISH_PORT", Integer.toString(port));
            env.put("PUBLISH_STATE_DIR", work.resolve("state").resolve(name).toString());
            env.put("PUBLISH_ADVERTISED_URL", "http://127.0.0.1:" + port);
            env.put("PUBLISH_API_KEYS", "desk:" + sha256(SUBSCRIBER_KEY) + ":read+webhooks");
            env.put("PUBLISH_PEER_KEY", peerKey);
            // the harness's webhook receiver is on 127.0.0.1; every instance seals with one key
            env.put("PUBLISH_WEBHOOK_ALLOWED_ADDRESSES", "127.0.0.1");
            env.put("PUBLISH_WEBHOOK_SECRET_KEYS", webhookSecretKeys);
          }
        }
        ServiceProcess p =
            track(
                new ServiceProcess(
                    name,
                    jar(service),
                    port,
                    env,
                    logs.resolve(name + ".log"),
                    List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")));
        services.put(name, p);
        p.start();
      }
    }
    for (ServiceProcess p : services.values()) {
      p.awaitReady(Duration.ofMinutes(3));
    }
    return services;
  }

  /** The service's jar, built by {@code ./mvnw package} with its {@code target/lib}. */
  private Path jar(String service) {
    Path jar =
        s.repoRoot()
            .resolve(service + "-service/target/" + service + "-service-0.1.0-SNAPSHOT.jar");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.resolveSibling("lib"))) {
      throw new IllegalStateException(
          "no "
              + jar
              + " with its lib/: build the services first "
              + "(./mvnw -Dmaven.test.skip=true package; ./chaos does it)");
    }
    return jar;
  }

  private static List<ServiceProcess> instances(
      Map<String, ServiceProcess> services, String service) {
    return services.values().stream().filter(p -> p.name().startsWith(service + "-")).toList();
  }

  /** Registers the receiver for every event (no tags), retrying while publish is not answering. */
  private static void registerWebhook(String publishUrl, String receiverUrl) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String body =
        new ObjectMapper()
            .createObjectNode()
            .put("url", receiverUrl)
            .put("secret", "chaos-webhook-secret-0123456789")
            .set("tags", new ObjectMapper().createArrayNode())
            .toString();
    String last = "";
    for (int i = 0; i < 60; i++) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(publishUrl + "/v1/webhooks"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + SUBSCRIBER_KEY)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 201) {
        return;
      }
      last = r.statusCode() + " " + r.body();
      if (r.statusCode() >= 400 && r.statusCode() < 500) {
        throw new IllegalStateException("publish refused the webhook: " + last);
      }
      Thread.sleep(1_000);
    }
    throw new IllegalStateException("could not register the webhook: " + last);
  }

  /**
   * Reads the topics and the subscribers' records until nothing is missing any more, or, after
   * {@code settleTimeout}, until a check finds no progress since the one before (a slow subscriber
   * still catching up is waited for; one that stopped is not): what is still missing then is lost.
   * Never longer than four times {@code settleTimeout}.
   */
  private History settle(
      LoadGenerator load,
      Subscribers.SseClient sse,
      Subscribers.WebhookReceiver webhook,
      TopicHistory topics) {
    long start = System.nanoTime();
    long deadline = start + s.settleTimeout().toNanos();
    long cap = start + 4 * s.settleTimeout().toNanos();
    int before = Integer.MAX_VALUE;
    History h;
    while (true) {
      h =
          new History(
              load.accepted(),
              load.answers(),
              topics.raw(),
              topics.enriched(),
              topics.events(Topics.PUBLISHED),
              topics.tagTopics(),
              topics.events(Topics.STORIES_LATEST),
              sse.received(),
              webhook.received(),
              List.of(),
              topics.deadLetters());
      Verdict v = Checker.check(h);
      int missing = v.lostTotal() + v.staleLatest();
      out.printf(
          "  settling: %d published, %d by SSE, %d by webhook; missing %d, stale latest %d (t+%d s)%n",
          h.published().size(),
          h.sse().size(),
          h.webhook().size(),
          v.lostTotal(),
          v.staleLatest(),
          seconds(start));
      long now = System.nanoTime();
      if (missing == 0 || now - cap > 0 || (now - deadline > 0 && missing >= before)) {
        return h;
      }
      before = missing;
      Subscribers.sleepQuietly(3_000);
    }
  }

  private static void awaitUntil(
      java.util.function.BooleanSupplier condition, Duration timeout, String failure) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(failure + " within " + timeout);
      }
      Subscribers.sleepQuietly(100);
    }
  }

  private synchronized <T extends AutoCloseable> T track(T c) {
    open.push(c);
    return c;
  }

  private synchronized void closeAll() {
    while (!open.isEmpty()) {
      try {
        open.pop().close();
      } catch (Exception e) {
        out.println("chaos: error while stopping: " + e);
      }
    }
  }

  private static long seconds(long since) {
    return (System.nanoTime() - since) / 1_000_000_000L;
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort
    }
  }
}
