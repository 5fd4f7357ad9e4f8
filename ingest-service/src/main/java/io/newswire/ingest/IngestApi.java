package io.newswire.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.RateLimits;
import io.newswire.ingest.core.ReceiptBook;
import io.newswire.ingest.core.StoryParsers;
import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.StoryUrn;
import io.newswire.ingest.core.SubmissionParser;
import io.newswire.platform.Problem;
import io.newswire.platform.ProblemException;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.StoryLimits;
import io.newswire.schema.v1.StoryFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agencies' HTTP API: {@code POST /v1/stories} (every pushed format), {@code POST /v1/stories/{id}/withdraw} (a
 * kill), and {@code GET /openapi.json}. Authenticate, rate-limit, parse, check idempotency, write story and receipt
 * in one transaction, and answer 202 only once the broker acknowledged. Every refusal is problem+json and writes
 * nothing. The parsing and decisions are in {@code core}; this class only wires them to HTTP and Kafka.
 */
final class IngestApi {
  private static final Logger log = LoggerFactory.getLogger(IngestApi.class);
  /** How long an agency waits for the broker before a 503 (the story may still be committed: a retry then finds it). */
  private static final long ACK_TIMEOUT_SECONDS = 12;

  /** Plain-text metadata: header name and query parameter name for each parser key. */
  private static final Map<String, String> TEXT_HEADERS = Map.of(
      SubmissionParser.STORY_ID, "X-Story-Id",
      SubmissionParser.VERSION, "X-Story-Version",
      SubmissionParser.HEADLINE, "X-Headline",
      SubmissionParser.LANGUAGE, "Content-Language",
      SubmissionParser.FIRST_CREATED, "X-First-Created",
      SubmissionParser.VERSION_CREATED, "X-Version-Created",
      SubmissionParser.BYLINE, "X-Byline",
      SubmissionParser.SLUGLINE, "X-Slugline",
      SubmissionParser.PUB_STATUS, "X-Pub-Status",
      SubmissionParser.AGENCY, "X-Agency");

  private final IngestConfig config;
  private final ApiKeySource keys;
  private final RateLimits rateLimits;
  private final StoryIntake intake;
  private final ReceiptBook book;
  private final BooleanSupplier receiptsLoaded;
  private final StoryParsers parsers = new StoryParsers();
  private final MeterRegistry metrics;
  private final byte[] openApi;

  IngestApi(IngestConfig config, ApiKeySource keys, RateLimits rateLimits, StoryIntake intake,
      BooleanSupplier receiptsLoaded, MeterRegistry metrics) {
    this.config = config;
    this.keys = keys;
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

  void configure(JavalinConfig c) {
    c.http.maxRequestSize = config.maxBodyBytes();
    c.routes.post("/v1/stories", this::submit);
    c.routes.post("/v1/stories/{agencyStoryId}/withdraw", this::withdraw);
    c.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
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
      metrics.counter("newswire_ingest_refused_total", "agency", agency, "reason", e.kind().name().toLowerCase())
          .increment();
      throw refusal(e);
    }
    StorySubmission s = parsed.submission();
    if (s.claimedAgency() != null && !s.claimedAgency().equals(agency)) {
      metrics.counter("newswire_ingest_refused_total", "agency", agency, "reason", "agency_mismatch").increment();
      throw refuse("agency-mismatch", "Agency mismatch", 403, "The story claims agency '" + s.claimedAgency()
          + "' but the API key belongs to '" + agency + "'.", "agency");
    }
    accept(ctx, agency, StoryFormat.valueOf(parsed.format().name()), contentType, payload, s);
  }

