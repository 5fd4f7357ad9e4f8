package io.newswire.bench.ingest;

import io.javalin.Javalin;
import io.newswire.bench.HttpLoad;
import io.newswire.infra.EmbeddedKafka;
import io.newswire.infra.RegistryProcess;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.SchemaProvisioner;
import io.newswire.platform.TopicProvisioner;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.StoryFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Ingest throughput of 3 KB Newswire JSON stories over HTTP (keep-alive, several concurrent
 * clients) against a real broker, next to the broker's raw producer throughput for the same
 * records, measured in the same run on the same machine. Not a test: run it by hand and copy the
 * figures into docs/performance-ingest.md.
 *
 * <p>Arguments (all optional): {@code stories} (default 40000), {@code clients} (default 32),
 * {@code warmup} (default 20000: the broker, Jetty and the Kafka clients share one JVM and keep the
 * JIT busy for tens of seconds), {@code writers} (default 2, as {@code INGEST_WRITERS}), {@code
 * key=value,...} (Kafka client settings for the service's and the raw producer's clients, as {@code
 * KAFKA_CLIENT_*} would set them).
 */
public final class IngestBenchmark {
  private IngestBenchmark() {}

  static final String KEY = "bench-key";

  public static void main(String[] args) throws Exception {
    int stories = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    int writers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    Map<String, String> clientSettings = new java.util.HashMap<>();
    for (String kv : (args.length > 4 ? args[4] : "").split(",")) {
      if (kv.contains("=")) {
        clientSettings.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    String body = body3k();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults());
        RegistryProcess registry = RegistryProcess.start(RegistryProcess.Options.defaults())) {
      KafkaSettings settings =
          new KafkaSettings(kafka.bootstrapServers(), registry.baseUrl(), clientSettings);
      try (Admin admin =
          Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
        new TopicProvisioner(admin, (short) 1).createMissing(Topics.all(3));
      }
      new SchemaProvisioner(settings).provision(Topics.all(3));

      rawProducer(settings, "raw-warmup", warmup, body);
      double raw = rawProducer(settings, "raw", stories, body);
      IngestConfig config =
          new IngestConfig(
                  "127.0.0.1",
                  0,
                  ApiKeys.parse("bench:" + ApiKeys.sha256Hex(KEY)),
                  1 << 20,
                  settings)
              .withRateLimits("*:10000000")
              .withInstanceId("bench-" + UUID.randomUUID())
              .withWriters(writers);
      double http;
      try (IngestService ingest = IngestService.start(config)) {
        httpIngest(ingest.port(), "warm", warmup, clients, body);
        http = httpIngest(ingest.port(), "http", stories, clients, body);
      }
      double floor = httpFloor(clients, warmup, stories, body);
      System.out.printf(
          "%nRESULT stories=%d clients=%d writers=%d payload=%d bytes%n",
          stories, clients, writers, json("x", body).length);
      System.out.printf(
          "RESULT raw producer (Avro RawStory, acks=all, idempotent, lz4): %.0f records/s%n", raw);
      System.out.printf(
          "RESULT HTTP ingest (parse, idempotency, transaction story+receipt, 202): %.0f stories/s%n",
          http);
      System.out.printf(
          "RESULT HTTP floor (same client, a Javalin handler that reads the body and answers 202, no "
              + "parsing, no Kafka): %.0f requests/s%n",
          floor);
      System.out.printf(
          "RESULT ratio HTTP/raw: %.2f  ratio HTTP/floor: %.2f%n", http / raw, http / floor);
    }
  }

  /**
   * The ceiling any HTTP ingest can reach on this machine with this client: the same requests to a
   * Javalin handler (same server stack as ingest-service) that only reads the body and answers 202
   * with a small JSON body.
   */
  static double httpFloor(int clients, int warmup, int stories, String body) throws Exception {
    Javalin app =
        Javalin.create(
                c ->
                    c.routes.post(
                        "/v1/stories",
                        ctx -> {
                          byte[] b = ctx.bodyAsBytes();
                          ctx.status(202).json(Map.of("status", "accepted", "bytes", b.length));
                        }))
            .start("127.0.0.1", 0);
    try {
      httpIngest(app.port(), "floor-warm", warmup, clients, body);
      return httpIngest(app.port(), "floor", stories, clients, body);
    } finally {
      app.stop();
    }
  }

