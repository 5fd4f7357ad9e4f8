package io.newswire.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.newswire.infra.EmbeddedKafka;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.StoryLimits;
import io.newswire.platform.TopicProvisioner;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.RawStory;
import io.newswire.testkit.CorpusText;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.TopicReader;
import io.newswire.testkit.WithPipelineInfra;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The size contract at ingest, on the real broker and registry, with the default maximum (1 MiB): a
 * story of exactly the maximum is accepted and written, whatever its charset; one byte more is a
 * 413 naming the limit, with a Content-Length or chunked, and nothing is written; an oversized
 * story never makes another one fail.
 */
@WithPipelineInfra
class IngestSizeLimitsIT {
  static final int MAX = StoryLimits.DEFAULT_MAX_STORY_BYTES;
  static final String KEY = "size-vov-key";

  static PipelineInfra infra;
  static IngestService ingest;

  @BeforeAll
  static void start(PipelineInfra shared) {
    infra = shared;
    ingest =
        IngestService.start(
            new IngestConfig(
                "127.0.0.1",
                0,
                ApiKeys.parse("vov:" + ApiKeys.sha256Hex(KEY)),
                MAX,
                infra.kafka()));
  }

  @AfterAll
  static void stop() {
    ingest.close();
  }

  static HttpRequest textRequest(int port, String storyId, String charset, BodyPublisher body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/stories"))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + KEY)
        .header("Content-Type", "text/plain; charset=" + charset)
        .header("X-Story-Id", storyId)
        .header("X-Story-Version", "1")
        .POST(body)
        .build();
  }

  static HttpResponse<String> postText(String storyId, String charset, BodyPublisher body)
      throws Exception {
    return IngestApiIT.HTTP.send(
        textRequest(ingest.port(), storyId, charset, body), HttpResponse.BodyHandlers.ofString());
  }

  /** A body without a Content-Length: the client sends it chunked. */
  static BodyPublisher chunked(byte[] bytes) {
    return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
  }

