package io.newswire.ingest.core;

import io.newswire.platform.core.StoryContent;
import java.util.List;

/**
 * What an agency submitted, parsed and validated, before it becomes a RawStory. Plain data: no
 * Kafka, no HTTP.
 *
 * @param claimedAgency the agency the payload says it is from, if it says; it must match the API
 *     key's agency
 * @param canceled true when the agency kills or withdraws the story
 * @param withheld true when the agency holds the story back (ninjs {@code withheld}, NewsML-G2
 *     {@code stat:withheld})
 * @param dateline the dateline when the format carries it apart from the body (NewsML-G2, NITF),
 *     else null
 * @param subjects subject codes the agency gave (NewsML-G2 qcodes, ninjs subject URIs), possibly
 *     empty
 * @param metadata the agency metadata beyond these (original ids, subjects with their schemes,
 *     places, captions) and the optional fields that could not be read; {@link Metadata#NONE} when
 *     there is none
 * @param urgency the agency's urgency, 1 (most urgent) to 9 (least), null when it gave none; 1–2 is
 *     a flash
 * @param embargoed the time before which the story must not be published, ISO 8601 as the agency
 *     wrote it (a time without an offset is read downstream in the agency's zone), null when none
 */
public record StorySubmission(
    String agencyStoryId,
    int version,
    String body,
    String headline,
    String language,
    String firstCreated,
    String versionCreated,
    String byline,
    String slugline,
    String claimedAgency,
    boolean canceled,
    boolean withheld,
    String dateline,
    List<String> subjects,
    Metadata metadata,
    Integer urgency,
    String embargoed) {

  /** The lowest (most urgent) and highest (least urgent) urgency. */
  public static final int MOST_URGENT = 1;

  public static final int LEAST_URGENT = 9;

  /**
   * An identifier of the story as the agency wrote it, kept when the story id was derived from it.
   */
  public record AltId(String type, String value) {}

  /**
   * A subject as the agency classified the story; {@code creator} null means the sending agency.
   */
  public record Subject(String scheme, String code, String name, String uri, String creator) {}

  /** A place the agency named. */
  public record Place(String name, String code, String uri) {}

  /** A caption of the story's media, carried apart from the text, and its credit. */
  public record Caption(String text, String credit) {}

  /** An optional field left out because it could not be read. */
  public record Warning(String field, String detail) {
    @Override
    public String toString() {
      return field + ": " + detail;
    }
  }

  /** Agency metadata beyond the common fields, and the warnings of a lenient parse. */
  public record Metadata(
      List<AltId> altIds,
      List<Subject> agencySubjects,
      List<Place> places,
      List<Caption> captions,
      List<Warning> warnings) {
    public static final Metadata NONE =
        new Metadata(List.of(), List.of(), List.of(), List.of(), List.of());

    public Metadata {
      altIds = altIds == null ? List.of() : List.copyOf(altIds);
      agencySubjects = agencySubjects == null ? List.of() : List.copyOf(agencySubjects);
      places = places == null ? List.of() : List.copyOf(places);
      captions = captions == null ? List.of() : List.copyOf(captions);
      warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * True when there is nothing beyond the common fields (the content hash then stays what it
     * always was).
     */
    public boolean isEmpty() {
      return altIds.isEmpty()
          && agencySubjects.isEmpty()
          && places.isEmpty()
          && captions.isEmpty()
          && warnings.isEmpty();
    }
  }

  public StorySubmission {
    subjects = subjects == null ? List.of() : List.copyOf(subjects);
    metadata = metadata == null ? Metadata.NONE : metadata;
    if (urgency != null && (urgency < MOST_URGENT || urgency > LEAST_URGENT)) {
      throw new IllegalArgumentException("urgency must be 1 to 9, got " + urgency);
    }
  }

  public List<Warning> warnings() {
    return metadata.warnings();
  }

  /**
   * What this version says, for the pipeline's one content hash ({@link StoryContent#hash()}): the
   * parsed fields, not the bytes, so the same story re-sent in another format or with other
   * whitespace is still a retry.
   */
  public StoryContent content() {
    return new StoryContent(
        agencyStoryId,
        version,
        body,
        headline,
        language,
        firstCreated,
        versionCreated,
        byline,
        slugline,
        StoryContent.status(canceled, withheld),
        dateline,
        subjects,
        !metadata.isEmpty(),
        metadata.altIds().stream().map(a -> StoryContent.altId(a.type(), a.value())).toList(),
        metadata.agencySubjects().stream()
            .map(x -> StoryContent.subject(x.scheme(), x.code(), x.name(), x.uri(), x.creator()))
            .toList(),
        metadata.places().stream()
            .map(x -> StoryContent.place(x.name(), x.code(), x.uri()))
            .toList(),
        metadata.captions().stream().map(x -> StoryContent.caption(x.text(), x.credit())).toList(),
        urgency,
        embargoed);
  }
}
