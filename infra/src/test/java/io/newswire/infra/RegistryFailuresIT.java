package io.newswire.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.RegistryFailures;
import io.newswire.platform.RegistryRequestTimeout;
import io.newswire.schema.v1.IngestReceipt;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Apicurio's serdes throw when the real registry is stopped, restarted (with and without its
 * storage) or does not answer, and how {@link RegistryFailures} reads it. (Fake registries
 * answering 5xx, 401, 429: RegistryFailuresTest.)
 */
@Timeout(180)
class RegistryFailuresIT {

  private static final String TOPIC = "news.ingest.receipts.v1";

  private static IngestReceipt receipt() {
    return IngestReceipt.newBuilder()
        .setUrn("urn:newswire:vna:1")
        .setVersion(1)
        .setIngestId("i")
        .setContentHash("h")
        .setAcceptedAt(Instant.parse("2026-11-27T02:00:00Z"))
        .build();
  }

  private static KafkaSettings at(RegistryProcess registry) {
    return new KafkaSettings("127.0.0.1:9", registry.baseUrl());
  }

  private static Throwable reading(KafkaSettings registry, byte[] value) {
    return catchThrowable(
        () -> AvroSerdes.<IngestReceipt>deserializer(registry, false).deserialize(TOPIC, value));
  }

  @Test
  void
      aStoppedRegistryIsUnavailable_aRestartOnItsDataKeepsTheIds_oneWithoutItsStorageDoesNotKnowThem(
          @TempDir Path tmp) throws Exception {
    RegistryProcess.Options options =
        RegistryProcess.Options.defaults()
            .withDataDir(tmp.resolve("data"))
            .withLogFile(tmp.resolve("registry.log"));
    byte[] written;
    int port;
    try (RegistryProcess registry = RegistryProcess.start(options)) {
      port = registry.port();
      written =
          AvroSerdes.<IngestReceipt>serializer(at(registry), false).serialize(TOPIC, receipt());
      assertThat(reading(at(registry), written)).isNull();

      registry.close();
      Throwable reader = reading(at(registry), written); // a fresh deserializer: nothing cached
      Throwable writer =
          catchThrowable(
              () ->
                  AvroSerdes.<IngestReceipt>serializer(at(registry), false)
                      .serialize(TOPIC, receipt()));
      for (Throwable t : List.of(reader, writer)) {
        assertThat(RegistryFailures.classify(t))
            .as(t.toString())
            .isEqualTo(RegistryFailures.Kind.UNAVAILABLE);
        assertThat(RegistryFailures.describe(t)).isEqualTo("no answer (ConnectException)");
      }
    }

    try (RegistryProcess again = RegistryProcess.start(options.withPort(port))) {
      assertThat(reading(at(again), written))
          .as("the same id after a restart on the same data")
          .isNull();
    }

    try (RegistryProcess empty =
        RegistryProcess.start(
            RegistryProcess.Options.defaults().withLogFile(tmp.resolve("empty.log")))) {
      byte[] foreign = written.clone();
      ByteBuffer.wrap(foreign).putInt(1, 123_456);
      Throwable lost = reading(at(empty), foreign);
      assertThat(RegistryFailures.classify(lost))
          .as(lost.toString())
          .isEqualTo(RegistryFailures.Kind.UNKNOWN_SCHEMA);
      assertThat(RegistryFailures.describe(lost))
          .isEqualTo(
              "ContentNotFoundException: No content with id/hash 'contentId-123456' was found.");

      // the body RegistryFailuresTest's fake registry imitates
      HttpResponse<String> raw =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(empty.registryV2Url() + "/ids/contentIds/123456"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(raw.statusCode()).isEqualTo(404);
      assertThat(raw.body())
          .contains("\"error_code\":404")
          .contains("\"name\":\"ContentNotFoundException\"")
          .contains("No content with id/hash 'contentId-123456' was found.");
    }
  }

  @Test
  void aRegistryThatNeverAnswersIsGivenUpOnAfterTheRequestLimit() throws Exception {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept()); // accepts, reads nothing, answers nothing
                  }
                } catch (java.io.IOException closed) {
                  // the test is over
                }
              },
              "silent-registry");
      acceptor.setDaemon(true);
      acceptor.start();
      KafkaSettings registry =
          new KafkaSettings("127.0.0.1:9", "http://127.0.0.1:" + silent.getLocalPort());

      long start = System.nanoTime();
      Throwable t = reading(registry, new byte[] {0, 0, 0, 0, 7, 2});
      long tookMs = (System.nanoTime() - start) / 1_000_000;

      assertThat(RegistryFailures.registryCause(t))
          .get()
          .isInstanceOf(RegistryRequestTimeout.class);
      assertThat(RegistryFailures.classify(t)).isEqualTo(RegistryFailures.Kind.UNAVAILABLE);
      assertThat(RegistryFailures.describe(t))
          .startsWith("RegistryRequestTimeout: no answer from the registry " + "within 10 s");
      assertThat(tookMs).as("given up on, not blocked for good").isLessThan(60_000);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
