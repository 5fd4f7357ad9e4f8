package io.newswire.ingest.kafka;

import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.receipts.ReceiptBook;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.StoryLimits;
import io.newswire.platform.Topics;
import io.newswire.platform.core.StoryId;
import io.newswire.schema.v1.AgencyPlace;
import io.newswire.schema.v1.AgencySubject;
import io.newswire.schema.v1.Caption;
import io.newswire.schema.v1.FieldWarning;
import io.newswire.schema.v1.IngestReceipt;
import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RawAltId;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.StoryFormat;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one way a story enters Newswire, pushed (IngestApi) or pulled (FeedPoller): the size contract
 * ({@link StoryLimits}), idempotency against the {@link ReceiptBook}, then story and receipt
 * serialized here, on the caller's thread, and written in one transaction ({@link StoryWriter}),
 * then the receipt is recorded. Concurrent identical submissions are written once (an in-flight map
 * makes the later ones wait for the first).
 *
 * <p>A story larger than the maximum, or whose raw record would be larger than ingest's record
 * limit, is refused before anything is queued: it never reaches a transaction, where the producer
 * would fail it together with every other story of the batch.
 */
public final class StoryIntake {
  /** What became of a submission. */
  public enum Outcome {
    /** Written now (story and receipt committed). */
    WRITTEN,
    /** The same content was accepted before: nothing written. */
    DUPLICATE,
    /** Different content was accepted under the same id and version: nothing written. */
    CONFLICT,
    /** Larger than the story limits allow: nothing written, and a retry will not change that. */
    TOO_LARGE
  }

  /**
   * The outcome and the receipt it refers to (the new one, or the one accepted before; none when
   * too large), and for {@code TOO_LARGE} why, naming the limit.
   */
  public record Result(Outcome outcome, ReceiptBook.Receipt receipt, String refusal) {
    Result(Outcome outcome, ReceiptBook.Receipt receipt) {
      this(outcome, receipt, null);
    }
  }

  /**
   * The story could not be serialized (the schema registry did not answer): nothing was queued or
   * written.
   */
  public static final class RegistryUnavailableException extends RuntimeException {
    RegistryUnavailableException(Throwable cause) {
      super("the story could not be serialized: " + cause, cause);
    }
  }

  /**
   * A read barrier on the receipts ({@link ReceiptTailer#sync}): completes once the book holds
   * every receipt committed before the call, by any instance.
   */
  @FunctionalInterface
  public interface ReceiptSync {
    CompletableFuture<Void> sync();

    /** For a single instance whose book is written only by itself. */
    ReceiptSync NONE = () -> CompletableFuture.completedFuture(null);
  }

  /** The receipts could not be brought up to date (the broker unreachable): nothing was written. */
  static final class ReceiptsBehindException extends RuntimeException {
    ReceiptsBehindException(Throwable cause) {
      super("the idempotency memory could not be brought up to date: " + cause, cause);
    }
  }

  /** Where serialized stories go: {@link StoryWriter#write}. */
  @FunctionalInterface
  interface Writer {
    CompletableFuture<Void> write(StoryWriter.Encoded records);
  }

  private record InFlight(
      String contentHash, ReceiptBook.Receipt receipt, CompletableFuture<Void> done) {}

  private final Writer writer;
  private final ReceiptSync receiptSync;
  private final ReceiptBook book;
  private final Clock clock;
  private final StoryLimits limits;
  private final Serializer<RawStory> stories;
  private final Serializer<IngestReceipt> receipts;
  private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

  public StoryIntake(
      StoryWriter writer, ReceiptSync sync, ReceiptBook book, Clock clock, KafkaSettings kafka) {
    this(
        writer::write,
        sync,
        book,
        clock,
        kafka.storyLimits(),
        AvroSerdes.serializer(kafka, false),
        AvroSerdes.serializer(kafka, false));
  }

  StoryIntake(
      Writer writer,
      ReceiptBook book,
      Clock clock,
      StoryLimits limits,
      Serializer<RawStory> stories,
      Serializer<IngestReceipt> receipts) {
    this(writer, ReceiptSync.NONE, book, clock, limits, stories, receipts);
  }

  StoryIntake(
      Writer writer,
      ReceiptSync sync,
      ReceiptBook book,
      Clock clock,
      StoryLimits limits,
      Serializer<RawStory> stories,
      Serializer<IngestReceipt> receipts) {
    this.writer = writer;
    this.receiptSync = sync;
    this.book = book;
    this.clock = clock;
    this.limits = limits;
    this.stories = stories;
    this.receipts = receipts;
  }

  public ReceiptBook book() {
    return book;
  }

  /**
   * Decides and writes. Completes with the outcome once it is known — for {@code WRITTEN}, after
   * the commit —, or exceptionally when the write failed (then nothing was recorded; a retry
   * decides again): with a {@link RegistryUnavailableException} when the story could not be
   * serialized.
   */
  public CompletableFuture<Result> store(
      String agency, StoryFormat format, String contentType, byte[] payload, StorySubmission s) {
    return store(agency, null, format, contentType, payload, s);
  }

