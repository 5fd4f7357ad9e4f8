package io.newswire.ingest.kafka;

import io.newswire.ingest.core.receipts.ReceiptBook;
import io.newswire.platform.CompactedTopicMirror;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Supervisor;
import io.newswire.platform.TopicSerdes;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.IngestReceipt;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps the {@link ReceiptBook} filled from {@code news.ingest.receipts.v1}, mirrored by a {@link
 * CompactedTopicMirror} (read_committed, from the beginning, as the supervised loop {@value
 * #LOOP}): at start it reads to the end before the service answers submissions, then it follows the
 * topic, so receipts written by other ingest instances are learnt too.
 *
 * <p>{@link #sync(Duration)} is a read barrier: it completes once the book holds every receipt
 * committed before it was called, by any instance. Ingest syncs before writing a story it believes
 * new, so a version another instance accepted a moment ago (and answered 202 for) is recognized — a
 * resend is a replay, other content a 409 — instead of being written again because this instance's
 * tailing lagged behind.
 */
public final class ReceiptTailer implements AutoCloseable {
  static final String LOOP = "ingest-receipts";

  private final CompactedTopicMirror<String, IngestReceipt> mirror;

  public ReceiptTailer(KafkaSettings kafka, ReceiptBook book, Supervisor loops) {
    this.mirror =
        new CompactedTopicMirror<>(
                Topics.RECEIPTS,
                kafka,
                TopicSerdes.registry(kafka),
                (key, v) -> {
                  if (v != null) {
                    book.record(
                        new ReceiptBook.Receipt(
                            v.getUrn(),
                            v.getVersion(),
                            v.getIngestId(),
                            v.getContentHash(),
                            v.getAcceptedAt().toEpochMilli(),
                            v.getWarnings()));
                  }
                })
            .start(loops, LOOP);
  }

  /** Waits until the receipts present at start are loaded. */
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return mirror.awaitLoaded(timeout);
  }

  /**
   * Completes once every receipt committed before this call is in the book (or exceptionally after
   * {@code timeout}, e.g. while the broker is unreachable).
   */
  public CompletableFuture<Void> sync(Duration timeout) {
    return mirror.sync(timeout);
  }

  public boolean isLoaded() {
    return mirror.isLoaded();
  }

  @Override
  public void close() {
    mirror.close();
  }
}
