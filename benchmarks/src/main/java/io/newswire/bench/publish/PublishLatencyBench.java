package io.newswire.bench.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.newswire.bench.HttpLoad;
import io.newswire.enrich.EnrichService;
import io.newswire.infra.EmbeddedKafka;
import io.newswire.infra.RegistryProcess;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.SchemaProvisioner;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.StreamsApp;
import io.newswire.platform.Topic;
import io.newswire.platform.TopicProvisioner;
import io.newswire.platform.Topics;
import io.newswire.platform.core.access.KeyRing;
import io.newswire.publish.PublishService;
import io.newswire.publish.core.SubscriberKeys;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * End-to-end latency of the pipeline, from ingest's 202 to the event on news.published.v1 and on
 * the SSE stream, next to a single Kafka Streams pass-through hop (exactly_once_v2, the same
 * Streams settings) on the same broker in the same run. See docs/performance-publish.md.
 *
 * <pre>
 * java -cp ... io.newswire.bench.publish.PublishLatencyBench [--rate 1000] [--seconds 20] [--partitions 3]
 *     [--saturation-seconds 15] [--in-flight 256] [--warmup-seconds 30] [--commit-interval-ms N]
 *     [--flash-rate 5]   (flashes, urgency 1, a second on top of the ordinary rate; 0: none)
 *     [--client key=value,key=value]   (Kafka client settings for every client of the services, as KAFKA_CLIENT_*)
 * </pre>
 */
public final class PublishLatencyBench {
  /** The subscriber the benchmark reads the event stream as (scope read). */
  static final String SUBSCRIBER_KEY = "bench-reader-key";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * Posting threads of the load generator (Apache HttpClient, {@link HttpLoad}); the SSE tail keeps
   * the JDK client.
   */
  private static final int POSTERS = 64;

  private static final HttpLoad LOAD = new HttpLoad(POSTERS);
  private static final String PASS_IN = "bench.passthrough.in";
  private static final String PASS_OUT = "bench.passthrough.out";
  private static final int AGENCIES = 8;

  /** Intermediate topics observed, in pipeline order. */
  private static final Map<String, Arrivals> STAGES = new java.util.LinkedHashMap<>();

  private PublishLatencyBench() {}

