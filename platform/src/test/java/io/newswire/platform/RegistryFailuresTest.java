package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import io.apicurio.registry.resolver.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.newswire.platform.RegistryFailures.Kind;
import io.newswire.schema.v1.IngestReceipt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The classifier over the exceptions Apicurio's real serdes throw, against a closed port and small
 * HTTP servers that answer as a failing registry does. (A stopped and a restarted real registry,
 * and one that never answers: {@code RegistryFailuresIT}.)
 */
class RegistryFailuresTest {
  static final String TOPIC = "news.ingest.receipts.v1";

  /** A record in the wire format naming content id 12345, which the fake registries do not know. */
  static final byte[] UNKNOWN_ID = {0, 0, 0, 0x30, 0x39, 2, 3};

  /**
   * What Apicurio Registry answers for an unknown content id (captured from 2.4.2, see
   * RegistryFailuresIT).
   */
  static final String CONTENT_NOT_FOUND =
      "{\"message\":\"No content with id/hash 'contentId-12345' was found.\","
          + "\"error_code\":404,\"detail\":\"ContentNotFoundException: No content with id/hash 'contentId-12345' was "
          + "found.\",\"name\":\"ContentNotFoundException\"}";

  static {
    io.newswire.schema.Contracts.trustGeneratedClasses();
  }

  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A registry that answers every request with {@code status} and {@code body}. */
  KafkaSettings answering(int status, String contentType, String body) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        x -> {
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", contentType);
          x.sendResponseHeaders(status, b.length);
          x.getResponseBody().write(b);
          x.close();
        });
    server.start();
    return new KafkaSettings("127.0.0.1:9", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  static KafkaSettings closedPort() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return new KafkaSettings("127.0.0.1:9", "http://127.0.0.1:" + port);
  }

  static Throwable deserializing(KafkaSettings registry, byte[] value) {
    return catchThrowable(
        () -> AvroSerdes.<IngestReceipt>deserializer(registry, false).deserialize(TOPIC, value));
  }

  static Throwable serializing(KafkaSettings registry) {
    IngestReceipt r =
        IngestReceipt.newBuilder()
            .setUrn("urn:newswire:vna:1")
            .setVersion(1)
            .setIngestId("i")
            .setContentHash("h")
            .setAcceptedAt(Instant.parse("2026-11-27T02:00:00Z"))
            .build();
    return catchThrowable(
        () -> AvroSerdes.<IngestReceipt>serializer(registry, false).serialize(TOPIC, r));
  }

  @Test
  void aClosedPortIsUnavailable_readingAndWriting() throws IOException {
    KafkaSettings registry = closedPort();
    for (Throwable t :
        new Throwable[] {deserializing(registry, UNKNOWN_ID), serializing(registry)}) {
      assertThat(t).isNotNull();
      assertThat(RegistryFailures.classify(t)).as(t.toString()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(RegistryFailures.describe(t)).isEqualTo("no answer (ConnectException)");
      // as Kafka Streams hands it to the handlers and to the uncaught-exception handler
      assertThat(
              RegistryFailures.classify(
                  new StreamsException("failed", new SerializationException(t))))
          .isEqualTo(Kind.UNAVAILABLE);
    }
  }

  @Test
  void serverErrorsAreUnavailable_whateverTheBody() {
    Throwable plain =
        deserializing(answering(503, "text/plain", "upstream connect error"), UNKNOWN_ID);
    assertThat(RegistryFailures.classify(plain)).isEqualTo(Kind.UNAVAILABLE);
    assertThat(RegistryFailures.describe(plain)).isEqualTo("HTTP 503");
    stop();
    Throwable json =
        serializing(
            answering(
                500,
                "application/json",
                "{\"error_code\":500,\"message\":\"Database is closed\",\"name\":\"RegistryStorageException\"}"));
    assertThat(RegistryFailures.classify(json)).isEqualTo(Kind.UNAVAILABLE);
    assertThat(RegistryFailures.describe(json)).isEqualTo("HTTP 500 RegistryStorageException");
  }

  @Test
  void refusalsOfUsRatherThanOfTheRecordAreUnavailable() {
    for (int status : new int[] {401, 403, 429}) {
      Throwable t = deserializing(answering(status, "text/plain", "no"), UNKNOWN_ID);
      assertThat(RegistryFailures.classify(t))
          .as("HTTP " + status + ": " + t)
          .isEqualTo(Kind.UNAVAILABLE);
      stop();
    }
    // a 404 that is not Apicurio's (a proxy, a REGISTRY_URL pointing elsewhere) is no verdict on
    // the schema id
    Throwable html =
        deserializing(answering(404, "text/html", "<html>Not Found</html>"), UNKNOWN_ID);
    assertThat(RegistryFailures.classify(html)).isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void aContentIdTheRegistryDoesNotKnowIsAnUnknownSchema() {
    Throwable t = deserializing(answering(404, "application/json", CONTENT_NOT_FOUND), UNKNOWN_ID);
    assertThat(RegistryFailures.classify(t)).isEqualTo(Kind.UNKNOWN_SCHEMA);
    assertThat(RegistryFailures.describe(t))
        .isEqualTo(
            "ContentNotFoundException: No content with id/hash 'contentId-12345' was found.");
    assertThat(RegistryFailures.classify(new StreamsException(new SerializationException("x", t))))
        .isEqualTo(Kind.UNKNOWN_SCHEMA);
  }

  @Test
  void theRegistrysVerdictOnTheContentIsTheRecordsProblem() {
    Throwable t =
        serializing(
            answering(
                409,
                "application/json",
                "{\"error_code\":409,\"message\":\"Incompatible artifact\",\"name\":\"RuleViolationException\"}"));
    assertThat(t).isNotNull();
    assertThat(RegistryFailures.classify(t))
        .as(t.toString())
        .isEqualTo(Kind.NOT_A_REGISTRY_PROBLEM);
  }

  /** A registry that knows content id 1, the receipt schema; and a receipt written with that id. */
  byte[] registryKnowingId1() throws IOException {
    answering(200, "application/json", IngestReceipt.getClassSchema().toString());
    server.createContext(
        "/apis/registry/v2/ids/contentIds/1/references",
        x -> {
          x.getResponseHeaders().add("Content-Type", "application/json");
          x.sendResponseHeaders(200, 2);
          x.getResponseBody().write("[]".getBytes(StandardCharsets.UTF_8));
          x.close();
        });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0, 0, 0, 0, 1});
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<IngestReceipt>(IngestReceipt.getClassSchema())
        .write(
            IngestReceipt.newBuilder()
                .setUrn("urn:newswire:vna:1")
                .setVersion(1)
                .setIngestId("i")
                .setContentHash("h")
                .setAcceptedAt(Instant.parse("2026-11-27T02:00:00Z"))
                .build(),
            encoder);
    encoder.flush();
    return out.toByteArray();
  }

  KafkaSettings registry() {
    return new KafkaSettings("127.0.0.1:9", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void aBadRecordIsNotARegistryProblem_evenWithAnIoExceptionInItsChain() throws IOException {
    byte[] good = registryKnowingId1();
    KafkaSettings registry = registry();
    assertThat(deserializing(registry, good))
        .isNull(); // the registry answers: the whole record reads

    Throwable truncated = deserializing(registry, Arrays.copyOf(good, 9));
    assertThat(truncated).isNotNull();
    assertThat(RegistryFailures.classify(truncated))
        .as(truncated.toString())
        .isEqualTo(Kind.NOT_A_REGISTRY_PROBLEM);

    Throwable notAvro = deserializing(registry, "not avro".getBytes(StandardCharsets.UTF_8));
    assertThat(RegistryFailures.classify(notAvro)).isEqualTo(Kind.NOT_A_REGISTRY_PROBLEM);
    assertThat(RegistryFailures.classify(new IOException("Connection reset")))
        .isEqualTo(Kind.NOT_A_REGISTRY_PROBLEM);
    assertThat(RegistryFailures.registryCause(new IllegalStateException("x"))).isEmpty();
  }

  @Test
  void aDeserializerKeepsReadingWithTheSchemaItHasWhenTheRegistryGoesAwayAfterItsCheckPeriod()
      throws Exception {
    byte[] good = registryKnowingId1();
    Map<String, Object> config = AvroSerdes.config(registry());
    config.put(SchemaResolverConfig.CHECK_PERIOD_MS, 50L); // AvroSerdes keeps Apicurio's 30 s
    AvroKafkaDeserializer<IngestReceipt> reader = new AvroKafkaDeserializer<>();
    reader.configure(config, false);
    assertThat(reader.deserialize(TOPIC, good).getUrn()).isEqualTo("urn:newswire:vna:1");

    server.stop(0);
    server = null;
    Thread.sleep(200); // the cached schema is now due for a refresh, which fails
    assertThat(reader.deserialize(TOPIC, good).getUrn()).isEqualTo("urn:newswire:vna:1");
  }
}
