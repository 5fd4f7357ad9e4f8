package io.newswire.enrich.topology;

import io.newswire.enrich.core.Enricher;
import io.newswire.enrich.core.Enrichment;
import io.newswire.enrich.core.budget.WorkBudget;
import io.newswire.enrich.core.tagging.TagResult;
import io.newswire.enrich.core.text.NormalizedStory;
import io.newswire.enrich.core.text.StoryText;
import io.newswire.enrich.core.text.TextNormalizer;
import io.newswire.enrich.core.time.AgencyZones;
import io.newswire.enrich.core.time.StoryTime;
import io.newswire.enrich.core.time.StoryTimes;
import io.newswire.enrich.core.versions.VersionPolicy;
import io.newswire.schema.v1.Caption;
import io.newswire.schema.v1.ChangeType;
import io.newswire.schema.v1.Dateline;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.Mention;
import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.Tag;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps a raw story and its enrichment (plain Java results) onto the EnrichedStory contract. */
final class EnrichedStories {
  private static final Logger log = LoggerFactory.getLogger(EnrichedStories.class);

  private EnrichedStories() {}

  static EnrichedStory from(
      RawStory raw,
      VersionPolicy.Change change,
      Enricher enricher,
      AgencyZones zones,
      WorkBudget budget) {
    ParsedFields p = raw.getParsed();
    ZoneId zone = zones.zoneOf(raw.getAgency());
    StoryTime firstCreated = time(raw, "firstCreated", p.getFirstCreated(), zone);
    StoryTime versionCreated = time(raw, "versionCreated", p.getVersionCreated(), zone);
    StoryTime embargoed = time(raw, "embargoed", p.getEmbargoed(), zone);
    Enrichment e =
        enricher.enrich(
            new StoryText(raw.getAgency(), p.getHeadline(), p.getBody(), p.getLanguage()), budget);
    NormalizedStory s = e.story();
    var dateline =
        s.dateline() == null
            ? null
            : Dateline.newBuilder()
                .setPlace(s.dateline().place())
                .setDate(s.dateline().date())
                .setCredit(s.dateline().credit())
                .setRaw(s.dateline().raw())
                .build();
    return EnrichedStory.newBuilder()
        .setUrn(raw.getUrn())
        .setAgency(raw.getAgency())
        .setAgencyStoryId(raw.getAgencyStoryId())
        .setVersion(raw.getVersion())
        .setReceivedAt(raw.getReceivedAt())
        .setIngestId(raw.getIngestId())
        .setChange(ChangeType.valueOf(change.name()))
        .setPubStatus(raw.getPubStatus())
        .setFirstCreated(p.getFirstCreated())
        .setVersionCreated(p.getVersionCreated())
        .setHeadline(s.headline())
        .setHeadlineDerived(s.headlineDerived())
        .setBody(s.body())
        .setCaptions(captions(p, s))
        .setDateline(dateline)
        .setByline(byline(p.getByline(), s.byline()))
        .setSlugline(TextNormalizer.line(p.getSlugline()))
        .setWordCount(s.wordCount())
        .setCharCount(s.charCount())
        .setLanguage(e.language().tag())
        .setLanguageConfidence(e.language().confidence())
        .setDeclaredLanguage(e.language().declared())
        .setLanguageDisagreement(e.language().disagreesWithDeclared())
        .setTags(e.tags().stream().map(EnrichedStories::tag).toList())
        .setTaggerVersion(e.taggerVersion())
        .setFirstCreatedUtc(firstCreated.utc())
        .setFirstCreatedOffset(firstCreated.offsetText())
        .setFirstCreatedZoneAssumed(firstCreated.valid() ? firstCreated.zoneAssumed() : null)
        .setVersionCreatedUtc(versionCreated.utc())
        .setVersionCreatedOffset(versionCreated.offsetText())
        .setVersionCreatedZoneAssumed(versionCreated.valid() ? versionCreated.zoneAssumed() : null)
        .setAgencySubjects(p.getAgencySubjects())
        .setPlaces(p.getPlaces())
        .setAgencyDateline(TextNormalizer.line(p.getDateline()))
        .setAgencyAltIds(p.getAltIds())
        .setUrgency(urgency(p.getUrgency()))
        .setEmbargoed(p.getEmbargoed())
        .setEmbargoedUtc(embargoed.utc())
        .build();
  }

  /**
   * The agency's urgency when it is 1 to 9 (ingest writes no other); anything else on the raw topic
   * (another producer) is dropped rather than published, and the story goes on without it.
   */
  static Integer urgency(Integer raw) {
    return raw != null && raw >= 1 && raw <= 9 ? raw : null;
  }

  /**
   * The captions the format carried apart from the text (NITF media captions, cleaned like the
   * body), then those found in the body.
   */
  static List<Caption> captions(ParsedFields p, NormalizedStory s) {
    List<Caption> out = new ArrayList<>();
    for (Caption c : p.getCaptions()) {
      String text = TextNormalizer.line(c.getText());
      if (text != null) {
        out.add(new Caption(text, TextNormalizer.line(c.getCredit())));
      }
    }
    s.captions().forEach(c -> out.add(new Caption(c.text(), c.credit())));
    return out;
  }

  /**
   * The agency's byline field when it gave one, else the byline line found at the top of the body.
   */
  static String byline(String declared, String fromBody) {
    String d = TextNormalizer.line(declared);
    return d != null ? d : fromBody;
  }

  /**
   * Reads a story time. One that cannot be read does not stop the story: its text stays in
   * firstCreated / versionCreated / embargoed as the agency wrote it, the UTC fields stay null, and
   * a warning names the story and the reason (ingest refuses or leaves out an unreadable embargo,
   * so only another producer's can be: the story then has no embargo).
   */
  private static StoryTime time(RawStory raw, String field, String text, ZoneId zone) {
    StoryTime t = StoryTimes.read(text, zone);
    if (t.problem() != null) {
      log.warn(
          "story {} v{}: {} '{}' kept as written, no UTC time: {}",
          raw.getUrn(),
          raw.getVersion(),
          field,
          text.length() > 80 ? text.substring(0, 80) + "…" : text,
          t.problem());
    }
    return t;
  }

  private static Tag tag(TagResult t) {
    return Tag.newBuilder()
        .setId(t.id())
        .setLabel(t.label())
        .setMediaTopicUri(t.mediaTopicUri())
        .setWikidataId(t.wikidataId())
        .setRelevance(t.relevance())
        .setConfidence(t.confidence())
        .setMentions(
            t.mentions().stream()
                .map(m -> new Mention(m.field(), m.start(), m.end(), m.text()))
                .toList())
        .build();
  }
}