  static String body3k() {
    StringBuilder b = new StringBuilder("HANOI, Nov. 27 (VNA) - ");
    String para =
        "Digital ministers of ASEAN adopted a roadmap on the digital economy, artificial intelligence and "
            + "cross-border data flows, which the ten member states will carry out by 2030. ";
    while (b.length() < 2_900) {
      b.append(para);
      if (b.length() % 3 == 0) {
        b.append("\\n");
      }
    }
    return b.substring(0, 2_900);
  }

  static byte[] json(String id, String body) {
    return ("{\"agencyStoryId\":\""
            + id
            + "\",\"version\":1,\"headline\":\"ASEAN ministers adopt roadmap\","
            + "\"language\":\"en\",\"firstCreated\":\"2026-11-27T09:30:00+07:00\",\"body\":\""
            + body
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The same records the service writes, produced directly: acks=all, idempotent, lz4, no HTTP, no
   * transaction.
   */
  static double rawProducer(KafkaSettings kafka, String prefix, int n, String body)
      throws Exception {
    Map<String, Object> props = kafka.clientProps();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    io.newswire.schema.Contracts
        .trustGeneratedClasses(); // the builder reads record-typed defaults (agencySubjects)
    List<RawStory> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = prefix + "-" + i;
      records.add(
          RawStory.newBuilder()
              .setUrn("urn:newswire:bench:" + id)
              .setAgency("bench")
              .setAgencyStoryId(id)
              .setVersion(1)
              .setReceivedAt(Instant.now())
              .setIngestId(UUID.randomUUID().toString())
              .setFormat(StoryFormat.NEWSWIRE_JSON)
              .setContentType("application/json")
              .setPayload(ByteBuffer.wrap(json(id, body)))
              .setPubStatus(PubStatus.usable)
              .setParsed(
                  ParsedFields.newBuilder()
                      .setHeadline("ASEAN ministers adopt roadmap")
                      .setBody(body)
                      .setLanguage("en")
                      .setFirstCreated("2026-11-27T09:30:00+07:00")
                      .build())
              .build());
    }
    try (Producer<String, RawStory> p =
        new KafkaProducer<>(
            props, new StringSerializer(), AvroSerdes.<RawStory>serializer(kafka, false))) {
      p.send(new ProducerRecord<>(Topics.RAW, "urn:newswire:bench:first", records.get(0))).get();
      long start = System.nanoTime();
      AtomicLong failed = new AtomicLong();
      for (RawStory r : records) {
        p.send(
            new ProducerRecord<>(Topics.RAW, r.getUrn(), r),
            (md, e) -> {
              if (e != null) {
                failed.incrementAndGet();
              }
            });
      }
      p.flush();
      double rate = n / ((System.nanoTime() - start) / 1e9);
      System.out.printf(
          "%s: %d records in %.2f s = %.0f records/s (%d failed)%n",
          prefix, n, (System.nanoTime() - start) / 1e9, rate, failed.get());
      return rate;
    }
  }

  /**
   * {@code clients} threads, each posting its share one after the other over a keep-alive
   * connection.
   */
  static double httpIngest(int port, String prefix, int n, int clients, String body)
      throws Exception {
    String url = "http://127.0.0.1:" + port + "/v1/stories";
    Map<String, String> headers = Map.of("Authorization", "Bearer " + KEY);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger notAccepted = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> done = new ArrayList<>();
    long start;
    try (HttpLoad http = new HttpLoad(clients)) {
      start = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        done.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < n) {
                    if (http.postJson(url, headers, json(prefix + "-" + i, body)) != 202) {
                      notAccepted.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    System.out.printf(
        "%s: %d stories in %.2f s = %.0f stories/s (%d not accepted)%n",
        prefix, n, seconds, n / seconds, notAccepted.get());
    if (notAccepted.get() > 0) {
      throw new IllegalStateException(notAccepted.get() + " stories were not accepted");
    }
    return n / seconds;
  }
}
