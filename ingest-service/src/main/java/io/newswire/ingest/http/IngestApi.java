package io.newswire.ingest.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.formats.StoryParsers;
import io.newswire.ingest.core.formats.SubmissionParser;
import io.newswire.ingest.core.limits.RateLimits;
import io.newswire.ingest.core.receipts.ReceiptBook;
import io.newswire.ingest.core.refusals.Refusal;
import io.newswire.ingest.core.withdrawals.Withdrawal;
import io.newswire.ingest.kafka.StoryIntake;
import io.newswire.ingest.kafka.StoryWriter;
import io.newswire.platform.HttpAccess;
import io.newswire.platform.Problem;
import io.newswire.platform.ProblemException;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.StoryLimits;
import io.newswire.platform.core.StoryId;
import io.newswire.platform.core.access.Principal;
import io.newswire.platform.core.access.Scope;
import io.newswire.schema.v1.StoryFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agencies' HTTP API: {@code POST /v1/stories} (every pushed format), {@code POST
 * /v1/stories/{id}/withdraw} (a kill), and {@code GET /openapi.json}. Authenticate, rate-limit,
 * parse, check idempotency, write story and receipt in one transaction, and answer 202 only once
 * the broker acknowledged. Every refusal is problem+json and writes nothing to the story topics;
 * each one on the story routes is also handed to {@code refusals} (source health, {@link
 * io.newswire.ingest.kafka.RefusalWriter}: best effort, it never delays the answer), under the
 * agency of the request's key, or {@value Refusal#UNAUTHENTICATED} without a valid key (never the
 * presented key). The parsing and decisions are in {@code core}; this class only wires them to HTTP
 * and Kafka.
 */
public final class IngestApi {
  private static final Logger log = LoggerFactory.getLogger(IngestApi.class);

  /**
   * How long an agency waits for the broker before a 503 (the story may still be committed: a retry
   * then finds it). A safety net only: the writer completes every story's future within {@link
   * StoryWriter#WORST_CASE} with the write's real outcome, so an agency is never told 503 for a
   * story that was in fact committed.
   */
  /**
   * The largest withdrawal body: {@code version} and a reason of at most {@value
   * Withdrawal#MAX_REASON} characters, with room to spare.
   */
  static final int WITHDRAWAL_MAX_BYTES = 16 * 1024;

  private static final long ACK_TIMEOUT_SECONDS = StoryWriter.WORST_CASE.toSeconds() + 5;

  /** Plain-text metadata: header name and query parameter name for each parser key. */
  private static final Map<String, String> TEXT_HEADERS =
      Map.ofEntries(
          Map.entry(SubmissionParser.STORY_ID, "X-Story-Id"),
          Map.entry(SubmissionParser.VERSION, "X-Story-Version"),
          Map.entry(SubmissionParser.HEADLINE, "X-Headline"),
          Map.entry(SubmissionParser.LANGUAGE, "Content-Language"),
          Map.entry(SubmissionParser.FIRST_CREATED, "X-First-Created"),
          Map.entry(SubmissionParser.VERSION_CREATED, "X-Version-Created"),
          Map.entry(SubmissionParser.BYLINE, "X-Byline"),
          Map.entry(SubmissionParser.SLUGLINE, "X-Slugline"),
          Map.entry(SubmissionParser.PUB_STATUS, "X-Pub-Status"),
          Map.entry(SubmissionParser.AGENCY, "X-Agency"),
          Map.entry(SubmissionParser.URGENCY, "X-Urgency"),
          Map.entry(SubmissionParser.EMBARGO_UNTIL, "X-Embargo-Until"));

  private final int maxBodyBytes;
  private final HttpAccess access;
  private final RateLimits rateLimits;
  private final StoryIntake intake;
  private final ReceiptBook book;
  private final BooleanSupplier receiptsLoaded;
  private final StoryParsers parsers = new StoryParsers();
  private final MeterRegistry metrics;
  private final Consumer<Refusal> refusals;
  private final java.time.Clock clock;
  private final byte[] openApi;

  public IngestApi(
      int maxBodyBytes,
      HttpAccess access,
      RateLimits rateLimits,
      StoryIntake intake,
      BooleanSupplier receiptsLoaded,
      MeterRegistry metrics) {
    this(
        maxBodyBytes,
        access,
        rateLimits,
        intake,
        receiptsLoaded,
        metrics,
        r -> {},
        java.time.Clock.systemUTC());
  }