  /** A kill: {@code POST /v1/stories/{agencyStoryId}/withdraw}, body optional {@code {"version": n, "reason": "…"}}. */
  private void withdraw(Context ctx) {
    String agency = authenticate(ctx);
    limitRate(ctx, agency);
    String id = ctx.pathParam("agencyStoryId");
    if (!StoryUrn.STORY_ID.matcher(id).matches()) {
      throw refuse("invalid-story", "Invalid story", 400, "agencyStoryId must be 1-200 letters, digits or ._:@+-",
          "agencyStoryId");
    }
    byte[] payload = body(ctx);
    Integer version = null;
    String reason = null;
    if (payload.length > 0 && !new String(payload, StandardCharsets.UTF_8).isBlank()) {
      JsonNode n;
      try {
        n = ServiceHttp.JSON.readTree(payload);
      } catch (IOException e) {
        throw refuse("invalid-story", "Invalid story", 400, "the body must be a JSON object: "
            + e.getMessage().lines().findFirst().orElse(""), null);
      }
      if (n == null || !n.isObject()) {
        throw refuse("invalid-story", "Invalid story", 400, "the body must be a JSON object", null);
      }
      JsonNode v = n.get("version");
      if (v != null && !v.isNull()) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
          throw refuse("invalid-story", "Invalid story", 400, "version must be a whole number of at least 1",
              "version");
        }
        version = v.asInt();
      }
      JsonNode r = n.get("reason");
      if (r != null && !r.isNull()) {
        if (!r.isTextual() || r.asText().length() > 1000) {
          throw refuse("invalid-story", "Invalid story", 400, "reason must be a string of at most 1000 characters",
              "reason");
        }
        reason = r.asText().isBlank() ? null : r.asText().trim();
      }
    }
    String urn = StoryUrn.of(agency, id);
    requireReceiptsLoaded(ctx);
    if (version == null) {
      Optional<Integer> latest = book.latestVersion(urn);
      if (latest.isEmpty()) {
        throw refuse("unknown-story", "Unknown story", 404, "No version of " + urn + " was accepted; give the "
            + "version to withdraw in the body ({\"version\": n}).", "agencyStoryId");
      }
      StorySubmission sameKill = kill(id, latest.get(), reason);
      Optional<ReceiptBook.Receipt> last = book.get(urn, latest.get());
      boolean lastIsThisKill = last.isPresent()
          && last.get().contentHash().equals(ReceiptBook.contentHash(sameKill));
      version = lastIsThisKill ? latest.get() : latest.get() + 1;
    }
    StorySubmission s = kill(id, version, reason);
    ObjectNode json = ServiceHttp.JSON.createObjectNode().put("agencyStoryId", id).put("version", s.version())
        .put("pubStatus", "canceled").put("body", s.body());
    byte[] canonical = json.toString().getBytes(StandardCharsets.UTF_8);
    accept(ctx, agency, StoryFormat.NEWSWIRE_JSON, "application/json", canonical, s);
  }

  private static StorySubmission kill(String id, int version, String reason) {
    return new StorySubmission(id, version, reason == null ? "Withdrawn by the agency." : reason, null, null, null,
        null, null, null, null, true, false, null, List.of());
  }

  /** Idempotency, then the transactional write ({@link StoryIntake}), then 202 (or 409, 413, or 503). */
  private void accept(Context ctx, String agency, StoryFormat format, String contentType, byte[] payload,
      StorySubmission s) {
    requireReceiptsLoaded(ctx);
    String urn = StoryUrn.of(agency, s.agencyStoryId());
    CompletableFuture<StoryIntake.Result> stored = intake.store(agency, format, contentType, payload, s);
    ctx.future(() -> stored.orTimeout(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS).handle((r, err) -> {
      Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
      if (cause instanceof StoryIntake.RegistryUnavailableException) {
        log.warn("story {} v{} from {} NOT accepted: {}", urn, s.version(), agency, cause.getCause().toString());
        unavailable(ctx, agency, "registry-unavailable", "The story could not be serialized: the schema registry did "
            + "not answer; nothing was accepted. Retry later.");
      } else if (err != null) {
        log.warn("story {} v{} from {} NOT accepted: Kafka did not acknowledge ({})", urn, s.version(), agency,
            err.toString());
        unavailable(ctx, agency, "kafka-unavailable",
            "The story could not be stored durably right now; nothing was accepted. Retry later.");
      } else if (r.outcome() == StoryIntake.Outcome.TOO_LARGE) {
        metrics.counter("newswire_ingest_refused_total", "agency", agency, "reason", "too_large").increment();
        ServiceHttp.problem(ctx, tooLarge(r.refusal()).problem());
      } else if (r.outcome() == StoryIntake.Outcome.WRITTEN) {
        log.debug("story {} v{} from {} accepted ({} bytes, {}) ingestId={}", urn, s.version(), agency,
            payload.length, format, r.receipt().ingestId());
        metrics.counter("newswire_ingest_accepted_total", "agency", agency, "format", format.name()).increment();
        accepted(ctx, r.receipt(), false);
      } else {
        answerKnown(ctx, agency, r.outcome() == StoryIntake.Outcome.DUPLICATE
            ? new ReceiptBook.Duplicate(r.receipt()) : new ReceiptBook.Conflict(r.receipt()));
      }
      return null;
    }));
  }

  private void answerKnown(Context ctx, String agency, ReceiptBook.Decision d) {
    if (d instanceof ReceiptBook.Duplicate dup) {
      metrics.counter("newswire_ingest_duplicate_total", "agency", agency).increment();
      accepted(ctx, dup.receipt(), true);
    } else if (d instanceof ReceiptBook.Conflict c) {
      metrics.counter("newswire_ingest_refused_total", "agency", agency, "reason", "conflict").increment();
      ServiceHttp.problem(ctx, Problem.of("version-conflict", "Version conflict", 409, "Version " + c.receipt().version()
          + " of " + c.receipt().urn() + " was already accepted with different content (ingestId "
          + c.receipt().ingestId() + "); send a new version to update the story.").withField("version"));
    }
  }

  private static void accepted(Context ctx, ReceiptBook.Receipt r, boolean replay) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "accepted");
    body.put("urn", r.urn());
    body.put("version", r.version());
    body.put("ingestId", r.ingestId());
    if (replay) {
      ctx.header("Idempotent-Replayed", "true");
    }
    ctx.status(202).json(body);
  }

  private void unavailable(Context ctx, String agency, String slug, String detail) {
    metrics.counter("newswire_ingest_unavailable_total", "agency", agency).increment();
    ServiceHttp.problem(ctx.header("Retry-After", "5"), Problem.of(slug, "Service unavailable", 503, detail));
  }

  private void requireReceiptsLoaded(Context ctx) {
    if (!receiptsLoaded.getAsBoolean()) {
      throw new ProblemException(Problem.of("kafka-unavailable", "Service unavailable", 503,
          "The idempotency memory is still loading from Kafka; nothing was accepted. Retry later."),
          Map.of("Retry-After", "5"));
    }
  }

  private String authenticate(Context ctx) {
    String auth = ctx.header("Authorization");
    String key = null;
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = auth.substring(7).trim();
    }
    var agency = keys.agencyOf(key);
    if (agency.isEmpty()) {
      metrics.counter("newswire_ingest_refused_total", "agency", "unknown", "reason", "unauthenticated").increment();
      throw new ProblemException(Problem.of("unauthenticated", "Unauthenticated", 401,
          key == null ? "Send the agency's API key as 'Authorization: Bearer <key>'." : "The API key is not valid.")
          .withField("Authorization"), Map.of("WWW-Authenticate", "Bearer realm=\"newswire\""));
    }
    return agency.get();
  }

  private void limitRate(Context ctx, String agency) {
    OptionalLong wait = rateLimits.tryAcquire(agency);
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.getAsLong() + 999_999_999L) / 1_000_000_000L);
      metrics.counter("newswire_ingest_refused_total", "agency", agency, "reason", "rate_limited").increment();
      throw new ProblemException(Problem.of("rate-limited", "Too many requests", 429, "Agency '" + agency
          + "' may send " + rateLimits.limitOf(agency).perSecond() + " stories per second; retry in " + seconds
          + " s."), Map.of("Retry-After", Long.toString(seconds)));
    }
  }

  /**
   * The request body, at most the story limit ({@code NEWSWIRE_MAX_STORY_BYTES}); a larger one is a 413 naming the
   * limit. A body with a Content-Length over the limit is refused unread; a chunked one (no Content-Length) is read
   * to at most limit + 1 bytes. Read here rather than with {@code ctx.bodyAsBytes()}: Javalin refuses a chunked body
   * over {@code maxRequestSize} with its own 413, which is not problem+json and does not name the limit.
   */
  private byte[] body(Context ctx) {
    int limit = config.maxBodyBytes();
    long declared = ctx.contentLength();
    if (declared > limit) {
      drain(ctx, declared);
      throw tooLarge("The body is " + declared + " bytes; the limit is " + limit + " bytes ("
          + StoryLimits.ENV + ").");
    }
    byte[] payload;
    try {
      payload = ctx.req().getInputStream().readNBytes(limit + 1);
    } catch (IOException e) {
      throw refuse("invalid-story", "Invalid story", 400, "The body could not be read: " + e.getMessage(), null);
    }
    if (payload.length > limit) {
      drain(ctx, declared);
      throw tooLarge("The body is larger than " + limit + " bytes, the limit (" + StoryLimits.ENV + ").");
    }
    return payload;
  }

  private static ProblemException tooLarge(String detail) {
    return refuse("payload-too-large", "Payload too large", 413, detail, null);
  }

  /**
   * Reads and discards the rest of a refused body (up to 16 times the limit, none when it declares more) so the 413
   * reaches the client: closing a connection with unread bytes resets it, and the answer can be lost.
   */
  private void drain(Context ctx, long declaredLength) {
    long left = 16L * config.maxBodyBytes();
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

  private static ProblemException refusal(InvalidSubmissionException e) {
    String field = e.field() != null ? e.field() : e.line() > 0 ? "line " + e.line() : null;
    return switch (e.kind()) {
      case INVALID -> refuse("invalid-story", "Invalid story", 400, e.getMessage(), field);
      case UNSUPPORTED_FORMAT -> refuse("unsupported-media-type", "Unsupported media type", 415, e.getMessage(),
          field);
      case UNSUPPORTED_CHARSET -> refuse("unsupported-charset", "Unsupported charset", 415, e.getMessage(), field);
    };
  }

  private static Map<String, String> textMetadata(Context ctx) {
    Map<String, String> m = new HashMap<>();
    TEXT_HEADERS.forEach((key, header) -> {
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

  private static ProblemException refuse(String slug, String title, int status, String detail, String field) {
    return new ProblemException(Problem.of(slug, title, status, detail).withField(field));
  }
}
