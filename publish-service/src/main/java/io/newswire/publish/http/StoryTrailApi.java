package io.newswire.publish.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.newswire.platform.DeadLetters;
import io.newswire.platform.HttpAccess;
import io.newswire.platform.Problem;
import io.newswire.platform.ProblemException;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.Topics;
import io.newswire.platform.core.access.Scope;
import io.newswire.platform.core.deadletters.PayloadText;
import io.newswire.publish.console.StoryRecords;
import io.newswire.publish.core.console.Highlights;
import io.newswire.schema.v1.Caption;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.Mention;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.Subject;
import io.newswire.schema.v1.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the console's story page shows beyond the story's event:
 *
 * <ul>
 *   <li>{@code GET /v1/stories/{urn}/trail} (scope {@code read}): the story's public versions,
 *       newest first, from news.published.v1 (an embargoed version is there only once its embargo
 *       has lifted), and for the newest its enriched text cut into segments at its tags' mentions
 *       ({@link Highlights}): headline, body and captions with their credits;
 *   <li>{@code GET /v1/admin/stories/{urn}/raw?version=N} (scope {@code admin}): the payload as the
 *       agency sent it, from news.raw.v1 (the newest version, or version N).
 * </ul>
 *
 * Each reads at most {@link StoryRecords#MAX_SCANNED} records of the story's partition, newest
 * first; {@code complete: false} says older records were not looked at.
 */
public final class StoryTrailApi {
  /** Versions listed at most. */
  static final int MAX_VERSIONS = 50;

  private final HttpAccess access;
  private final StoryRecords ownReads;
  private final StoryRecords operatorReads;
  private final Supplier<String> enrichedTopic;

  /**
   * @param ownReads reads with publish's own Kafka principal (published and enriched topics)
   * @param operatorReads reads with the console's operator settings (the raw topic)
   * @param enrichedTopic the enriched generation publish reads now
   */
  public StoryTrailApi(
      HttpAccess access,
      StoryRecords ownReads,
      StoryRecords operatorReads,
      Supplier<String> enrichedTopic) {
    this.access = access;
    this.ownReads = ownReads;
    this.operatorReads = operatorReads;
    this.enrichedTopic = enrichedTopic;
  }

  public void configure(JavalinConfig c) {
    // /v1/stories/* already requires read (StoriesApi); /v1/admin/* requires admin
    // (PipelineAdminApi)
    c.routes.get("/v1/stories/{urn}/trail", this::trail);
    c.routes.get(
        "/v1/admin/stories/{urn}/raw",
        ctx -> {
          access.require(ctx, Scope.ADMIN);
          raw(ctx);
        });
  }

  private void trail(Context ctx) {
    access.require(ctx, Scope.READ);
    String urn = ctx.pathParam("urn");
    StoryRecords.Found<NewsEvent> versions =
        ConsoleProblems.kafka(
            "reading " + Topics.PUBLISHED,
            () -> ownReads.<NewsEvent>find(Topics.PUBLISHED, urn, MAX_VERSIONS, e -> true));
    if (versions.hits().isEmpty()) {
      throw new ProblemException(
          Problem.of(
                  "story-not-found",
                  "Story not found",
                  404,
                  "No published version of '"
                      + urn
                      + "' among the last "
                      + versions.scanned()
                      + " records of its partition of "
                      + Topics.PUBLISHED
                      + ".")
              .withField("urn"));
    }
    ObjectNode out = ServiceHttp.JSON.createObjectNode();
    out.put("uri", urn);
    ArrayNode list = out.putArray("versions");
    for (var h : versions.hits()) {
      NewsEvent e = h.value();
      ObjectNode v = list.addObject();
      v.put("version", e.getVersion());
      v.put("eventType", e.getEventType().toString());
      v.put("receivedAt", e.getReceivedAt() == null ? null : e.getReceivedAt().toString());
      v.put("versionCreated", e.getVersionCreated());
      v.put("headline", e.getHeadlines().isEmpty() ? null : e.getHeadlines().get(0).getValue());
      ArrayNode tags = v.putArray("tags");
      e.getSubjects().stream().map(Subject::getCode).forEach(tags::add);
      v.put("urgency", e.getUrgency());
      v.put("partition", h.partition());
      v.put("offset", h.offset());
    }
    out.put("versionsComplete", versions.complete());
    NewsEvent latest = versions.hits().get(0).value();
    String topic = enrichedTopic.get();
    StoryRecords.Found<EnrichedStory> enriched =
        ConsoleProblems.kafka(
            "reading " + topic,
            () -> ownReads.<EnrichedStory>find(topic, urn, 1, s -> sameVersion(s, latest)));
    out.put("enrichedTopic", topic);
    if (enriched.hits().isEmpty()) {
      out.putNull("story");
      out.put(
          "storyNote",
          "The enriched record of version "
              + latest.getVersion()
              + " is not among the last "
              + enriched.scanned()
              + " records of its partition of "
              + topic
              + ": its mentions cannot be shown.");
    } else {
      out.set("story", story(enriched.hits().get(0).value()));
    }
    ctx.json(out);
  }

  /** The enriched record a public event was made from: same version, same receipt. */
  static boolean sameVersion(EnrichedStory s, NewsEvent e) {
    return e.getVersion().equals(Integer.toString(s.getVersion()))
        && (e.getReceivedAt() == null || Objects.equals(s.getReceivedAt(), e.getReceivedAt()));
  }

  static ObjectNode story(EnrichedStory s) {
    ObjectNode o = ServiceHttp.JSON.createObjectNode();
    o.put("version", s.getVersion());
    o.put("language", s.getLanguage());
    o.put("taggerVersion", s.getTaggerVersion());
    o.set("headline", segments(Highlights.segments(s.getHeadline(), marks(s, "headline"))));
    o.set("body", segments(Highlights.segments(s.getBody(), marks(s, "body"))));
    List<String> texts = s.getCaptions().stream().map(Caption::getText).toList();
    var captionSegments = Highlights.captionSegments(texts, marks(s, "caption"));
    ArrayNode captions = o.putArray("captions");
    for (int i = 0; i < texts.size(); i++) {
      ObjectNode c = captions.addObject();
      c.set("segments", segments(captionSegments.get(i)));
      c.put("credit", s.getCaptions().get(i).getCredit());
    }
    ArrayNode tags = o.putArray("tags");
    for (Tag t : s.getTags()) {
      ObjectNode tag = tags.addObject();
      tag.put("id", t.getId());
      tag.put("label", t.getLabel());
      tag.put("relevance", t.getRelevance());
      tag.put("confidence", t.getConfidence());
      tag.put("mentions", t.getMentions().size());
    }
    return o;
  }

  private static List<Highlights.Mark> marks(EnrichedStory s, String field) {
    List<Highlights.Mark> marks = new ArrayList<>();
    for (Tag t : s.getTags()) {
      for (Mention m : t.getMentions()) {
        if (field.equals(m.getField())) {
          marks.add(new Highlights.Mark(m.getStart(), m.getEnd(), t.getId()));
        }
      }
    }
    return marks;
  }

  private static ArrayNode segments(List<Highlights.Segment> segments) {
    ArrayNode a = ServiceHttp.JSON.createArrayNode();
    for (var seg : segments) {
      ObjectNode o = a.addObject();
      o.put("text", seg.text());
      if (seg.tag() != null) {
        o.put("tag", seg.tag());
      }
    }
    return a;
  }

  private void raw(Context ctx) {
    String urn = ctx.pathParam("urn");
    Integer version = null;
    String v = ctx.queryParam("version");
    if (v != null) {
      try {
        version = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new ProblemException(
            Problem.of("invalid-query", "Invalid query", 400, "version must be a number")
                .withField("version"));
      }
    }
    Integer wanted = version;
    StoryRecords.Found<RawStory> found =
        ConsoleProblems.kafka(
            "reading " + Topics.RAW,
            () ->
                operatorReads.<RawStory>find(
                    Topics.RAW, urn, 1, r -> wanted == null || r.getVersion() == wanted));
    if (found.hits().isEmpty()) {
      throw new ProblemException(
          Problem.of(
                  "raw-story-not-found",
                  "Raw story not found",
                  404,
                  "No raw record of '"
                      + urn
                      + "'"
                      + (wanted == null ? "" : " version " + wanted)
                      + " among the last "
                      + found.scanned()
                      + " records of its partition of "
                      + Topics.RAW
                      + ".")
              .withField("urn"));
    }
    var hit = found.hits().get(0);
    RawStory r = hit.value();
    byte[] payload = DeadLetters.bytes(r.getPayload());
    ObjectNode out = ServiceHttp.JSON.createObjectNode();
    out.put("urn", r.getUrn());
    out.put("agency", r.getAgency());
    out.put("agencyStoryId", r.getAgencyStoryId());
    out.put("version", r.getVersion());
    out.put("receivedAt", r.getReceivedAt().toString());
    out.put("ingestId", r.getIngestId());
    out.put("format", r.getFormat().toString());
    out.put("contentType", r.getContentType());
    out.put("payloadBytes", payload.length);
    out.put("payloadIsText", PayloadText.isText(payload));
    out.put("payload", PayloadText.describe(payload));
    out.put("partition", hit.partition());
    out.put("offset", hit.offset());
    ctx.json(out);
  }
}