  /**
   * {@link #store(String, StoryFormat, String, byte[], StorySubmission)} for an item of a pulled
   * feed: its receipt names the feed ({@code IngestReceipt.feed}, source health counts it there).
   *
   * @param feed the feed's id ({@link io.newswire.ingest.core.feeds.FeedSubscription#ids}); null
   *     when the agency pushed the story
   */
  public CompletableFuture<Result> store(
      String agency,
      String feed,
      StoryFormat format,
      String contentType,
      byte[] payload,
      StorySubmission s) {
    if (payload.length > limits.maxStoryBytes()) {
      return tooLarge(
          "The story is "
              + payload.length
              + " bytes; the limit is "
              + limits.maxStoryBytes()
              + " bytes ("
              + StoryLimits.ENV
              + ").");
    }
    String urn = StoryId.urn(agency, s.agencyStoryId());
    String hash = s.content().hash();
    ReceiptBook.Decision d = book.decide(urn, s.version(), hash);
    if (!(d instanceof ReceiptBook.New)) {
      return CompletableFuture.completedFuture(known(d));
    }
    // New to this instance's book: make sure no other instance accepted it before this call (the
    // book may lag).
    return receiptSync
        .sync()
        .handle((ok, err) -> err)
        .thenCompose(
            err ->
                err != null
                    ? CompletableFuture.failedFuture(new ReceiptsBehindException(err))
                    : storeNew(agency, feed, format, contentType, payload, s, urn, hash));
  }

  private CompletableFuture<Result> storeNew(
      String agency,
      String feed,
      StoryFormat format,
      String contentType,
      byte[] payload,
      StorySubmission s,
      String urn,
      String hash) {
    ReceiptBook.Decision d = book.decide(urn, s.version(), hash);
    if (!(d instanceof ReceiptBook.New)) {
      return CompletableFuture.completedFuture(known(d));
    }
    ReceiptBook.Receipt receipt =
        new ReceiptBook.Receipt(
            urn,
            s.version(),
            UUID.randomUUID().toString(),
            hash,
            clock.millis(),
            s.warnings().stream().map(StorySubmission.Warning::toString).toList());
    RawStory raw = toRawStory(agency, s, format, contentType, payload, receipt);
    IngestReceipt record =
        IngestReceipt.newBuilder()
            .setUrn(urn)
            .setVersion(s.version())
            .setIngestId(receipt.ingestId())
            .setContentHash(hash)
            .setAcceptedAt(Instant.ofEpochMilli(receipt.acceptedAtMillis()))
            .setWarnings(receipt.warnings())
            .setFeed(feed)
            .build();
    StoryWriter.Encoded records;
    try { // the records are built: what can fail now is the registry (the first record of each
      // topic looks it up)
      records =
          new StoryWriter.Encoded(
              urn,
              stories.serialize(Topics.RAW, raw),
              receipt.key(),
              receipts.serialize(Topics.INGEST_RECEIPTS, record));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new RegistryUnavailableException(e));
    }
    if (records.story().length > limits.maxRawRecordBytes()) {
      return tooLarge(
          "The story would be a Kafka record of "
              + records.story().length
              + " bytes; records are "
              + "limited to "
              + limits.maxRawRecordBytes()
              + " bytes (4 x "
              + StoryLimits.ENV
              + " = "
              + limits.maxStoryBytes()
              + ", + 512 KiB).");
    }
    InFlight mine = new InFlight(hash, receipt, new CompletableFuture<>());
    InFlight earlier = inFlight.putIfAbsent(receipt.key(), mine);
    if (earlier
        != null) { // the same id and version is being written right now: its outcome decides
      return earlier
          .done()
          .thenApply(
              ok ->
                  new Result(
                      earlier.contentHash().equals(hash) ? Outcome.DUPLICATE : Outcome.CONFLICT,
                      earlier.receipt()));
    }
    ReceiptBook.Decision again =
        book.decide(urn, s.version(), hash); // one may have finished in between
    if (!(again instanceof ReceiptBook.New)) {
      inFlight.remove(receipt.key(), mine);
      return CompletableFuture.completedFuture(known(again));
    }
    writer
        .write(records)
        .whenComplete(
            (ok, err) -> {
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

  private static CompletableFuture<Result> tooLarge(String refusal) {
    return CompletableFuture.completedFuture(new Result(Outcome.TOO_LARGE, null, refusal));
  }

  private static Result known(ReceiptBook.Decision d) {
    if (d instanceof ReceiptBook.Duplicate dup) {
      return new Result(Outcome.DUPLICATE, dup.receipt());
    }
    return new Result(Outcome.CONFLICT, ((ReceiptBook.Conflict) d).receipt());
  }

  private static RawStory toRawStory(
      String agency,
      StorySubmission s,
      StoryFormat format,
      String contentType,
      byte[] payload,
      ReceiptBook.Receipt receipt) {
    StorySubmission.Metadata m = s.metadata();
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
        .setPubStatus(
            s.canceled()
                ? PubStatus.canceled
                : s.withheld() ? PubStatus.withheld : PubStatus.usable)
        .setParsed(
            ParsedFields.newBuilder()
                .setHeadline(s.headline())
                .setBody(s.body())
                .setLanguage(s.language())
                .setFirstCreated(s.firstCreated())
                .setVersionCreated(s.versionCreated())
                .setByline(s.byline())
                .setSlugline(s.slugline())
                .setDateline(s.dateline())
                .setUrgency(s.urgency())
                .setEmbargoed(s.embargoed())
                .setSubjects(s.subjects())
                .setAltIds(m.altIds().stream().map(a -> new RawAltId(a.type(), a.value())).toList())
                .setAgencySubjects(
                    m.agencySubjects().stream()
                        .map(
                            x ->
                                new AgencySubject(
                                    x.scheme(),
                                    x.code(),
                                    x.name(),
                                    x.uri(),
                                    x.creator() != null ? x.creator() : agency))
                        .toList())
                .setPlaces(
                    m.places().stream()
                        .map(p -> new AgencyPlace(p.name(), p.code(), p.uri()))
                        .toList())
                .setCaptions(
                    m.captions().stream().map(c -> new Caption(c.text(), c.credit())).toList())
                .setWarnings(
                    m.warnings().stream()
                        .map(w -> new FieldWarning(w.field(), w.detail()))
                        .toList())
                .build())
        .build();
  }
}
