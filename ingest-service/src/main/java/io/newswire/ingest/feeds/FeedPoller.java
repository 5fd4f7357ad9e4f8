package io.newswire.ingest.feeds;

import io.micrometer.core.instrument.MeterRegistry;
import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.feeds.FeedParser;
import io.newswire.ingest.core.feeds.FeedSubscription;
import io.newswire.ingest.core.feeds.SeenItems;
import io.newswire.ingest.core.formats.InputFormat;
import io.newswire.ingest.core.receipts.ReceiptBook;
import io.newswire.ingest.core.refusals.Refusal;
import io.newswire.platform.Problem;
import io.newswire.platform.Supervisor;
import io.newswire.platform.core.StoryId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls RSS and Atom feeds on each agency's schedule ({@code INGEST_FEEDS}) and writes every new
 * item through the same path as pushed stories, so a story and its receipt are committed together
 * and the receipts — reloaded from Kafka at every start — are the durable "already seen" memory.
 *
 * <p>Conditional GET: the {@code ETag} and {@code Last-Modified} of the last complete poll are sent
 * back as {@code If-None-Match} / {@code If-Modified-Since}; a 304 means nothing to do. The
 * validators are kept only when every new item of the response was written, so a failed write is
 * retried at the next poll with a full GET. They live in memory: after a restart the first poll is
 * a full GET, and the receipts make its items "seen".
 *
 * <p>Bounded: one poll — connection, headers and the whole body — takes at most the configured
 * timeout ({@code INGEST_FEED_TIMEOUT_SECONDS}), then the exchange is cancelled; a body over
 * {@value #MAX_FEED_BYTES} bytes is cut off. Redirects are followed only within the feed's origin
 * (same scheme, host and port), at most {@value #MAX_REDIRECTS}; one to another origin is not
 * followed and fails the poll. Each feed is a supervised loop ({@code feed-<agency>-<n>}, kind
 * EXTERNAL): a failed poll is reported in readiness and tried again after the supervisor's backoff
 * (1 s, 2 s… at most 30 s), then every interval once it succeeds.
 *
 * <p>Source health: each feed has an id ({@link FeedSubscription#ids}, {@code <agency>@<host>});
 * the receipts of its items name it, and a failed poll is handed to {@code errors} as a {@link
 * Refusal} of kind feed ({@value #FEED_UNREACHABLE}, {@value #FEED_HTTP_STATUS}, {@value
 * #FEED_UNREADABLE}, {@value #FEED_ITEMS_NOT_WRITTEN}), whose detail never holds the feed's URL (it
 * may carry a token).
 */
public final class FeedPoller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FeedPoller.class);

  /** Largest feed document read. */
  static final int MAX_FEED_BYTES = 10 << 20;

  /** Redirects followed within the feed's origin in one poll. */
  static final int MAX_REDIRECTS = 3;

  private static final long WRITE_TIMEOUT_SECONDS = 30;

  /** Problem type slugs of a failed poll (source health). */
  public static final String FEED_UNREACHABLE = "feed-unreachable";

  public static final String FEED_HTTP_STATUS = "feed-http-status";
  public static final String FEED_UNREADABLE = "feed-unreadable";
  public static final String FEED_ITEMS_NOT_WRITTEN = "feed-items-not-written";

  /** Where items go: the push path's idempotent, transactional write. */
  @FunctionalInterface
  public interface Sink {
    /**
     * Completes with true when the item was written now, false when the same content was accepted
     * before.
     */
    CompletableFuture<Boolean> store(
        String agency,
        String feed,
        InputFormat format,
        String contentType,
        byte[] payload,
        StorySubmission submission);
  }

  /**
   * One poll of one feed. {@code status} is the HTTP status, or 0 when there was no (complete)
   * answer, or the idempotency memory was still loading; {@code error} says what went wrong, null
   * when the poll did all it should.
   */
  public record PollResult(
      String agency,
      URI url,
      int status,
      int newItems,
      int seenItems,
      int skippedItems,
      int failedItems,
      String error) {
    PollResult(String agency, URI url, int status, String error) {
      this(agency, url, status, 0, 0, 0, 0, error);
    }
  }

  /** A poll that failed; its message says why, naming the feed. */
  static final class PollFailedException extends Exception {
    PollFailedException(String message) {
      super(message);
    }
  }

  private static final class Feed {
    final FeedSubscription subscription;
    final String id;
    final String loopName;
    final ReentrantLock lock = new ReentrantLock();
    String etag;
    String lastModified;

    Feed(FeedSubscription subscription, String id, String loopName) {
      this.subscription = subscription;
      this.id = id;
      this.loopName = loopName;
    }
  }

  private final List<Feed> feeds = new ArrayList<>();
  private final Sink sink;
  private final ReceiptBook book;
  private final BooleanSupplier ready;
  private final MeterRegistry metrics;
  private final Duration timeout;
  private final HttpClient http;
  private final FeedParser parser = new FeedParser();
  private final List<Supervisor.Loop> loops = new ArrayList<>();
  private final Consumer<Refusal> errors;

  /** Without source health: failed polls are logged and counted only. */
  public FeedPoller(
      List<FeedSubscription> subscriptions,
      Sink sink,
      ReceiptBook book,
      BooleanSupplier ready,
      MeterRegistry metrics,
      Duration timeout) {
    this(subscriptions, sink, book, ready, metrics, timeout, r -> {});
  }

  /**
   * @param ready true once the idempotency memory is loaded; until then polls do nothing
   * @param timeout the longest one poll may take, connection, headers and body
   * @param errors where a failed poll goes, as a refusal of the feed (must not block)
   */
  public FeedPoller(
      List<FeedSubscription> subscriptions,
      Sink sink,
      ReceiptBook book,
      BooleanSupplier ready,
      MeterRegistry metrics,
      Duration timeout,
      Consumer<Refusal> errors) {
    this.errors = errors;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("INGEST_FEED_TIMEOUT_SECONDS must be at least 1");
    }
    Map<String, Integer> perAgency = new HashMap<>();
    List<String> ids = FeedSubscription.ids(subscriptions);
    for (int i = 0; i < subscriptions.size(); i++) {
      FeedSubscription s = subscriptions.get(i);
      feeds.add(
          new Feed(
              s,
              ids.get(i),
              "feed-" + s.agency() + "-" + perAgency.merge(s.agency(), 1, Integer::sum)));
    }
    this.sink = sink;
    this.book = book;
    this.ready = ready;
    this.metrics = metrics;
    this.timeout = timeout;
    // Redirects are followed here, within the feed's origin only; the deadline covers the whole
    // exchange.
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Starts a loop per feed: a first poll now, then one per interval after the previous ended. */
  public void start(Supervisor supervisor) {
    for (Feed f : feeds) {
      loops.add(
          supervisor.every(
              f.loopName,
              Supervisor.Kind.EXTERNAL,
              f.subscription.interval(),
              loop -> {
                PollResult r = poll(f);
                if (r.error() != null) {
                  throw new PollFailedException(r.agency() + " " + r.url() + ": " + r.error());
                }
              }));
      log.info(
          "polling feed of {} at {} every {} s (loop {})",
          f.subscription.agency(),
          f.subscription.url(),
          f.subscription.interval().toSeconds(),
          f.loopName);
    }
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
      return done(
          new PollResult(agency, url, 0, "not polled: the idempotency memory is still loading"));
    }
    HttpResponse<byte[]> resp;
    try {
      resp = fetch(f);
    } catch (PollFailedException e) {
      log.warn("feed {} {}: {}", agency, url, e.getMessage());
      error(f, FEED_UNREACHABLE, "Feed unreachable", 0, e.getMessage());
      return done(new PollResult(agency, url, 0, e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return done(new PollResult(agency, url, 0, "interrupted"));
    }
    byte[] body = resp.body();
    int status = resp.statusCode();
    if (status == 304) {
      return done(new PollResult(agency, url, status, null));
    }
    if (status != 200) {
      String why =
          status / 100 == 3
              ? "HTTP "
                  + status
                  + " redirect to "
                  + resp.headers().firstValue("Location").orElse("nowhere")
                  + " not followed (only redirects within the feed's origin are, at most "
                  + MAX_REDIRECTS
                  + ")"
              : "HTTP " + status;
      log.warn("feed {} {}: {}", agency, url, why);
      error(
          f,
          FEED_HTTP_STATUS,
          "Feed answered with an error",
          status,
          status / 100 == 3
              ? "HTTP "
                  + status
                  + ": a redirect to another origin (or more than "
                  + MAX_REDIRECTS
                  + ") is not followed"
              : "HTTP " + status);
      return done(new PollResult(agency, url, status, why));
    }
    FeedParser.Feed feed;
    try {
      feed = parser.parse(body, charsetParam(resp.headers().firstValue("Content-Type").orElse("")));
    } catch (InvalidSubmissionException e) {
      log.warn(
          "feed {} {}: not a readable feed ({}{})",
          agency,
          url,
          e.getMessage(),
          e.field() == null ? "" : ", at " + e.field());
      metrics.counter("newswire_ingest_feed_invalid_total", "agency", agency).increment();
      error(
          f,
          FEED_UNREADABLE,
          "Feed unreadable",
          status,
          "not a readable feed: "
              + e.getMessage()
              + (e.field() == null ? "" : " (at " + e.field() + ")"));
      return done(
          new PollResult(
              agency, url, status, 0, 0, 0, 1, "not a readable feed: " + e.getMessage()));
    }
    for (FeedParser.Skipped s : feed.skipped()) {
      log.warn("feed {} {}: item {} skipped: {}", agency, url, s.index(), s.reason());
    }
    int seen = 0;
    List<CompletableFuture<Boolean>> writes = new ArrayList<>();
    for (FeedParser.Item item : feed.items()) {
      String urn = StoryId.urn(agency, item.submission().agencyStoryId());
      Optional<StorySubmission> toWrite = SeenItems.toWrite(book, urn, item.submission());
      if (toWrite.isEmpty()) {
        seen++;
      } else {
        writes.add(
            sink.store(
                agency, f.id, feed.format(), item.contentType(), item.payload(), toWrite.get()));
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
    if (failed
        == 0) { // else the next poll fetches the whole feed again and retries what was not written
      f.etag = resp.headers().firstValue("ETag").orElse(null);
      f.lastModified = resp.headers().firstValue("Last-Modified").orElse(null);
    } else {
      log.warn(
          "feed {} {}: {} item(s) not written (Kafka); retried at the next poll",
          agency,
          url,
          failed);
      error(
          f,
          FEED_ITEMS_NOT_WRITTEN,
          "Feed items not written",
          status,
          failed + " item(s) not written (Kafka); retried at the next poll");
    }
    return done(
        new PollResult(
            agency,
            url,
            status,
            written,
            seen,
            feed.skipped().size(),
            failed,
            failed == 0
                ? null
                : failed + " item(s) not written (Kafka); retried at the next poll"));
  }

  /**
   * One GET of the feed, following redirects within its origin: the final answer with its whole
   * body (empty unless 200), all of it within the timeout, or why not.
   */
  private HttpResponse<byte[]> fetch(Feed f) throws PollFailedException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI url = f.subscription.url();
    for (int redirects = 0; ; redirects++) {
      HttpRequest.Builder req =
          HttpRequest.newBuilder(url)
              .GET()
              .header(
                  "Accept",
                  "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, "
                      + "*/*;q=0.1")
              .header("User-Agent", "newswire-ingest");
      if (f.etag != null) {
        req.header("If-None-Match", f.etag);
      }
      if (f.lastModified != null) {
        req.header("If-Modified-Since", f.lastModified);
      }
      // The client's own request timeout ends at the response headers; this deadline also covers
      // the body.
      CompletableFuture<HttpResponse<byte[]>> call =
          http.sendAsync(
              req.build(),
              info ->
                  info.statusCode() == 200
                      ? new LimitedBody(MAX_FEED_BYTES)
                      : HttpResponse.BodySubscribers.replacing(new byte[0]));
      HttpResponse<byte[]> resp;
      try {
        resp = call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        call.cancel(true);
        throw new PollFailedException(
            "no complete answer within " + timeout.toSeconds() + " s (headers and body)");
      } catch (InterruptedException e) {
        call.cancel(true);
        throw e;
      } catch (ExecutionException e) {
        Throwable cause =
            e.getCause() instanceof IOException && e.getCause().getCause() instanceof TooLarge t
                ? t
                : e.getCause();
        throw new PollFailedException(
            cause instanceof TooLarge ? cause.getMessage() : "no answer: " + cause);
      }
      Optional<String> location = resp.headers().firstValue("Location");
      if (resp.statusCode() / 100 != 3
          || resp.statusCode() == 304
          || location.isEmpty()
          || redirects == MAX_REDIRECTS) {
        return resp;
      }
      URI next = url.resolve(location.get());
      if (!sameOrigin(url, next)) {
        return resp; // not followed: reported with the status
      }
      url = next;
    }
  }

  /** Same scheme, host and port (RFC 6454), default ports made explicit. */
  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  /** A body larger than the limit. */
  static final class TooLarge extends IOException {
    TooLarge(int limit) {
      super("larger than " + limit + " bytes, not read");
    }
  }

  /**
   * Collects a body of at most {@code limit} bytes; a larger one is cancelled and fails with {@link
   * TooLarge}.
   */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    LimitedBody(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        if (result.isDone()) {
          return;
        }
        if (out.size() + b.remaining() > limit) {
          subscription.cancel();
          result.completeExceptionally(new TooLarge(limit));
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        out.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }
  }

  /** A failed poll, for source health; never throws. */
  private void error(Feed f, String slug, String title, int status, String detail) {
    try {
      errors.accept(
          new Refusal(
              f.id,
              Refusal.Kind.FEED,
              Problem.of(slug, title, status, detail).type(),
              status,
              title,
              detail,
              System.currentTimeMillis()));
    } catch (RuntimeException e) {
      log.debug("a feed error was not recorded for source health: {}", e.toString());
    }
  }

  /** The feeds' ids ({@link FeedSubscription#ids}), in {@code INGEST_FEEDS} order. */
  public List<String> ids() {
    return feeds.stream().map(f -> f.id).toList();
  }

  private PollResult done(PollResult r) {
    String status = r.status() == 0 ? "none" : Integer.toString(r.status());
    log.info(
        "feed {} {}: status {}, {} new, {} seen, {} skipped, {} failed",
        r.agency(),
        r.url(),
        status,
        r.newItems(),
        r.seenItems(),
        r.skippedItems(),
        r.failedItems());
    metrics
        .counter("newswire_ingest_feed_polls_total", "agency", r.agency(), "status", status)
        .increment();
    metrics
        .counter("newswire_ingest_feed_items_total", "agency", r.agency(), "result", "new")
        .increment(r.newItems());
    metrics
        .counter("newswire_ingest_feed_items_total", "agency", r.agency(), "result", "seen")
        .increment(r.seenItems());
    metrics
        .counter("newswire_ingest_feed_items_total", "agency", r.agency(), "result", "skipped")
        .increment(r.skippedItems());
    metrics
        .counter("newswire_ingest_feed_items_total", "agency", r.agency(), "result", "failed")
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
    loops.forEach(Supervisor.Loop::stop);
    loops.forEach(Supervisor.Loop::close);
  }
}