  record Result(
      String what,
      double offeredPerSec,
      long count,
      double throughput,
      double p50,
      double p99,
      double max) {
    String row() {
      return String.format(
          Locale.ROOT,
          "| %s | %s | %d | %.0f | %.1f | %.1f | %.1f |",
          what,
          offeredPerSec <= 0 ? "max" : String.format(Locale.ROOT, "%.0f", offeredPerSec),
          count,
          throughput,
          p50,
          p99,
          max);
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int rate = Integer.parseInt(a.getOrDefault("rate", "1000"));
    int seconds = Integer.parseInt(a.getOrDefault("seconds", "20"));
    int partitions = Integer.parseInt(a.getOrDefault("partitions", "3"));
    int satSeconds = Integer.parseInt(a.getOrDefault("saturation-seconds", "15"));
    int inFlight = Integer.parseInt(a.getOrDefault("in-flight", "256"));
    int warmupSeconds = Integer.parseInt(a.getOrDefault("warmup-seconds", "30"));
    String commitInterval = a.getOrDefault("commit-interval-ms", "");
    int flashRate = Integer.parseInt(a.getOrDefault("flash-rate", "5"));

    Path state = Files.createTempDirectory("newswire-bench-publish-");
    List<AutoCloseable> started = new ArrayList<>();
    List<Result> results = new ArrayList<>();
    try {
      EmbeddedKafka kafka =
          track(started, EmbeddedKafka.start(new EmbeddedKafka.Options(0, null, partitions)));
      RegistryProcess registry =
          track(started, RegistryProcess.start(RegistryProcess.Options.defaults()));
      Map<String, String> overrides = new HashMap<>();
      if (!commitInterval.isEmpty()) {
        overrides.put("commit.interval.ms", commitInterval);
      }
      for (String kv : a.getOrDefault("client", "").split(",")) {
        if (kv.contains("=")) {
          overrides.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
      }
      KafkaSettings settings =
          new KafkaSettings(kafka.bootstrapServers(), registry.baseUrl(), overrides);
      try (Admin admin =
          Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
        var specs = new ArrayList<>(Topics.all(partitions));
        specs.add(
            new Topics.Spec(
                new Topic<>(PASS_IN, String.class, byte[].class), partitions, Map.of(), "bench"));
        specs.add(
            new Topics.Spec(
                new Topic<>(PASS_OUT, String.class, byte[].class), partitions, Map.of(), "bench"));
        new TopicProvisioner(admin, (short) 1).createMissing(specs);
        new SchemaProvisioner(settings).provision(Topics.all(partitions));
      }
      track(
          started,
          EnrichService.start(
              new EnrichService.Config(
                  "127.0.0.1", 0, "bench-enrich", state.resolve("enrich").toString(), settings)));
      PublishService publish =
          track(
              started,
              PublishService.start(
                  new PublishService.Config(
                          "127.0.0.1",
                          0,
                          "bench-publish",
                          state.resolve("publish").toString(),
                          settings)
                      .withSubscriberKeys(
                          SubscriberKeys.parse("bench:" + KeyRing.sha256Hex(SUBSCRIBER_KEY)))));
      Map<String, String> keys = new HashMap<>();
      StringBuilder spec = new StringBuilder();
      for (int i = 0; i < AGENCIES; i++) {
        keys.put("bench" + i, "bench-key-" + i);
        spec.append(i == 0 ? "" : ",")
            .append("bench")
            .append(i)
            .append(':')
            .append(ApiKeys.sha256Hex("bench-key-" + i));
      }
      IngestService ingest =
          track(
              started,
              IngestService.start(
                  new IngestConfig(
                      "127.0.0.1", 0, ApiKeys.parse(spec.toString()), 1 << 20, settings)));
      StreamsApp pass = track(started, passThrough(settings, state.resolve("pass").toString()));
      pass.start();

      Arrivals published = new Arrivals();
      track(started, published.tailTopic(settings, Topics.PUBLISHED));
      // Where the time goes: when each story becomes visible (read_committed) after each stage.
      STAGES.put(Topics.RAW, new Arrivals());
      STAGES.put(Topics.ENRICHED, new Arrivals());
      for (var stage : STAGES.entrySet()) {
        track(started, stage.getValue().tailTopic(settings, stage.getKey()));
      }
      Arrivals sse = new Arrivals();
      track(started, sse.tailSse("http://127.0.0.1:" + publish.port() + "/v1/stream"));
      Arrivals passed = new Arrivals();
      track(started, passed.tailTopic(settings, PASS_OUT));

      String ingestUrl = "http://127.0.0.1:" + ingest.port() + "/v1/stories";
      System.err.println("warming up…");
      // Everything runs in this one JVM (broker, three services, load generator): the JIT keeps
      // compiling for tens of
      // seconds, so the warm-up runs at the measured rate, long enough for the figures to settle.
      e2e(
          "warm-up",
          ingestUrl,
          new Load(rate, warmupSeconds, inFlight, flashRate),
          published,
          sse,
          results);
      passThroughRun("warm-up", settings, new Load(200, 10, 0, 0), passed, results);
      results.clear();

      e2e("e2e", ingestUrl, new Load(rate, seconds, inFlight, flashRate), published, sse, results);
      passThroughRun("pass-through hop", settings, new Load(rate, seconds, 0, 0), passed, results);
      e2e("e2e", ingestUrl, new Load(0, satSeconds, inFlight, flashRate), published, sse, results);
      passThroughRun(
          "pass-through hop", settings, new Load(0, satSeconds, inFlight * 8, 0), passed, results);

      System.out.println();
      System.out.println("| run | offered/s | events | delivered/s | p50 ms | p99 ms | max ms |");
      System.out.println("|---|---|---|---|---|---|---|");
      results.forEach(r -> System.out.println(r.row()));
    } finally {
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception e) {
          System.err.println("closing: " + e);
        }
      }
      deleteRecursively(state);
    }
  }

  /** The services' state directories (RocksDB) of this run, ~100 MB; nothing of them is reused. */
  static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static <T extends AutoCloseable> T track(List<AutoCloseable> l, T c) {
    l.add(c);
    return c;
  }

