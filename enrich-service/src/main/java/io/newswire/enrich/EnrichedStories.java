package io.newswire.enrich;

import io.newswire.enrich.core.Enricher;
import io.newswire.enrich.core.Enrichment;
import io.newswire.enrich.core.NormalizedStory;
import io.newswire.enrich.core.StoryText;
import io.newswire.enrich.core.TagResult;
import io.newswire.enrich.versions.VersionPolicy;
import io.newswire.schema.v1.Caption;
import io.newswire.schema.v1.ChangeType;
import io.newswire.schema.v1.Dateline;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.Mention;
import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.Tag;

/** Maps a raw story and its enrichment (plain Java results) onto the EnrichedStory contract. */
final class EnrichedStories {
  private EnrichedStories() {}

  static EnrichedStory from(RawStory raw, VersionPolicy.Change change, Enricher enricher) {
    ParsedFields p = raw.getParsed();
    Enrichment e = enricher.enrich(new StoryText(raw.getAgency(), p.getHeadline(), p.getBody(), p.getLanguage()));
    NormalizedStory s = e.story();
    var dateline = s.dateline() == null ? null : Dateline.newBuilder()
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
        .setCaptions(s.captions().stream().map(c -> new Caption(c.text(), c.credit())).toList())
        .setDateline(dateline)
        .setByline(s.byline() != null ? s.byline() : p.getByline())
        .setSlugline(p.getSlugline())
        .setWordCount(s.wordCount())
        .setCharCount(s.charCount())
        .setLanguage(e.language().code())
        .setLanguageConfidence(e.language().confidence())
        .setDeclaredLanguage(e.language().declared())
        .setLanguageDisagreement(e.language().disagreesWithDeclared())
        .setTags(e.tags().stream().map(EnrichedStories::tag).toList())
        .setTaggerVersion(e.taggerVersion())
        .build();
  }

  private static Tag tag(TagResult t) {
    return Tag.newBuilder()
        .setId(t.id())
        .setLabel(t.label())
        .setMediaTopicUri(t.mediaTopicUri())
        .setWikidataId(t.wikidataId())
        .setRelevance(t.relevance())
        .setConfidence(t.confidence())
        .setMentions(t.mentions().stream()
            .map(m -> new Mention(m.field(), m.start(), m.end(), m.text()))
            .toList())
        .build();
  }
}
