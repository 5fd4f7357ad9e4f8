package io.newswire.publish.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class NewsEventsTest {

  @Test
  void storyTimesAreRfc3339WithSecondsInTheirOwnOffset() {
    // NITF's 20020225T143000-0500: zero seconds are written, not dropped
    Instant t = OffsetDateTime.parse("2002-02-25T14:30:00-05:00").toInstant();
    assertThat(NewsEvents.rfc3339(t, "-05:00")).isEqualTo("2002-02-25T14:30:00-05:00");
    assertThat(NewsEvents.rfc3339(t, "Z")).isEqualTo("2002-02-25T19:30:00Z");
    assertThat(NewsEvents.rfc3339(Instant.parse("2026-11-27T02:30:00.250Z"), "+07:00"))
        .isEqualTo("2026-11-27T09:30:00.25+07:00");
    assertThat(OffsetDateTime.parse(NewsEvents.rfc3339(t, "+05:45")))
        .isEqualTo(t.atOffset(java.time.ZoneOffset.of("+05:45")));
  }

  @Test
  void anUnreadableTimeIsLeftOut() {
    assertThat(NewsEvents.rfc3339(null, null)).isNull();
    assertThat(NewsEvents.rfc3339(Instant.parse("2026-11-27T02:30:00Z"), "not an offset"))
        .isEqualTo("2026-11-27T02:30:00Z");
  }

  static io.newswire.schema.v1.EnrichedStory.Builder story() {
    return io.newswire.schema.v1.EnrichedStory.newBuilder()
        .setUrn("urn:newswire:ntb:guid-abc")
        .setAgency("ntb")
        .setAgencyStoryId("guid-abc")
        .setVersion(1)
        .setReceivedAt(Instant.parse("2026-11-30T10:00:00Z"))
        .setIngestId("i")
        .setChange(io.newswire.schema.v1.ChangeType.NEW)
        .setHeadline("H")
        .setHeadlineDerived(false)
        .setBody("B")
        .setWordCount(1)
        .setCharCount(1)
        .setLanguage("nb-NO")
        .setLanguageConfidence(1.0)
        .setTaggerVersion("t")
        .setTags(
            java.util.List.of(
                io.newswire.schema.v1.Tag.newBuilder()
                    .setId("AI")
                    .setLabel("Artificial intelligence")
                    .setRelevance(70)
                    .setConfidence(90)
                    .setMentions(java.util.List.of())
                    .build()))
        .setDateline(new io.newswire.schema.v1.Dateline("HANOI", null, null, "HANOI -"));
  }

  @Test
  void theAgencysSubjectsPlacesAndIdsStandBesideNewswiresOwn() {
    var s =
        story()
            .setAgencySubjects(
                java.util.List.of(
                    new io.newswire.schema.v1.AgencySubject(
                        "medtop", "20000763", "economy", null, null),
                    new io.newswire.schema.v1.AgencySubject(
                        "http://cv.iptc.org/newscodes/mediatopic/",
                        "20000523",
                        "AI",
                        "http://cv.iptc.org/newscodes/mediatopic/20000523",
                        "dpa"),
                    new io.newswire.schema.v1.AgencySubject(null, "AI", null, null, null),
                    new io.newswire.schema.v1.AgencySubject(
                        null, null, "Nanotechnology", null, null)))
            .setPlaces(
                java.util.List.of(
                    new io.newswire.schema.v1.AgencyPlace("Oslo", "geo:3143244", null)))
            .setAgencyAltIds(
                java.util.List.of(new io.newswire.schema.v1.RawAltId("guid", "tag:ntb.no,2026:1")))
            .build();
    var e = NewsEvents.from(s);
    assertThat(e.getSubjects())
        .extracting(x -> x.getCode() + "/" + x.getCreator())
        .containsExactly(
            "AI/newswire",
            "medtop:20000763/ntb",
            "http://cv.iptc.org/newscodes/mediatopic/20000523/dpa",
            "AI/ntb",
            "Nanotechnology/ntb");
    assertThat(e.getSubjects().get(1).getName()).isEqualTo("economy");
    assertThat(e.getSubjects().get(1).getScheme()).isEqualTo("medtop");
    // the agency's literal "AI" is not Newswire's tag AI: it puts the story on no tag topic of its
    // own
    var agencyOnly =
        NewsEvents.from(
            story()
                .setTags(java.util.List.of())
                .setAgencySubjects(
                    java.util.List.of(
                        new io.newswire.schema.v1.AgencySubject(null, "AI", null, null, null)))
                .build());
    assertThat(NewsEvents.hasSubject(agencyOnly, "AI")).isFalse();
    assertThat(NewsEvents.hasSubject(e, "AI")).isTrue();
    // the agency's place wins over the dateline Newswire found in the body
    assertThat(e.getLocated()).isEqualTo("Oslo");
    assertThat(e.getPlaces()).extracting(p -> p.getName()).containsExactly("Oslo");
    assertThat(NewsEvents.from(story().build()).getLocated()).isEqualTo("HANOI");
    assertThat(NewsEvents.from(story().setAgencyDateline("Oslo, Norway").build()).getLocated())
        .isEqualTo("Oslo, Norway");
    assertThat(NewsEvents.placeOf("HANOI, Nov. 27")).isEqualTo("HANOI");
    assertThat(NewsEvents.placeOf("New York, NY, Oct. 21")).isEqualTo("New York, NY");
    assertThat(NewsEvents.placeOf("Oslo, Norway")).isEqualTo("Oslo, Norway");
    assertThat(e.getAltIds())
        .extracting(a -> a.getRole() + " " + a.getValue())
        .containsExactly("ntb guid-abc", "guid tag:ntb.no,2026:1");
    assertThat(e.getLanguage()).isEqualTo("nb-NO");
  }
}