  /**
   * @param refusals where each refusal of the story routes goes (source health); must not block
   */
  public IngestApi(
      int maxBodyBytes,
      HttpAccess access,
      RateLimits rateLimits,
      StoryIntake intake,
      BooleanSupplier receiptsLoaded,
      MeterRegistry metrics,
      Consumer<Refusal> refusals,
      java.time.Clock clock) {
    this.refusals = refusals;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
    this.access = access;
    this.rateLimits = rateLimits;
    this.intake = intake;
    this.book = intake.book();
    this.receiptsLoaded = receiptsLoaded;
    this.metrics = metrics;
    try (InputStream in = IngestApi.class.getResourceAsStream("/openapi.json")) {
      this.openApi = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void configure(JavalinConfig c) {
    c.http.maxRequestSize = maxBodyBytes;
    c.routes.post("/v1/stories", ctx -> recorded(ctx, this::submit));
    c.routes.post("/v1/stories/{agencyStoryId}/withdraw", ctx -> recorded(ctx, this::withdraw));
    c.routes.get(
        "/openapi.json",
        ctx -> {
          authenticate(ctx);
          ctx.contentType("application/json").result(openApi);
        });
  }

  /**
   * Runs a story route's handler; a refusal it throws is recorded for source health, then answered
   * as usual.
   */
  private void recorded(Context ctx, Consumer<Context> handler) {
    try {
      handler.accept(ctx);
    } catch (ProblemException e) {
      refused(ctx, e.problem());
      throw e;
    }
  }

  /** Hands a refusal to source health, under the request's principal; never throws. */
  private void refused(Context ctx, Problem p) {
    Principal who = HttpAccess.principal(ctx);
    refused(who == null ? Refusal.UNAUTHENTICATED : who.name(), p);
  }

  private void refused(String source, Problem p) {
    try {
      refusals.accept(
          new Refusal(
              source,
              Refusal.Kind.AGENCY,
              p.type(),
              p.status(),
              p.title(),
              p.detail(),
              clock.millis()));
    } catch (RuntimeException e) {
      log.debug("a refusal was not recorded for source health: {}", e.toString());
    }
  }

  private void submit(Context ctx) {
    String agency = authenticate(ctx);
    limitRate(ctx, agency);
    byte[] payload = body(ctx);
    String contentType = ctx.contentType() == null ? "" : ctx.contentType();
    StoryParsers.Parsed parsed;
    try {
      parsed = parsers.parse(contentType, payload, textMetadata(ctx));
    } catch (InvalidSubmissionException e) {
      countRefusal(agency, e);
      throw refusal(e);
    }
    StoryFormat format = StoryFormat.valueOf(parsed.format().name());
    if (parsed.items() != null) {
      envelope(ctx, agency, format, parsed.items());
      return;
    }
    StorySubmission s = parsed.submission();
    requireReceiptsLoaded(ctx);
    Problem refused = check(agency, s);
    if (refused != null) {
      throw new ProblemException(refused);
    }
    accept(ctx, agency, format, contentType, payload, s);
  }

  /**
   * What refuses a parsed story before it is stored: a claim of another agency (403), or a
   * cancellation of a story Newswire never accepted (404: there is nothing to withdraw, and
   * publishing it would put its full text out as a withdrawal); null when neither.
   */
  private Problem check(String agency, StorySubmission s) {
    if (s.claimedAgency() != null && !s.claimedAgency().equals(agency)) {
      metrics
          .counter("newswire_ingest_refused_total", "agency", agency, "reason", "agency_mismatch")
          .increment();
      return Problem.of(
              "agency-mismatch",
              "Agency mismatch",
              403,
              "The story claims agency '"
                  + s.claimedAgency()
                  + "' but the API key belongs to '"
                  + agency
                  + "'.")
          .withField("agency");
    }
    String urn = StoryId.urn(agency, s.agencyStoryId());
    if (s.canceled() && book.latestVersion(urn).isEmpty()) {
      metrics
          .counter("newswire_ingest_refused_total", "agency", agency, "reason", "unknown_story")
          .increment();
      return Problem.of(
              "unknown-story",
              "Unknown story",
              404,
              "The document cancels "
                  + urn
                  + ", which Newswire "
                  + "never accepted: there is nothing to withdraw, and nothing was written. Send the story first, or "
                  + "nothing at all.")
          .withField("pubStatus");
    }
    return null;
  }

  /**
   * A NewsML-G2 {@code newsMessage}: each item is decided on its own, as if sent alone, and the
   * answer is {@code 207} with one result per item ({@code index}, {@code guid}, {@code status} and
   * the 202 body or the problem), once every item's outcome is known.
   */
  private void envelope(
      Context ctx, String agency, StoryFormat format, List<StoryParsers.Item> items) {
    requireReceiptsLoaded(ctx);
    List<CompletableFuture<Map<String, Object>>> results = new java.util.ArrayList<>();
    for (StoryParsers.Item item : items) {
      CompletableFuture<Answer> answer;
      if (item.refusal() != null) {
        countRefusal(agency, item.refusal());
        answer = CompletableFuture.completedFuture(Answer.of(refusal(item.refusal()).problem()));
      } else {
        Problem refused = check(agency, item.submission());
        answer =
            refused != null
                ? CompletableFuture.completedFuture(Answer.of(refused))
                : store(
                    agency,
                    format,
                    StoryParsers.ITEM_CONTENT_TYPE,
                    item.payload(),
                    item.submission());
      }
      results.add(
          answer.thenApply(
              a -> {
                if (a.problem() != null) {
                  refused(agency, a.problem());
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("index", item.index());
                r.put("guid", item.guid());
                if (a.problem() != null) {
                  r.put("status", a.status());
                  r.put("problem", a.problem());
                } else {
                  r.putAll(a.body());
                  r.put(
                      "status",
                      a.status()); // the item's HTTP status, in place of the single answer's
                  // "accepted"
                }
                return r;
              }));
    }
    ctx.future(
        () ->
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(
                    done -> {
                      List<Map<String, Object>> list =
                          results.stream().map(CompletableFuture::join).toList();
                      long accepted =
                          list.stream()
                              .filter(r -> Integer.valueOf(202).equals(r.get("status")))
                              .count();
                      Map<String, Object> body = new LinkedHashMap<>();
                      body.put("status", "multi-status");
                      body.put("accepted", accepted);
                      body.put("refused", list.size() - accepted);
                      body.put("items", list);
                      ctx.status(207).json(body);
                      return null;
                    }));
  }

  /**
   * A kill: {@code POST /v1/stories/{agencyStoryId}/withdraw}, body optional {@code {"version": n,
   * "reason": "…"}}, parsed and decided by {@link Withdrawal}.
   */
  private void withdraw(Context ctx) {
    String agency = authenticate(ctx);
    limitRate(ctx, agency);
    String id = ctx.pathParam("agencyStoryId");
    Withdrawal withdrawal;
    try {
      Withdrawal.checkStoryId(id); // before the body is read: a bad id is refused whatever the body
      byte[] payload = body(ctx, Math.min(maxBodyBytes, WITHDRAWAL_MAX_BYTES), "withdrawal");
      if (payload.length > 0 && !isJson(ctx.contentType())) {
        throw refuse(
            "unsupported-media-type",
            "Unsupported media type",
            415,
            "A withdrawal's body is JSON ({\"version\": n, \"reason\": \"…\"}): send it as"
                + " 'Content-Type: application/json', or send no body.",
            "Content-Type");
      }
      withdrawal = Withdrawal.parse(id, payload);
    } catch (InvalidSubmissionException e) {
      throw refusal(e);
    }
    requireReceiptsLoaded(ctx);
    Withdrawal.Decision decision = withdrawal.decide(agency, book);
    if (decision instanceof Withdrawal.Unknown unknown) {
      throw refuse("unknown-story", "Unknown story", 404, unknown.detail(), Withdrawal.STORY_ID);
    }
    Withdrawal.Kill kill = (Withdrawal.Kill) decision;
    accept(
        ctx,
        agency,
        StoryFormat.NEWSWIRE_JSON,
        "application/json",
        kill.payload(),
        kill.submission());
  }

  /**
   * One story's answer: 202 and its body (a replay or not), or a problem (409, 413, 503, or a
   * refusal).
   */
  private record Answer(int status, Map<String, Object> body, Problem problem, boolean replay) {
    static Answer of(Problem p) {
      return new Answer(p.status(), null, p, false);
    }
  }

  /**
   * Idempotency, then the transactional write ({@link StoryIntake}), then 202 (or 409, 413, or
   * 503).
   */
  private void accept(
      Context ctx,
      String agency,
      StoryFormat format,
      String contentType,
      byte[] payload,
      StorySubmission s) {
    requireReceiptsLoaded(ctx);
    ctx.future(
        () ->
            store(agency, format, contentType, payload, s)
                .thenAccept(
                    a -> {
                      if (a.problem() != null) {
                        if (a.status() == 503) {
                          ctx.header("Retry-After", "5");
                        }
                        refused(agency, a.problem());
                        ServiceHttp.problem(ctx, a.problem());
                      } else {
                        if (a.replay()) {
                          ctx.header("Idempotent-Replayed", "true");
                        }
                        ctx.status(202).json(a.body());
                      }
                    }));
  }

  private CompletableFuture<Answer> store(
      String agency, StoryFormat format, String contentType, byte[] payload, StorySubmission s) {
    String urn = StoryId.urn(agency, s.agencyStoryId());
    CompletableFuture<StoryIntake.Result> stored =
        intake.store(agency, format, contentType, payload, s);
    return stored
        .orTimeout(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .handle(
            (r, err) -> {
              Throwable cause =
                  err instanceof CompletionException && err.getCause() != null
                      ? err.getCause()
                      : err;
              if (cause instanceof StoryIntake.RegistryUnavailableException) {
                log.warn(
                    "story {} v{} from {} NOT accepted: {}",
                    urn,
                    s.version(),
                    agency,
                    cause.getCause().toString());
                return unavailable(
                    agency,
                    "registry-unavailable",
                    "The story could not be serialized: the schema registry "
                        + "did not answer; nothing was accepted. Retry later.");
              } else if (err != null) {
                log.warn(
                    "story {} v{} from {} NOT accepted: Kafka did not acknowledge ({})",
                    urn,
                    s.version(),
                    agency,
                    err.toString());
                return unavailable(
                    agency,
                    "kafka-unavailable",
                    "The story could not be stored durably right now; nothing was accepted. Retry later.");
              } else if (r.outcome() == StoryIntake.Outcome.TOO_LARGE) {
                metrics
                    .counter(
                        "newswire_ingest_refused_total", "agency", agency, "reason", "too_large")
                    .increment();
                return Answer.of(tooLarge(r.refusal()).problem());
              } else if (r.outcome() == StoryIntake.Outcome.WRITTEN) {
                log.debug(
                    "story {} v{} from {} accepted ({} bytes, {}) ingestId={}",
                    urn,
                    s.version(),
                    agency,
                    payload.length,
                    format,
                    r.receipt().ingestId());
                metrics
                    .counter(
                        "newswire_ingest_accepted_total", "agency", agency, "format", format.name())
                    .increment();
                for (StorySubmission.Warning w : s.warnings()) {
                  metrics
                      .counter(
                          "newswire_ingest_field_warnings_total",
                          "format",
                          format.name(),
                          "field",
                          w.field())
                      .increment();
                }
                return accepted(r.receipt(), false);
              } else if (r.outcome() == StoryIntake.Outcome.DUPLICATE) {
                metrics.counter("newswire_ingest_duplicate_total", "agency", agency).increment();
                return accepted(r.receipt(), true);
              }
              metrics
                  .counter("newswire_ingest_refused_total", "agency", agency, "reason", "conflict")
                  .increment();
              return Answer.of(
                  Problem.of(
                          "version-conflict",
                          "Version conflict",
                          409,
                          "Version "
                              + r.receipt().version()
                              + " of "
                              + r.receipt().urn()
                              + " was already accepted with different content (ingestId "
                              + r.receipt().ingestId()
                              + "); send a new version to update the story.")
                      .withField("version"));
            });
  }

  private static Answer accepted(ReceiptBook.Receipt r, boolean replay) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "accepted");
    body.put("urn", r.urn());
    body.put("version", r.version());
    body.put("ingestId", r.ingestId());
    if (!r.warnings().isEmpty()) {
      body.put("warnings", r.warnings());
    }
    return new Answer(202, body, null, replay);
  }

  private Answer unavailable(String agency, String slug, String detail) {
    metrics.counter("newswire_ingest_unavailable_total", "agency", agency).increment();
    return Answer.of(Problem.of(slug, "Service unavailable", 503, detail));
  }

  private void requireReceiptsLoaded(Context ctx) {
    if (!receiptsLoaded.getAsBoolean()) {
      throw new ProblemException(
          Problem.of(
              "kafka-unavailable",
              "Service unavailable",
              503,
              "The idempotency memory is still loading from Kafka; nothing was accepted. Retry later."),
          Map.of("Retry-After", "5"));
    }
  }

  /** The agency of the request's key: 401 without one, 429 after repeated failures. */
  private String authenticate(Context ctx) {
    try {
      return access.require(ctx, Scope.INGEST).name();
    } catch (ProblemException e) {
      metrics
          .counter(
              "newswire_ingest_refused_total",
              "agency",
              "unknown",
              "reason",
              e.problem().status() == 429 ? "auth_throttled" : "unauthenticated")
          .increment();
      throw e;
    }
  }

  private void limitRate(Context ctx, String agency) {
    OptionalLong wait = rateLimits.tryAcquire(agency);
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.getAsLong() + 999_999_999L) / 1_000_000_000L);
      metrics
          .counter("newswire_ingest_refused_total", "agency", agency, "reason", "rate_limited")
          .increment();
      throw new ProblemException(
          Problem.of(
              "rate-limited",
              "Too many requests",
              429,
              "Agency '"
                  + agency
                  + "' may send "
                  + rateLimits.limitOf(agency).perSecond()
                  + " stories per second; retry in "
                  + seconds
                  + " s."),
          Map.of("Retry-After", Long.toString(seconds)));
    }
  }

  /**
   * The request body, at most the story limit ({@code NEWSWIRE_MAX_STORY_BYTES}); a larger one is a
   * 413 naming the limit. A body with a Content-Length over the limit is refused unread; a chunked
   * one (no Content-Length) is read to at most limit + 1 bytes. Read here rather than with {@code
   * ctx.bodyAsBytes()}: Javalin refuses a chunked body over {@code maxRequestSize} with its own
   * 413, which is not problem+json and does not name the limit.
   */
  private byte[] body(Context ctx) {
    return body(ctx, maxBodyBytes, null);
  }

  /** The body, at most {@code limit} bytes; {@code what} names a limit that is not the story's. */
  private byte[] body(Context ctx, int limit, String what) {
    String which = what == null ? StoryLimits.ENV : "the limit of a " + what;
    long declared = ctx.contentLength();
    if (declared > limit) {
      drain(ctx, declared);
      throw tooLarge(
          "The body is " + declared + " bytes; the limit is " + limit + " bytes (" + which + ").");
    }
    byte[] payload;
    try {
      payload = ctx.req().getInputStream().readNBytes(limit + 1);
    } catch (IOException e) {
      throw refuse(
          "invalid-story",
          "Invalid story",
          400,
          "The body could not be read: " + e.getMessage(),
          null);
    }
    if (payload.length > limit) {
      drain(ctx, declared);
      throw tooLarge("The body is larger than " + limit + " bytes, the limit (" + which + ").");
    }
    return payload;
  }

  /** {@code application/json} or a {@code +json} type, with or without parameters. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return type.equals("application/json")
        || (type.startsWith("application/") && type.endsWith("+json"));
  }

  private static ProblemException tooLarge(String detail) {
    return refuse("payload-too-large", "Payload too large", 413, detail, null);
  }

  /**
   * Reads and discards the rest of a refused body (up to 16 times the limit, none when it declares
   * more) so the 413 reaches the client: closing a connection with unread bytes resets it, and the
   * answer can be lost.
   */
  private void drain(Context ctx, long declaredLength) {
    long left = 16L * maxBodyBytes;
    if (declaredLength > left) {
      return;
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] buffer = new byte[8192];
      int n;
      while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
        left -= n;
      }
    } catch (IOException | RuntimeException e) {
      log.debug("could not drain a refused body: {}", e.toString());
    }
  }

  private void countRefusal(String agency, InvalidSubmissionException e) {
    metrics
        .counter(
            "newswire_ingest_refused_total",
            "agency",
            agency,
            "reason",
            e.kind().name().toLowerCase())
        .increment();
  }

  private static ProblemException refusal(InvalidSubmissionException e) {
    String field = e.field() != null ? e.field() : e.line() > 0 ? "line " + e.line() : null;
    return switch (e.kind()) {
      case INVALID -> refuse("invalid-story", "Invalid story", 400, e.getMessage(), field);
      case UNSUPPORTED_FORMAT ->
          refuse("unsupported-media-type", "Unsupported media type", 415, e.getMessage(), field);
      case UNSUPPORTED_CHARSET ->
          refuse("unsupported-charset", "Unsupported charset", 415, e.getMessage(), field);
      case NO_TEXT -> refuse("no-text-content", "No text content", 422, e.getMessage(), field);
    };
  }

  private static Map<String, String> textMetadata(Context ctx) {
    Map<String, String> m = new HashMap<>();
    TEXT_HEADERS.forEach(
        (key, header) -> {
          String v = ctx.header(header);
          if (v == null) {
            v = ctx.queryParam(key);
          }
          if (v != null) {
            m.put(key, v);
          }
        });
    return m;
  }

  private static ProblemException refuse(
      String slug, String title, int status, String detail, String field) {
    return new ProblemException(Problem.of(slug, title, status, detail).withField(field));
  }
}