  static StreamsApp passThrough(KafkaSettings settings, String stateDir) {
    StreamsBuilder b = new StreamsBuilder();
    b.stream(PASS_IN, Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .to(PASS_OUT, Produced.with(Serdes.String(), Serdes.ByteArray()));
    Properties p = StreamsApp.properties(settings, "bench-pass-through", stateDir);
    return new StreamsApp(b.build(), p, null);
  }

  /** When each key arrived (nanoTime), from a topic or the SSE stream. */
  static final class Arrivals {
    final Map<String, Long> at = new ConcurrentHashMap<>();

    AutoCloseable tailTopic(KafkaSettings s, String topic) {
      AtomicBoolean run = new AtomicBoolean(true);
      Map<String, Object> p = new HashMap<>(s.clientProps());
      p.put("isolation.level", "read_committed");
      p.put("enable.auto.commit", false);
      KafkaConsumer<String, byte[]> c =
          new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
      Thread t =
          new Thread(
              () -> {
                try (c) {
                  List<TopicPartition> parts =
                      c.partitionsFor(topic).stream()
                          .map(x -> new TopicPartition(topic, x.partition()))
                          .toList();
                  c.assign(parts);
                  c.seekToEnd(parts);
                  while (run.get()) {
                    c.poll(Duration.ofMillis(100))
                        .forEach(r -> at.putIfAbsent(r.key(), System.nanoTime()));
                  }
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                  // closing
                }
              },
              "tail-" + topic);
      t.start();
      return () -> {
        run.set(false);
        c.wakeup();
        t.join(5000);
      };
    }

    AutoCloseable tailSse(String url) throws Exception {
      HttpResponse<InputStream> res =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Accept", "text/event-stream")
                  .header("Authorization", "Bearer " + SUBSCRIBER_KEY)
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      if (res.statusCode() != 200) {
        res.body().close();
        throw new IllegalStateException("publish refused the SSE stream: HTTP " + res.statusCode());
      }
      InputStream body = res.body();
      Thread t =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                  for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("data:") && line.contains("\"specversion\"")) {
                      long now = System.nanoTime();
                      JsonNode n = ServiceHttp.JSON.readTree(line.substring(5));
                      at.putIfAbsent(n.path("subject").asText(), now);
                    }
                  }
                } catch (Exception e) {
                  // closed
                }
              },
              "tail-sse");
      t.start();
      return () -> {
        body.close();
        t.join(5000);
      };
    }
  }

  /**
   * The load of a run: {@code rate} requests a second, or with a rate of 0 a closed loop with
   * {@code inFlight} requests outstanding, for {@code seconds}; on top of it, {@code flashRate}
   * flashes (urgency 1) a second, each posted beside an ordinary story (in a closed loop: one
   * beside every 200th).
   */
  record Load(int rate, int seconds, int inFlight, int flashRate) {
    /** Whether request {@code i} also posts a flash. */
    boolean flashAt(long i) {
      if (flashRate <= 0) {
        return false;
      }
      long every = rate > 0 ? Math.max(1, rate / flashRate) : 200;
      return i % every == every - 1;
    }

    /** The rate offered, as the results give it: 0 for a closed loop. */
    double offered() {
      return rate > 0 ? rate : 0;
    }

    /**
     * Waits until request {@code i} of a run that started at {@code t0} ({@code nanoTime}) is due,
     * at once in a closed loop; false, without waiting, once the run's time is up.
     */
    boolean awaitTurn(long t0, long i) throws InterruptedException {
      if (System.nanoTime() >= t0 + TimeUnit.SECONDS.toNanos(seconds)) {
        return false;
      }
      if (rate > 0) {
        long wait = t0 + i * 1_000_000_000L / rate - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      return true;
    }
  }

  /** Stories posted to ingest under {@code load}, followed to news.published.v1 and SSE. */
  static void e2e(
      String name, String url, Load load, Arrivals published, Arrivals sse, List<Result> out)
      throws Exception {
    String run = Long.toString(System.nanoTime(), 36);
    Map<String, Long> acked = new ConcurrentHashMap<>();
    Map<String, Long> flashes = new ConcurrentHashMap<>();
    int inFlight = load.inFlight();
    Semaphore window = new Semaphore(inFlight);
    AtomicLong refused = new AtomicLong();
    ExecutorService posters = Executors.newFixedThreadPool(Math.min(inFlight, POSTERS));
    long t0 = System.nanoTime();
    for (long i = 0; load.awaitTurn(t0, i); i++) {
      int agency = (int) (i % AGENCIES);
      post(posters, window, refused, url, agency, "b-" + run + "-" + i, i, null, acked);
      if (load.flashAt(i)) {
        post(posters, window, refused, url, agency, "f-" + run + "-" + i, i, 1, flashes);
      }
    }
    window.acquire(inFlight);
    window.release(inFlight);
    posters.shutdown();
    awaitAll(acked, published, Duration.ofSeconds(120));
    awaitAll(flashes, published, Duration.ofSeconds(10));
    awaitAll(acked, sse, Duration.ofSeconds(30));
    awaitAll(flashes, sse, Duration.ofSeconds(10));
    if (refused.get() > 0) {
      System.err.printf("%s: %d requests not accepted%n", name, refused.get());
    }
    double offered = load.offered();
    for (var stage : STAGES.entrySet()) {
      awaitAll(acked, stage.getValue(), Duration.ofSeconds(10));
      out.add(result(name + " → " + stage.getKey() + " (stage)", offered, acked, stage.getValue()));
    }
    out.add(result(name + " → news.published.v1", offered, acked, published));
    out.add(result(name + " → SSE", offered, acked, sse));
    if (!flashes.isEmpty()) {
      out.add(result(name + " flashes → news.published.v1", offered, flashes, published));
      out.add(result(name + " flashes → SSE", offered, flashes, sse));
    }
  }

  /**
   * Posts one story (version 1, JSON, tagged AI + ASEAN + digital transformation by enrich) as
   * agency {@code agency}, with {@code urgency} when not null; records when its 202 came in {@code
   * acked}.
   */
  static void post(
      ExecutorService posters,
      Semaphore window,
      AtomicLong refused,
      String url,
      int agency,
      String id,
      long i,
      Integer urgency,
      Map<String, Long> acked)
      throws InterruptedException {
    window.acquire();
    String urn = "urn:newswire:bench" + agency + ":" + id;
    String body =
        "{\"agencyStoryId\":\""
            + id
            + "\",\"version\":1,\"language\":\"en\","
            + (urgency == null ? "" : "\"urgency\":" + urgency + ",")
            + "\"headline\":"
            + "\"ASEAN ministers adopt a roadmap on artificial intelligence "
            + i
            + "\",\"body\":\"HANOI (VNA) - "
            + "Digital ministers of ASEAN adopted a roadmap on digital transformation and artificial intelligence, "
            + "story "
            + i
            + ". The roadmap covers data governance, cross-border payments and skills.\"}";
    byte[] json = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = Map.of("Authorization", "Bearer bench-key-" + agency);
    posters.execute(
        () -> {
          int status;
          try {
            status = LOAD.postJson(url, headers, json);
          } catch (RuntimeException e) {
            status = -1;
          }
          long now = System.nanoTime();
          window.release();
          if (status == 202) {
            acked.put(urn, now);
          } else {
            refused.incrementAndGet();
          }
        });
  }

  /** Records sent under {@code load} through the pass-through hop. */
  static void passThroughRun(
      String name, KafkaSettings s, Load load, Arrivals passed, List<Result> out) throws Exception {
    String run = Long.toString(System.nanoTime(), 36);
    Map<String, Long> acked = new ConcurrentHashMap<>();
    byte[] payload = new byte[1200]; // about a NewsEvent's size
    Arrays.fill(payload, (byte) 'x');
    Map<String, Object> p = new HashMap<>(s.clientProps());
    p.put("acks", "all");
    p.put("enable.idempotence", true);
    p.put("linger.ms", 5);
    Semaphore window = new Semaphore(load.inFlight() > 0 ? load.inFlight() : Integer.MAX_VALUE / 2);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      long t0 = System.nanoTime();
      for (long i = 0; load.awaitTurn(t0, i); i++) {
        window.acquire();
        String key = "p-" + run + "-" + i;
        producer.send(
            new ProducerRecord<>(PASS_IN, key, payload),
            (md, err) -> {
              window.release();
              if (err == null) {
                acked.put(key, System.nanoTime());
              }
            });
      }
      producer.flush();
    }
    awaitAll(acked, passed, Duration.ofSeconds(120));
    out.add(result(name, load.offered(), acked, passed));
  }

  static void awaitAll(Map<String, Long> acked, Arrivals arrivals, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && !arrivals.at.keySet().containsAll(acked.keySet())) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  static Result result(String what, double offered, Map<String, Long> acked, Arrivals arrivals) {
    List<Double> lat = new ArrayList<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (var e : acked.entrySet()) {
      Long at = arrivals.at.get(e.getKey());
      first = Math.min(first, e.getValue());
      if (at != null) {
        lat.add((at - e.getValue()) / 1e6);
        last = Math.max(last, at);
      }
    }
    if (lat.size() < acked.size()) {
      System.err.printf(
          "%s: %d of %d never arrived%n", what, acked.size() - lat.size(), acked.size());
    }
    double[] sorted = lat.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double secs = last > first ? (last - first) / 1e9 : Double.NaN;
    return new Result(
        what,
        offered,
        sorted.length,
        sorted.length / secs,
        pct(sorted, 50),
        pct(sorted, 99),
        sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
  }

  static double pct(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
  }
}