  /** Records on news.raw.v1 and news.ingest.receipts.v1, to check that a refusal wrote nothing. */
  static long writtenSoFar() {
    return TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.RAW)
        + TopicReader.endOffsetTotal(infra.bootstrapServers(), Topics.INGEST_RECEIPTS);
  }

  static ConsumerRecord<String, RawStory> rawRecord(String storyId) {
    return IngestApiIT.rawRecordsFor("urn:newswire:vov:" + storyId, 1).get(0);
  }

  static byte[] payload(RawStory raw) {
    byte[] out = new byte[raw.getPayload().remaining()];
    raw.getPayload().duplicate().get(out);
    return out;
  }

  static void assertTooLargeNamingTheLimit(HttpResponse<String> res) throws Exception {
    assertThat(res.statusCode()).isEqualTo(413);
    assertThat(res.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode p = IngestApiIT.JSON.readTree(res.body());
    assertThat(p.get("type").asText()).endsWith("/payload-too-large");
    assertThat(p.get("status").asInt()).isEqualTo(413);
    assertThat(p.get("detail").asText()).contains(Integer.toString(MAX), StoryLimits.ENV);
  }

  /**
   * {@code MAX} characters of a single-byte charset's high-bit {@code characters}, each of which
   * takes 2 or 3 bytes once decoded to UTF-8: the largest parsed text a payload of the maximum can
   * give.
   */
  static String highBitText(String characters) {
    StringBuilder s = new StringBuilder(MAX);
    while (s.length() < MAX) {
      s.append(characters, 0, Math.min(characters.length(), MAX - s.length()));
    }
    return s.toString();
  }

  /** windows-1252 bytes 0x80-0x9B that decode to U+2013-U+2122: 3 UTF-8 bytes each. */
  static final String CP1252_THREE_BYTE = "€‚„…†‡‰‹‘’“”•–—™›";

  /** ISO-8859-1 letters 0xC0-0xFF: 2 UTF-8 bytes each. */
  static final String LATIN1_TWO_BYTE =
      "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ";

  @Test
  void aPlainTextStoryOfExactlyTheMaximumIsAcceptedAndItsRecordIsOnTheRawTopic() throws Exception {
    String text = CorpusText.ofUtf8Bytes(MAX);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertThat(bytes.length).isEqualTo(MAX);

    var res = postText("size-at-max", "utf-8", BodyPublishers.ofByteArray(bytes));

    assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
    ConsumerRecord<String, RawStory> record = rawRecord("size-at-max");
    assertThat(payload(record.value())).isEqualTo(bytes);
    assertThat(record.value().getParsed().getBody())
        .startsWith(CorpusText.bodies().get(0).substring(0, 60));
    assertThat(record.serializedValueSize())
        .as("payload and parsed text: more than the producer's old 1 MiB")
        .isGreaterThan(2 * MAX);
  }

  @Test
  void oneByteOverTheMaximumIs413NamingTheLimitAndNothingIsWritten() throws Exception {
    long before = writtenSoFar();

    var res =
        postText(
            "size-over",
            "utf-8",
            BodyPublishers.ofByteArray(
                CorpusText.ofUtf8Bytes(MAX + 1).getBytes(StandardCharsets.UTF_8)));

    assertTooLargeNamingTheLimit(res);
    assertThat(IngestApiIT.JSON.readTree(res.body()).get("detail").asText())
        .contains(Integer.toString(MAX + 1));
    assertThat(writtenSoFar()).as("nothing written").isEqualTo(before);
  }

  @Test
  void aChunkedBodyIsHeldToTheSameMaximum() throws Exception {
    long before = writtenSoFar();
    var over =
        postText(
            "size-chunked-over",
            "utf-8",
            chunked(CorpusText.ofUtf8Bytes(MAX + 1).getBytes(StandardCharsets.UTF_8)));
    assertTooLargeNamingTheLimit(over);
    assertThat(writtenSoFar()).as("nothing written").isEqualTo(before);

    byte[] atMax = CorpusText.ofUtf8Bytes(MAX).getBytes(StandardCharsets.UTF_8);
    var accepted = postText("size-chunked-at-max", "utf-8", chunked(atMax));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(payload(rawRecord("size-chunked-at-max").value())).isEqualTo(atMax);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"windows-1252, 3", "ISO-8859-1, 2"})
  void aSingleByteCharsetStoryOfTheMaximumInHighBitCharactersIsAcceptedAndWritten(
      String charset, int utf8Bytes) throws Exception {
    String text = highBitText(utf8Bytes == 3 ? CP1252_THREE_BYTE : LATIN1_TWO_BYTE);
    byte[] bytes = text.getBytes(Charset.forName(charset));
    assertThat(bytes.length).isEqualTo(MAX);
    assertThat(text.getBytes(StandardCharsets.UTF_8).length).isEqualTo(utf8Bytes * MAX);
    String id = "size-high-bit-" + charset.toLowerCase();

    var res = postText(id, charset, BodyPublishers.ofByteArray(bytes));

    assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
    ConsumerRecord<String, RawStory> record = rawRecord(id);
    assertThat(payload(record.value())).isEqualTo(bytes);
    assertThat(record.value().getParsed().getBody()).isEqualTo(text);
    assertThat(record.serializedValueSize())
        .isGreaterThan((1 + utf8Bytes) * MAX)
        .isLessThanOrEqualTo(StoryLimits.DEFAULT.maxRawRecordBytes());
  }

  /**
   * Small stories sent at the same moment as oversized ones and as a worst-case story of the
   * maximum (a 4 MiB record, four times the producer's old limit) share the writers' transactions:
   * every small one is accepted and written.
   */
  @Test
  void aSmallStorySentWithOversizedOnesIsAccepted() throws Exception {
    byte[] over = CorpusText.ofUtf8Bytes(MAX + 1).getBytes(StandardCharsets.UTF_8);
    byte[] worst = highBitText(CP1252_THREE_BYTE).getBytes(Charset.forName("windows-1252"));
    List<CompletableFuture<HttpResponse<String>>> small = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> oversized = new ArrayList<>();
    oversized.add(
        send(
            textRequest(
                ingest.port(), "size-mix-over-1", "utf-8", BodyPublishers.ofByteArray(over))));
    var worstCase =
        send(
            textRequest(
                ingest.port(),
                "size-mix-worst",
                "windows-1252",
                BodyPublishers.ofByteArray(worst)));
    for (int i = 0; i < 8; i++) {
      small.add(
          send(
              textRequest(
                  ingest.port(),
                  "size-mix-small-" + i,
                  "utf-8",
                  BodyPublishers.ofString(
                      "HANOI (VOV) - ASEAN digital ministers met, story " + i + "."))));
      if (i % 4 == 0) {
        oversized.add(
            send(textRequest(ingest.port(), "size-mix-over-chunked-" + i, "utf-8", chunked(over))));
      }
    }

    for (var r : oversized) {
      assertTooLargeNamingTheLimit(r.join());
    }
    assertThat(worstCase.join().statusCode()).isEqualTo(202);
    for (int i = 0; i < small.size(); i++) {
      assertThat(small.get(i).join().statusCode()).as("small story " + i).isEqualTo(202);
      assertThat(rawRecord("size-mix-small-" + i).value().getParsed().getBody())
          .contains("story " + i);
    }
    assertThat(IngestApiIT.rawRecordsFor("urn:newswire:vov:size-mix-worst", 1)).hasSize(1);
  }

  static CompletableFuture<HttpResponse<String>> send(HttpRequest r) {
    return IngestApiIT.HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The registry is needed to serialize on the request thread: when it is down the answer is 503,
   * never 500.
   */
  @Test
  void aRegistryOutageWhileSerializingIs503WithRetryAfter() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (EmbeddedKafka own = EmbeddedKafka.start(EmbeddedKafka.Options.defaults())) {
      try (Admin admin =
          Admin.create(Map.<String, Object>of("bootstrap.servers", own.bootstrapServers()))) {
        new TopicProvisioner(admin, (short) 1).createMissing(Topics.all(1));
      }
      KafkaSettings noRegistry =
          new KafkaSettings(own.bootstrapServers(), "http://127.0.0.1:" + closedPort);
      try (IngestService isolated =
          IngestService.start(
              new IngestConfig(
                  "127.0.0.1",
                  0,
                  ApiKeys.parse("vov:" + ApiKeys.sha256Hex(KEY)),
                  MAX,
                  noRegistry))) {
        var res =
            IngestApiIT.HTTP.send(
                textRequest(
                    isolated.port(),
                    "size-no-registry",
                    "utf-8",
                    BodyPublishers.ofString("ASEAN ministers met.")),
                HttpResponse.BodyHandlers.ofString());

        assertThat(res.statusCode()).as(res.body()).isEqualTo(503);
        assertThat(res.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(IngestApiIT.JSON.readTree(res.body()).get("type").asText())
            .endsWith("/registry-unavailable");
        assertThat(TopicReader.endOffsetTotal(own.bootstrapServers(), Topics.RAW)).isZero();
      }
    }
  }
}
