package io.newswire.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.Submissions;
import io.newswire.ingest.core.receipts.ReceiptBook;
import io.newswire.platform.StoryLimits;
import io.newswire.schema.v1.IngestReceipt;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.StoryFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * The size contract and serialization of {@link StoryIntake}, with a recording writer instead of
 * Kafka.
 */
class StoryIntakeTest {
  static final StoryLimits LIMITS = new StoryLimits(1024);

  final ReceiptBook book = new ReceiptBook();
  final List<StoryWriter.Encoded> queued = new CopyOnWriteArrayList<>();
  final List<CompletableFuture<Void>> commits = new CopyOnWriteArrayList<>();
  final AtomicInteger serialized = new AtomicInteger();
  volatile int recordSize = 100;
  volatile RuntimeException registryFailure;

  volatile RawStory lastSerialized;
  final Serializer<RawStory> stories =
      (topic, story) -> {
        serialized.incrementAndGet();
        lastSerialized = story;
        if (registryFailure != null) {
          throw registryFailure;
        }
        return new byte[recordSize];
      };
  final Serializer<IngestReceipt> receipts =
      (topic, receipt) -> receipt.getUrn().getBytes(StandardCharsets.UTF_8);
  final StoryIntake intake =
      new StoryIntake(
          records -> {
            queued.add(records);
            CompletableFuture<Void> commit = new CompletableFuture<>();
            commits.add(commit);
            return commit;
          },
          book,
          Clock.fixed(Instant.parse("2026-11-27T02:00:00Z"), ZoneOffset.UTC),
          LIMITS,
          stories,
          receipts);

  static StorySubmission story(String id) {
    return Submissions.story(id, 1, "ASEAN ministers met in Hanoi.", null);
  }

  CompletableFuture<StoryIntake.Result> store(String id, int payloadBytes) {
    return intake.store(
        "vov", StoryFormat.PLAIN_TEXT, "text/plain", new byte[payloadBytes], story(id));
  }

  @Test
  void aStoryThatFitsIsQueuedAsItsSerializedBytesAndWrittenOnceCommitted() throws Exception {
    recordSize = LIMITS.maxRawRecordBytes(); // the largest raw record ingest writes
    var result = store("fits", 1024);

    assertThat(queued).hasSize(1);
    StoryWriter.Encoded records = queued.get(0);
    assertThat(records.storyKey()).isEqualTo("urn:newswire:vov:fits");
    assertThat(records.story()).hasSize(LIMITS.maxRawRecordBytes());
    assertThat(records.receiptKey()).isEqualTo("urn:newswire:vov:fits#1");
    assertThat(new String(records.receipt(), StandardCharsets.UTF_8))
        .isEqualTo("urn:newswire:vov:fits");
    assertThat(result).isNotDone();

    commits.get(0).complete(null);
    assertThat(result.get().outcome()).isEqualTo(StoryIntake.Outcome.WRITTEN);
    assertThat(book.get("urn:newswire:vov:fits", 1)).isPresent();
  }

  @Test
  void theUrgencyAndEmbargoAreWrittenIntoTheRawStory_andNullWhenTheAgencyGaveNone() {
    StorySubmission s = story("flash");
    StorySubmission flash =
        new StorySubmission(
            s.agencyStoryId(),
            s.version(),
            s.body(),
            s.headline(),
            s.language(),
            null,
            null,
            null,
            null,
            null,
            false,
            false,
            null,
            List.of(),
            StorySubmission.Metadata.NONE,
            1,
            "2026-12-01T12:00:00+07:00");
    intake.store("vov", StoryFormat.PLAIN_TEXT, "text/plain", new byte[16], flash);
    assertThat(lastSerialized.getParsed().getUrgency()).isEqualTo(1);
    assertThat(lastSerialized.getParsed().getEmbargoed()).isEqualTo("2026-12-01T12:00:00+07:00");
    store("routine", 16);
    assertThat(lastSerialized.getParsed().getUrgency()).isNull();
    assertThat(lastSerialized.getParsed().getEmbargoed()).isNull();
    assertThat(flash.content().hash()).isNotEqualTo(story("flash").content().hash());
  }

  @Test
  void aStoryOverTheMaximumIsRefusedNamingTheLimitBeforeAnythingIsSerializedOrQueued()
      throws Exception {
    var result = store("big", 1025).get();

    assertThat(result.outcome()).isEqualTo(StoryIntake.Outcome.TOO_LARGE);
    assertThat(result.refusal()).contains("1025 bytes", "1024 bytes", "NEWSWIRE_MAX_STORY_BYTES");
    assertThat(serialized).hasValue(0);
    assertThat(queued).isEmpty();
    assertThat(book.size()).isZero();
  }

  @Test
  void aRecordOverIngestsRecordLimitIsRefusedAndNeverReachesATransaction() throws Exception {
    recordSize = LIMITS.maxRawRecordBytes() + 1;
    var result = store("huge-record", 1000).get();

    assertThat(result.outcome()).isEqualTo(StoryIntake.Outcome.TOO_LARGE);
    assertThat(result.refusal())
        .contains(
            Integer.toString(LIMITS.maxRawRecordBytes() + 1),
            Integer.toString(LIMITS.maxRawRecordBytes()),
            "NEWSWIRE_MAX_STORY_BYTES");
    assertThat(queued).isEmpty();
    assertThat(book.size()).isZero();

    // nothing was left in flight: the same id and version, smaller, is written
    recordSize = 100;
    var again = store("huge-record", 1000);
    assertThat(queued).hasSize(1);
    commits.get(0).complete(null);
    assertThat(again.get().outcome()).isEqualTo(StoryIntake.Outcome.WRITTEN);
  }

  @Test
  void aSerializationFailureIsARegistryFailureAndNothingIsQueued() {
    registryFailure = new SerializationException("registry unreachable");
    var result = store("no-registry", 10);

    assertThatThrownBy(result::get)
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(StoryIntake.RegistryUnavailableException.class)
        .hasRootCauseMessage("registry unreachable");
    assertThat(queued).isEmpty();

    registryFailure = null;
    store("no-registry", 10);
    assertThat(queued).as("a retry decides again").hasSize(1);
  }
}
