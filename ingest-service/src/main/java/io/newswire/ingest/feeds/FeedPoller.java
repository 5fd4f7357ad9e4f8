package io.newswire.ingest.feeds;

import io.micrometer.core.instrument.MeterRegistry;
import io.newswire.ingest.core.InputFormat;
import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.ReceiptBook;
import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.StoryUrn;
import io.newswire.ingest.core.feeds.FeedParser;
import io.newswire.ingest.core.feeds.FeedSubscription;
import io.newswire.ingest.core.feeds.SeenItems;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls RSS and Atom feeds on each agency's schedule ({@code INGEST_FEEDS}) and writes every new item through the
 * same path as pushed stories, so a story and its receipt are committed together and the receipts — reloaded from
 * Kafka at every start — are the durable "already seen" memory.
 *
 * <p>Conditional GET: the {@code ETag} and {@code Last-Modified} of the last complete poll are sent back as
 * {@code If-None-Match} / {@code If-Modified-Since}; a 304 means nothing to do. The validators are kept only when
 * every new item of the response was written, so a failed write is retried at the next poll with a full GET. They
 * live in memory: after a restart the first poll is a full GET, and the receipts make its items "seen".
 */
public final class FeedPoller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FeedPoller.class);
  /** Largest feed document read. */
  static final int MAX_FEED_BYTES = 10 << 20;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final long WRITE_TIMEOUT_SECONDS = 30;

  /** Where items go: the push path's idempotent, transactional write. */
  @FunctionalInterface
  public interface Sink {
    /** Completes with true when the item was written now, false when the same content was accepted before. */
    CompletableFuture<Boolean> store(String agency, InputFormat format, String contentType, byte[] payload,
        StorySubmission submission);
  }

  /**
   * One poll of one feed. {@code status} is the HTTP status, or 0 when there was no answer (network error, or the
   * idempotency memory still loading).
   */
  public record PollResult(String agency, URI url, int status, int newItems, int seenItems, int skippedItems,
      int failedItems) {}

  private static final class Feed {
    final FeedSubscription subscription;
    final ReentrantLock lock = new ReentrantLock();
    String etag;
    String lastModified;

    Feed(FeedSubscription subscription) {
      this.subscription = subscription;
    }
  }

  private final List<Feed> feeds = new ArrayList<>();
  private final Sink sink;
  private final ReceiptBook book;
  private final BooleanSupplier ready;
  private final MeterRegistry metrics;
  private final HttpClient http;
  private final FeedParser parser = new FeedParser();
  private final ScheduledExecutorService scheduler;

  /**
   * @param ready true once the idempotency memory is loaded; until then polls do nothing
   */
  public FeedPoller(List<FeedSubscription> subscriptions, Sink sink, ReceiptBook book, BooleanSupplier ready,
      MeterRegistry metrics, HttpClient http) {
    subscriptions.forEach(s -> feeds.add(new Feed(s)));
    this.sink = sink;
    this.book = book;
    this.ready = ready;
    this.metrics = metrics;
    this.http = http;
    AtomicInteger n = new AtomicInteger();
    this.scheduler = Executors.newScheduledThreadPool(Math.max(1, Math.min(4, feeds.size())), r -> {
      Thread t = new Thread(r, "ingest-feeds-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
  }

  /** Schedules every feed: a first poll now, then one per interval after the previous ended. */
  public void start() {
    for (Feed f : feeds) {
      scheduler.scheduleWithFixedDelay(() -> {
        try {
          poll(f);
        } catch (RuntimeException e) { // never let one failure cancel the schedule
          log.warn("feed {} {}: poll failed: {}", f.subscription.agency(), f.subscription.url(), e.toString());
        }
      }, 0, f.subscription.interval().toMillis(), TimeUnit.MILLISECONDS);
    }
    feeds.forEach(f -> log.info("polling feed of {} at {} every {} s", f.subscription.agency(),
        f.subscription.url(), f.subscription.interval().toSeconds()));
  }

  /** Polls every feed once, now (after any poll of the same feed in progress). */
  public List<PollResult> pollNow() {
    return feeds.stream().map(this::poll).toList();
  }

  private PollResult poll(Feed f) {
    f.lock.lock();
    try {
      return pollLocked(f);
    } finally {
      f.lock.unlock();
    }
  }

  private PollResult pollLocked(Feed f) {
    String agency = f.subscription.agency();
    URI url = f.subscription.url();
    if (!ready.getAsBoolean()) {
      log.info("feed {} {}: not polled, the idempotency memory is still loading", agency, url);
      return done(new PollResult(agency, url, 0, 0, 0, 0, 0));
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET()
        .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, "
            + "*/*;q=0.1")
        .header("User-Agent", "newswire-ingest");
    if (f.etag != null) {
      req.header("If-None-Match", f.etag);
    }
    if (f.lastModified != null) {
      req.header("If-Modified-Since", f.lastModified);
    }
    HttpResponse<InputStream> resp;
    byte[] body;
    try {
      resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = resp.body()) {
        body = resp.statusCode() == 200 ? in.readNBytes(MAX_FEED_BYTES + 1) : new byte[0];
      }
    } catch (IOException e) {
      log.warn("feed {} {}: no answer: {}", agency, url, e.toString());
      return done(new PollResult(agency, url, 0, 0, 0, 0, 0));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return done(new PollResult(agency, url, 0, 0, 0, 0, 0));
    }
    int status = resp.statusCode();
    if (status == 304) {
      return done(new PollResult(agency, url, status, 0, 0, 0, 0));
    }
    if (status != 200) {
      log.warn("feed {} {}: HTTP {}", agency, url, status);
      return done(new PollResult(agency, url, status, 0, 0, 0, 0));
    }
    if (body.length > MAX_FEED_BYTES) {
      log.warn("feed {} {}: larger than {} bytes, not read", agency, url, MAX_FEED_BYTES);
      return done(new PollResult(agency, url, status, 0, 0, 0, 1));
    }
    FeedParser.Feed feed;
    try {
      feed = parser.parse(body, charsetParam(resp.headers().firstValue("Content-Type").orElse("")));
    } catch (InvalidSubmissionException e) {
      log.warn("feed {} {}: not a readable feed ({}{})", agency, url, e.getMessage(),
          e.field() == null ? "" : ", at " + e.field());
      metrics.counter("newswire_ingest_feed_invalid_total", "agency", agency).increment();
      return done(new PollResult(agency, url, status, 0, 0, 0, 1));
    }
    for (FeedParser.Skipped s : feed.skipped()) {
      log.warn("feed {} {}: item {} skipped: {}", agency, url, s.index(), s.reason());
    }
    int seen = 0;
    List<CompletableFuture<Boolean>> writes = new ArrayList<>();
    for (FeedParser.Item item : feed.items()) {
      String urn = StoryUrn.of(agency, item.submission().agencyStoryId());
      Optional<StorySubmission> toWrite = SeenItems.toWrite(book, urn, item.submission());
      if (toWrite.isEmpty()) {
        seen++;
      } else {
        writes.add(sink.store(agency, feed.format(), item.contentType(), item.payload(), toWrite.get()));
      }
    }
    int written = 0;
    int failed = 0;
    for (CompletableFuture<Boolean> w : writes) {
      try {
        if (w.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          written++;
        } else {
          seen++;
        }
      } catch (ExecutionException | TimeoutException e) {
        failed++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed++;
      }
    }
    if (failed == 0) { // else the next poll fetches the whole feed again and retries what was not written
      f.etag = resp.headers().firstValue("ETag").orElse(null);
      f.lastModified = resp.headers().firstValue("Last-Modified").orElse(null);
    } else {
      log.warn("feed {} {}: {} item(s) not written (Kafka); retried at the next poll", agency, url, failed);
    }
    return done(new PollResult(agency, url, status, written, seen, feed.skipped().size(), failed));
  }

  private PollResult done(PollResult r) {
    String status = r.status() == 0 ? "none" : Integer.toString(r.status());
    log.info("feed {} {}: status {}, {} new, {} seen, {} skipped, {} failed", r.agency(), r.url(), status,
        r.newItems(), r.seenItems(), r.skippedItems(), r.failedItems());
    metrics.counter("newswire_ingest_feed_polls_total", "agency", r.agency(), "status", status).increment();
    metrics.counter("newswire_ingest_feed_items_total", "agency", r.agency(), "result", "new")
        .increment(r.newItems());
    metrics.counter("newswire_ingest_feed_items_total", "agency", r.agency(), "result", "seen")
        .increment(r.seenItems());
    metrics.counter("newswire_ingest_feed_items_total", "agency", r.agency(), "result", "skipped")
        .increment(r.skippedItems());
    metrics.counter("newswire_ingest_feed_items_total", "agency", r.agency(), "result", "failed")
        .increment(r.failedItems());
    return r;
  }

  /** The charset parameter of a Content-Type (RFC 7303: it wins over the XML prolog), or null. */
  static String charsetParam(String contentType) {
    String[] parts = contentType.split(";");
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.regionMatches(true, 0, "charset=", 0, 8)) {
        String c = p.substring(8).replace("\"", "").trim();
        return c.isEmpty() ? null : c;
      }
    }
    return null;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
