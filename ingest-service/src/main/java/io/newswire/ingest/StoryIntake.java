package io.newswire.ingest;

import io.newswire.ingest.core.ReceiptBook;
import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.StoryUrn;
import io.newswire.schema.v1.IngestReceipt;
import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.StoryFormat;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way a story enters Newswire, pushed (IngestApi) or pulled (FeedPoller): idempotency against the
 * {@link ReceiptBook}, then story and receipt in one transaction ({@link StoryWriter}), then the receipt is recorded.
 * Concurrent identical submissions are written once (an in-flight map makes the later ones wait for the first).
 */
final class StoryIntake {
  /** What became of a submission. */
  enum Outcome {
    /** Written now (story and receipt committed). */
    WRITTEN,
    /** The same content was accepted before: nothing written. */
    DUPLICATE,
    /** Different content was accepted under the same id and version: nothing written. */
    CONFLICT
  }

  /** The outcome and the receipt it refers to (the new one, or the one accepted before). */
  record Result(Outcome outcome, ReceiptBook.Receipt receipt) {}

  private record InFlight(String contentHash, ReceiptBook.Receipt receipt, CompletableFuture<Void> done) {}

  private final StoryWriter writer;
  private final ReceiptBook book;
  private final Clock clock;
  private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

  StoryIntake(StoryWriter writer, ReceiptBook book, Clock clock) {
    this.writer = writer;
    this.book = book;
    this.clock = clock;
  }

  ReceiptBook book() {
    return book;
  }

  /**
   * Decides and writes. Completes with the outcome once it is known — for {@code WRITTEN}, after the commit —, or
   * exceptionally when the write failed (then nothing was recorded; a retry decides again).
   */
  CompletableFuture<Result> store(String agency, StoryFormat format, String contentType, byte[] payload,
      StorySubmission s) {
    String urn = StoryUrn.of(agency, s.agencyStoryId());
    String hash = ReceiptBook.contentHash(s);
    ReceiptBook.Decision d = book.decide(urn, s.version(), hash);
    if (!(d instanceof ReceiptBook.New)) {
      return CompletableFuture.completedFuture(known(d));
    }
    ReceiptBook.Receipt receipt = new ReceiptBook.Receipt(urn, s.version(), UUID.randomUUID().toString(), hash,
        clock.millis());
    InFlight mine = new InFlight(hash, receipt, new CompletableFuture<>());
    InFlight earlier = inFlight.putIfAbsent(receipt.key(), mine);
    if (earlier != null) { // the same id and version is being written right now: its outcome decides
      return earlier.done().thenApply(ok -> new Result(
          earlier.contentHash().equals(hash) ? Outcome.DUPLICATE : Outcome.CONFLICT, earlier.receipt()));
    }
    ReceiptBook.Decision again = book.decide(urn, s.version(), hash); // one may have finished in between
    if (!(again instanceof ReceiptBook.New)) {
      inFlight.remove(receipt.key(), mine);
      return CompletableFuture.completedFuture(known(again));
    }
    RawStory raw = toRawStory(agency, s, format, contentType, payload, receipt);
    IngestReceipt record = IngestReceipt.newBuilder().setUrn(urn).setVersion(s.version())
        .setIngestId(receipt.ingestId()).setContentHash(hash)
        .setAcceptedAt(Instant.ofEpochMilli(receipt.acceptedAtMillis())).build();
    writer.write(raw, record).whenComplete((ok, err) -> {
      if (err == null) {
        book.record(receipt);
      }
      inFlight.remove(receipt.key(), mine);
      if (err == null) {
        mine.done().complete(null);
      } else {
        mine.done().completeExceptionally(err);
      }
    });
    return mine.done().thenApply(ok -> new Result(Outcome.WRITTEN, receipt));
  }

  private static Result known(ReceiptBook.Decision d) {
    if (d instanceof ReceiptBook.Duplicate dup) {
      return new Result(Outcome.DUPLICATE, dup.receipt());
    }
    return new Result(Outcome.CONFLICT, ((ReceiptBook.Conflict) d).receipt());
  }

  private static RawStory toRawStory(String agency, StorySubmission s, StoryFormat format, String contentType,
      byte[] payload, ReceiptBook.Receipt receipt) {
    return RawStory.newBuilder()
        .setUrn(receipt.urn())
        .setAgency(agency)
        .setAgencyStoryId(s.agencyStoryId())
        .setVersion(s.version())
        .setReceivedAt(Instant.ofEpochMilli(receipt.acceptedAtMillis()))
        .setIngestId(receipt.ingestId())
        .setFormat(format)
        .setContentType(contentType)
        .setPayload(ByteBuffer.wrap(payload))
        .setPubStatus(s.canceled() ? PubStatus.canceled : s.withheld() ? PubStatus.withheld : PubStatus.usable)
        .setParsed(ParsedFields.newBuilder()
            .setHeadline(s.headline())
            .setBody(s.body())
            .setLanguage(s.language())
            .setFirstCreated(s.firstCreated())
            .setVersionCreated(s.versionCreated())
            .setByline(s.byline())
            .setSlugline(s.slugline())
            .setDateline(s.dateline())
            .setSubjects(s.subjects())
            .build())
        .build();
  }
}
