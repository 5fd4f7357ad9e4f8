package io.newswire.publish.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.newswire.platform.AvroJson;
import io.newswire.platform.DeadLetters;
import io.newswire.platform.EnrichedGenerations;
import io.newswire.platform.HttpAccess;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Problem;
import io.newswire.platform.ProblemException;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.Topics;
import io.newswire.platform.core.access.Scope;
import io.newswire.platform.core.deadletters.LetterId;
import io.newswire.platform.core.deadletters.PayloadText;
import io.newswire.platform.core.generations.GenerationDiff;
import io.newswire.publish.console.LagSampler;
import io.newswire.publish.core.console.LagHistory;
import io.newswire.schema.v1.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's pipeline page, for operators (scope {@code admin}):
 *
 * <ul>
 *   <li>{@code GET /v1/admin/lag}: consumer lag of every group reading the pipeline's topics over
 *       the last minutes ({@link LagSampler}, {@link LagHistory});
 *   <li>{@code GET /v1/admin/dead-letters?limit=N}: the newest dead letters (at most {@value
 *       #MAX_LETTERS}); {@code GET /v1/admin/dead-letters/{id}}: one in full; {@code POST
 *       /v1/admin/dead-letters/{id}/redrive}: sends it back to the topic it came from, byte for
 *       byte ({@link DeadLetters#redriveRecord}, what {@code newswire dlq redrive} does);
 *   <li>{@code GET /v1/admin/generations}: the enriched generations and which one publish reads;
 *       {@code GET /v1/admin/generations/compare?generation=2&against=1}: the tags they gave the
 *       same stories ({@link GenerationDiff}), for topics of at most {@value #MAX_COMPARE_RECORDS}
 *       records each (larger ones: {@code newswire reprocess compare}).
 * </ul>
 */
public final class PipelineAdminApi {
  private static final Logger log = LoggerFactory.getLogger(PipelineAdminApi.class);

  static final int MAX_LETTERS = 200;
  static final int DEFAULT_LETTERS = 50;
  static final long MAX_COMPARE_RECORDS = 100_000;
  static final int MAX_CHANGES = 200;

  private final HttpAccess access;
  private final KafkaSettings kafka;
  private final LagSampler lag;
  private final Duration lagInterval;
  private final Supplier<String> reading;

  /**
   * @param kafka the console's operator settings
   * @param lag the sampler, or null when sampling is off
   * @param reading the enriched topic publish reads now
   */
  public PipelineAdminApi(
      HttpAccess access,
      KafkaSettings kafka,
      LagSampler lag,
      Duration lagInterval,
      Supplier<String> reading) {
    this.access = access;
    this.kafka = kafka;
    this.lag = lag;
    this.lagInterval = lagInterval;
    this.reading = reading;
  }

  public void configure(JavalinConfig c) {
    c.routes.before("/v1/admin/*", ctx -> access.require(ctx, Scope.ADMIN));
    c.routes.get("/v1/admin/lag", this::lag);
    c.routes.get("/v1/admin/dead-letters", this::letters);
    c.routes.get("/v1/admin/dead-letters/{id}", this::letter);
    c.routes.post("/v1/admin/dead-letters/{id}/redrive", this::redrive);
    c.routes.get("/v1/admin/generations", this::generations);
    c.routes.get("/v1/admin/generations/compare", this::compare);
  }

  private void lag(Context ctx) {
    ObjectNode out = ServiceHttp.JSON.createObjectNode();
    out.put("intervalSeconds", lagInterval.toSeconds());
    if (lag == null) {
      out.put("sampling", false);
      out.putArray("stages");
      ctx.json(out);
      return;
    }
    LagHistory h = lag.history();
    out.put("sampling", true);
    out.put("windowSeconds", lagInterval.toSeconds() * h.capacity());
    Long last = h.lastSample();
    out.put("lastSample", last == null ? null : Instant.ofEpochMilli(last).toString());
    out.put("lastError", lag.lastError());
    ArrayNode stages = out.putArray("stages");
    for (LagHistory.Series s : h.snapshot()) {
      ObjectNode o = stages.addObject();
      o.put("group", s.group());
      ArrayNode topics = o.putArray("topics");
      s.topics().forEach(topics::add);
      ArrayNode points = o.putArray("points");
      s.points().forEach(p -> points.addArray().add(p.atMillis()).add(p.lag()));
    }
    ctx.json(out);
  }

  private void letters(Context ctx) {
    int limit = DEFAULT_LETTERS;
    String l = ctx.queryParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LETTERS) {
        throw new ProblemException(
            Problem.of(
                    "invalid-query",
                    "Invalid query",
                    400,
                    "limit must be a number from 1 to " + MAX_LETTERS)
                .withField("limit"));
      }
    }
    int max = limit;
    DeadLetters.Page page =
        ConsoleProblems.kafka(
            "reading " + Topics.DLQ, () -> DeadLetters.newest(reader(), kafka, Topics.DLQ, max));
    ObjectNode out = ServiceHttp.JSON.createObjectNode();
    out.put("total", page.total());
    ArrayNode letters = out.putArray("letters");
    for (DeadLetters.Letter letter : page.letters()) {
      DeadLetter d = letter.value();
      ObjectNode o = letters.addObject();
      o.put("id", letter.id().toString());
      o.put("failedAt", d.getFailedAt().toString());
      o.put("stage", d.getStage());
      o.put("phase", d.getPhase());
      o.put("reason", abbreviate(d.getReason(), 300));
      o.put("sourceTopic", d.getSourceTopic());
      o.put("sourcePartition", d.getSourcePartition());
      o.put("sourceOffset", d.getSourceOffset());
      o.put("attempt", d.getAttempt());
      o.put("key", abbreviate(PayloadText.describe(DeadLetters.bytes(d.getKey())), 200));
    }
    ctx.json(out);
  }

  private DeadLetters.Letter find(Context ctx) {
    LetterId id;
    try {
      id = LetterId.parse(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          Problem.of("invalid-letter-id", "Invalid dead letter id", 400, e.getMessage())
              .withField("id"));
    }
    return ConsoleProblems.kafka(
            "reading " + Topics.DLQ, () -> DeadLetters.one(reader(), kafka, Topics.DLQ, id))
        .orElseThrow(
            () ->
                new ProblemException(
                    Problem.of(
                            "dead-letter-not-found",
                            "Dead letter not found",
                            404,
                            "No dead letter at " + id + " on " + Topics.DLQ + ".")
                        .withField("id")));
  }

  private void letter(Context ctx) {
    DeadLetters.Letter letter = find(ctx);
    DeadLetter d = letter.value();
    ObjectNode json = AvroJson.toJson(d);
    json.put("id", letter.id().toString());
    json.put("failedAt", d.getFailedAt().toString());
    json.put("key", PayloadText.describe(DeadLetters.bytes(d.getKey())));
    json.put("value", PayloadText.describe(DeadLetters.bytes(d.getValue())));
    ObjectNode headers = json.putObject("headers");
    new TreeMap<>(d.getHeaders())
        .forEach((k, v) -> headers.put(k, PayloadText.describe(DeadLetters.bytes(v))));
    ctx.json(json);
  }

  private void redrive(Context ctx) {
    DeadLetters.Letter letter = find(ctx);
    DeadLetter d = letter.value();
    if (d.getSourceTopic() == null || d.getValue() == null) {
      throw new ProblemException(
          Problem.of(
              "cannot-redrive",
              "Cannot redrive",
              409,
              "Dead letter "
                  + letter.id()
                  + " does not say which topic it came from or has no value: there is nothing to"
                  + " send back."));
    }
    var written =
        ConsoleProblems.kafka(
            "writing to " + d.getSourceTopic(),
            () -> DeadLetters.redrive(kafka.producerProps(), List.of(d), () -> {}));
    log.info(
        "{} redrove dead letter {} to {}",
        HttpAccess.principal(ctx).name(),
        letter.id(),
        d.getSourceTopic());
    ObjectNode out = ServiceHttp.JSON.createObjectNode();
    out.put("id", letter.id().toString());
    out.put("topic", d.getSourceTopic());
    out.put("partition", written.get(0).partition());
    out.put("offset", written.get(0).offset());
    ctx.status(202).json(out);
  }

  private void generations(Context ctx) {
    Map<Integer, String> topics = ConsoleProblems.kafka("listing topics", this::generationTopics);
    ObjectNode out = ServiceHttp.JSON.createObjectNode();
    out.put("reading", reading.get());
    ArrayNode list = out.putArray("generations");
    for (var e : topics.entrySet()) {
      ObjectNode o = list.addObject();
      o.put("generation", e.getKey());
      o.put("topic", e.getValue());
      o.put(
          "records",
          ConsoleProblems.kafka(
              "reading " + e.getValue(),
              () -> EnrichedGenerations.records(reader(), e.getValue())));
      o.put("reading", e.getValue().equals(reading.get()));
    }
    ctx.json(out);
  }

  /** The enriched generations' topics that exist, by generation. */
  private Map<Integer, String> generationTopics() throws Exception {
    Map<String, Object> props = kafka.clientProps();
    props.putIfAbsent("default.api.timeout.ms", 10_000);
    props.putIfAbsent("request.timeout.ms", 8_000);
    Map<Integer, String> out = new TreeMap<>();
    try (Admin admin = Admin.create(props)) {
      for (String t : admin.listTopics().names().get()) {
        Integer g = generationOf(t);
        if (g != null) {
          out.put(g, t);
        }
      }
    }
    return out;
  }

  /** The generation whose enriched topic {@code topic} is, or null. */
  static Integer generationOf(String topic) {
    if (topic.equals(Topics.ENRICHED)) {
      return 1;
    }
    String prefix = Topics.ENRICHED + ".g";
    if (!topic.startsWith(prefix) || topic.length() > prefix.length() + 6) {
      return null;
    }
    String n = topic.substring(prefix.length());
    if (n.isEmpty() || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    int g = Integer.parseInt(n);
    return g >= 2 ? g : null;
  }

  private int generationParam(Context ctx, String name, Integer dflt) {
    String v = ctx.queryParam(name);
    if (v == null && dflt != null) {
      return dflt;
    }
    try {
      int g = Integer.parseInt(v == null ? "" : v);
      if (g >= 1 && g <= 999_999) {
        return g;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new ProblemException(
        Problem.of("invalid-query", "Invalid query", 400, name + " must be a generation, 1 or more")
            .withField(name));
  }

  private void compare(Context ctx) {
    int generation = generationParam(ctx, "generation", null);
    int against = generationParam(ctx, "against", 1);
    Map<Integer, String> topics = ConsoleProblems.kafka("listing topics", this::generationTopics);
    for (int g : List.of(generation, against)) {
      if (!topics.containsKey(g)) {
        throw new ProblemException(
            Problem.of(
                    "generation-not-found",
                    "Generation not found",
                    404,
                    "There is no topic "
                        + Topics.enrichedGeneration(g)
                        + ": run `newswire reprocess run --generation "
                        + g
                        + "` first.")
                .withField(g == generation ? "generation" : "against"));
      }
    }
    GenerationDiff.Result r;
    try {
      r =
          ConsoleProblems.kafka(
              "reading the enriched generations",
              () ->
                  GenerationDiff.compare(
                      EnrichedGenerations.latestTags(
                          reader(), kafka, topics.get(against), MAX_COMPARE_RECORDS),
                      EnrichedGenerations.latestTags(
                          reader(), kafka, topics.get(generation), MAX_COMPARE_RECORDS)));
    } catch (EnrichedGenerations.TooLarge e) {
      throw new ProblemException(
          Problem.of(
              "comparison-too-large",
              "Comparison too large",
              422,
              e.getMessage()
                  + ": the console compares generations of at most "
                  + MAX_COMPARE_RECORDS
                  + " records; run `newswire reprocess compare --generation "
                  + generation
                  + " --against "
                  + against
                  + "` instead."));
    }
    ObjectNode out = ServiceHttp.JSON.createObjectNode();
    out.put("generation", generation);
    out.put("against", against);
    out.put("compared", r.compared());
    out.put("onlyBefore", r.onlyBefore().size());
    out.put("onlyAfter", r.onlyAfter().size());
    out.put("changesTotal", r.changes().size());
    ArrayNode counts = out.putArray("counts");
    r.counts()
        .forEach(
            c ->
                counts
                    .addObject()
                    .put("tag", c.tag())
                    .put("before", c.before())
                    .put("after", c.after()));
    ArrayNode changes = out.putArray("changes");
    r.changes().stream()
        .limit(MAX_CHANGES)
        .forEach(
            c -> {
              ObjectNode o = changes.addObject();
              o.put("urn", c.urn());
              ArrayNode added = o.putArray("added");
              c.added().forEach(added::add);
              ArrayNode removed = o.putArray("removed");
              c.removed().forEach(removed::add);
            });
    ctx.json(out);
  }

  private Map<String, Object> reader() {
    return kafka.clientProps();
  }

  private static String abbreviate(String s, int n) {
    return s == null ? null : s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
