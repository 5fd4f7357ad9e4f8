package io.newswire.ingest;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.StoryUrn;
import io.newswire.ingest.core.SubmissionParser;
import io.newswire.platform.Problem;
import io.newswire.platform.ProblemException;
import io.newswire.platform.ServiceHttp;
import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.StoryFormat;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/stories}: authenticate the agency, parse, validate, write to Kafka, and answer 202 only once
 * the broker has acknowledged. Every refusal is problem+json and writes nothing.
 */
final class IngestApi {
  private static final Logger log = LoggerFactory.getLogger(IngestApi.class);
  private static final Set<String> CHARSETS = Set.of("UTF-8", "ISO-8859-1", "WINDOWS-1252");

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
  private final RawStoryWriter writer;
  private final SubmissionParser parser = new SubmissionParser();
  private final Clock clock;
  private final MeterRegistry metrics;

  IngestApi(IngestConfig config, RawStoryWriter writer, Clock clock, MeterRegistry metrics) {
    this.config = config;
    this.writer = writer;
    this.clock = clock;
    this.metrics = metrics;
  }

  void configure(JavalinConfig c) {
    c.http.maxRequestSize = config.maxBodyBytes();
    c.routes.post("/v1/stories", this::submit);
  }

  private void submit(Context ctx) {
    String agency = authenticate(ctx);
    if (ctx.contentLength() > config.maxBodyBytes()) {
      throw refuse("payload-too-large", "Payload too large", 413, "The body is " + ctx.contentLength()
          + " bytes; the limit is " + config.maxBodyBytes() + " bytes.", null);
    }
    String contentType = ctx.contentType() == null ? "" : ctx.contentType();
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    Charset charset = charsetOf(contentType);
    byte[] payload = ctx.bodyAsBytes();
    if (payload.length > config.maxBodyBytes()) {
      throw refuse("payload-too-large", "Payload too large", 413, "The body is larger than "
          + config.maxBodyBytes() + " bytes.", null);
    }
    StoryFormat format;
    StorySubmission s;
    try {
      switch (mediaType) {
        case "application/json" -> {
          format = StoryFormat.NEWSWIRE_JSON;
          s = parser.parseJson(payload, charset);
        }
        case "text/plain" -> {
          format = StoryFormat.PLAIN_TEXT;
          s = parser.parsePlainText(payload, charset, textMetadata(ctx));
        }
        default -> throw refuse("unsupported-media-type", "Unsupported media type", 415,
            "Send application/json or text/plain; got '" + contentType + "'.", "Content-Type");
      }
    } catch (InvalidSubmissionException e) {
      metrics.counter("newswire_ingest_refused_total", "agency", agency, "reason", "invalid").increment();
      throw refuse("invalid-story", "Invalid story", 400, e.getMessage(), e.field());
    }
    if (s.claimedAgency() != null && !s.claimedAgency().equals(agency)) {
      throw refuse("agency-mismatch", "Agency mismatch", 403, "The story claims agency '" + s.claimedAgency()
          + "' but the API key belongs to '" + agency + "'.", "agency");
    }
    RawStory raw = toRawStory(agency, s, format, contentType, payload);
    ctx.future(() -> writer.write(raw).handle((md, err) -> {
      if (err != null) {
        log.warn("story {} v{} from {} NOT accepted: Kafka did not acknowledge ({})", raw.getUrn(),
            raw.getVersion(), agency, err.getMessage());
        metrics.counter("newswire_ingest_unavailable_total", "agency", agency).increment();
        ServiceHttp.problem(ctx.header("Retry-After", "5"), Problem.of("kafka-unavailable", "Service unavailable", 503,
            "The story could not be stored durably right now; nothing was accepted. Retry later."));
        return null;
      }
      log.info("story {} v{} from {} accepted ({} bytes, {}) at {}-{}@{} ingestId={}", raw.getUrn(),
          raw.getVersion(), agency, payload.length, format, md.topic(), md.partition(), md.offset(),
          raw.getIngestId());
      metrics.counter("newswire_ingest_accepted_total", "agency", agency, "format", format.name()).increment();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", "accepted");
      body.put("urn", raw.getUrn());
      body.put("version", raw.getVersion());
      body.put("ingestId", raw.getIngestId());
      ctx.status(202).json(body);
      return null;
    }));
  }

  private String authenticate(Context ctx) {
    String auth = ctx.header("Authorization");
    String key = null;
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = auth.substring(7).trim();
    }
    var agency = config.apiKeys().agencyOf(key);
    if (agency.isEmpty()) {
      metrics.counter("newswire_ingest_refused_total", "agency", "unknown", "reason", "unauthenticated").increment();
      throw new ProblemException(Problem.of("unauthenticated", "Unauthenticated", 401,
          key == null ? "Send the agency's API key as 'Authorization: Bearer <key>'." : "The API key is not valid.")
          .withField("Authorization"), Map.of("WWW-Authenticate", "Bearer realm=\"newswire\""));
    }
    return agency.get();
  }

  private static Charset charsetOf(String contentType) {
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.regionMatches(true, 0, "charset=", 0, 8)) {
        String name = p.substring(8).replace("\"", "").trim().toUpperCase(Locale.ROOT);
        if (!CHARSETS.contains(name)) {
          throw refuse("unsupported-charset", "Unsupported charset", 415,
              "Supported charsets are UTF-8, ISO-8859-1 and windows-1252; got '" + name + "'.", "Content-Type");
        }
        return Charset.forName(name);
      }
    }
    return StandardCharsets.UTF_8;
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

  private RawStory toRawStory(String agency, StorySubmission s, StoryFormat format, String contentType,
      byte[] payload) {
    return RawStory.newBuilder()
        .setUrn(StoryUrn.of(agency, s.agencyStoryId()))
        .setAgency(agency)
        .setAgencyStoryId(s.agencyStoryId())
        .setVersion(s.version())
        .setReceivedAt(clock.instant())
        .setIngestId(UUID.randomUUID().toString())
        .setFormat(format)
        .setContentType(contentType)
        .setPayload(ByteBuffer.wrap(payload))
        .setPubStatus(s.canceled() ? PubStatus.canceled : PubStatus.usable)
        .setParsed(ParsedFields.newBuilder()
            .setHeadline(s.headline())
            .setBody(s.body())
            .setLanguage(s.language())
            .setFirstCreated(s.firstCreated())
            .setVersionCreated(s.versionCreated())
            .setByline(s.byline())
            .setSlugline(s.slugline())
            .build())
        .build();
  }

  private static ProblemException refuse(String slug, String title, int status, String detail, String field) {
    return new ProblemException(Problem.of(slug, title, status, detail).withField(field));
  }
}
