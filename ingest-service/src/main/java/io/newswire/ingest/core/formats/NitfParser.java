package io.newswire.ingest.core.formats;

import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.StorySubmission.Caption;
import io.newswire.ingest.core.StorySubmission.Place;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * An NITF 3.x document ({@code <nitf>}; a DOCTYPE naming the NITF DTD is allowed and never loaded).
 *
 * <p>Mapping: {@code head/docdata/doc-id/@id-string} → agency story id, {@code
 * head/docdata/du-key/@version} (default 1), {@code docdata/@management-status} ({@code canceled}
 * is a kill, {@code withheld} holds it back), {@code docdata/date.issue/@norm} → first created,
 * {@code docdata/date.release/@norm} → version created and embargo (NITF: "the date and time the
 * document is available for release"; one in the past is no embargo), {@code
 * docdata/urgency/@ed-urg} (1 to 9) → urgency, {@code body/body.head/hedline/hl1} (else {@code
 * head/title}) → headline, {@code body.head/byline} without its {@code byttl} and without a leading
 * "By" → byline, {@code body.head/dateline}, {@code head/docdata/key-list/keyword/@key} → slugline
 * (the first), {@code head/tobject/tobject.subject} → subjects (refnum) and agency subjects (scheme
 * {@code iptc-subjectcode}, refnum, matter or type as name), {@code docdata/evloc} and {@code
 * dateline/location} → places, {@code baselang} (else {@code xml:lang}) of {@code nitf}, else
 * {@code xml:lang} of {@code body} → language, with its region, and {@code body/body.content} →
 * body (markup made text with paragraphs kept), except its {@code media}: their {@code
 * media-caption} become captions, with {@code media-producer} as the credit.
 */
public final class NitfParser {
  /** The scheme of NITF's {@code tobject.subject.refnum}: IPTC subject codes. */
  static final String SUBJECT_SCHEME = "iptc-subjectcode";

  /**
   * What an NITF {@code body} gives a story, read by NITF's rules; also for NITF carried inside
   * NewsML-G2.
   */
  record Content(
      String body,
      String headline,
      String byline,
      String dateline,
      List<Caption> captions,
      List<Place> places) {}

  public StorySubmission parse(byte[] payload, String declaredCharset)
      throws InvalidSubmissionException {
    return parse(SecureXml.parse(payload, declaredCharset));
  }

  StorySubmission parse(Document doc) throws InvalidSubmissionException {
    Element nitf = Dom.root(doc, "nitf", "an NITF document");
    Element head = Dom.child(nitf, "head");
    Element docdata = Dom.child(head, "docdata");
    String docId = Dom.attr(Dom.child(docdata, "doc-id"), "id-string");
    String id = Formats.storyIdFrom(docId, "doc-id");
    int version = Formats.version(Dom.attr(Dom.child(docdata, "du-key"), "version"), "du-key", 1);
    Element body = Dom.child(nitf, "body");
    if (Dom.child(body, "body.content") == null) {
      throw new InvalidSubmissionException(
          "body.content", "an NITF story needs its text in body/body.content");
    }
    Content content = content(nitf);
    if (content.body().isBlank()) {
      throw InvalidSubmissionException.noText(
          "body.content", "the NITF body.content holds no text");
    }
    String headline =
        content.headline() != null ? content.headline() : Dom.text(Dom.child(head, "title"));
    List<String> subjects = new ArrayList<>();
    List<StorySubmission.Subject> agencySubjects = new ArrayList<>();
    for (Element t : Dom.children(head, "tobject")) {
      for (Element s : Dom.children(t, "tobject.subject")) {
        String ref = Dom.attr(s, "tobject.subject.refnum");
        if (ref != null) {
          subjects.add(ref);
        }
        String name =
            Formats.firstNonNull(
                Dom.attr(s, "tobject.subject.detail"),
                Dom.attr(s, "tobject.subject.matter"),
                Dom.attr(s, "tobject.subject.type"));
        if (ref != null || name != null) {
          agencySubjects.add(
              new StorySubmission.Subject(
                  ref == null ? null : SUBJECT_SCHEME, ref, name, null, null));
        }
      }
    }
    List<Place> places = new ArrayList<>();
    for (Element e : Dom.children(docdata, "evloc")) {
      String name =
          Formats.firstNonNull(
              Dom.attr(e, "city"), Dom.attr(e, "county-dist"), Dom.attr(e, "state-prov"));
      String code = Dom.attr(e, "iso-cc");
      if (name != null || code != null) {
        places.add(new Place(name, code, null));
      }
    }
    places.addAll(content.places());
    String language =
        Formats.firstNonNull(Dom.attr(nitf, "baselang"), Dom.xmlLang(nitf), Dom.xmlLang(body));
    String slugline = Dom.attr(Dom.path(docdata, "key-list", "keyword"), "key");
    List<StorySubmission.AltId> altIds =
        id.equals(docId) ? List.of() : List.of(new StorySubmission.AltId("doc-id", docId));
    return SubmissionParser.build(
        new SubmissionParser.Fields(
            id,
            version,
            content.body(),
            headline,
            language,
            Formats.isoDateTime(Dom.attr(Dom.child(docdata, "date.issue"), "norm")),
            Formats.isoDateTime(Dom.attr(Dom.child(docdata, "date.release"), "norm")),
            content.byline(),
            slugline,
            null,
            Dom.attr(docdata, "management-status"),
            content.dateline(),
            subjects,
            Dom.attr(Dom.child(docdata, "urgency"), "ed-urg"),
            Formats.isoDateTime(Dom.attr(Dom.child(docdata, "date.release"), "norm"))),
        "doc-id",
        new StorySubmission.Metadata(altIds, agencySubjects, places, content.captions(), List.of()),
        true);
  }

  /**
   * The text of an NITF document by NITF's rules: only {@code body.content} is body (never the
   * {@code body.head}: headline, byline, abstract), without its {@code media}, which become
   * captions; the headline and byline to their fields. The document's {@code media} elements are
   * taken out of it.
   */
  static Content content(Element nitf) {
    Element body = Dom.child(nitf, "body");
    Element bodyHead = Dom.child(body, "body.head");
    Element bodyContent = Dom.child(body, "body.content");
    List<Caption> captions = new ArrayList<>();
    if (bodyContent != null) {
      NodeList media = bodyContent.getElementsByTagNameNS("*", "media");
      List<Element> found = new ArrayList<>();
      for (int i = 0; i < media.getLength(); i++) {
        found.add((Element) media.item(i));
      }
      for (Element m : found) {
        String caption = Dom.text(Dom.child(m, "media-caption"));
        String credit = Dom.text(Dom.child(m, "media-producer"));
        if (caption != null) {
          captions.add(new Caption(caption, credit));
        }
        if (m.getParentNode() != null) {
          m.getParentNode().removeChild(m);
        }
      }
    }
    String text = bodyContent == null ? "" : HtmlText.toText(Dom.markup(bodyContent));
    String byline = null;
    for (Element b : Dom.children(bodyHead, "byline")) {
      byline = Bylines.clean(Dom.textWithout(b, "byttl"));
      if (byline != null) {
        break;
      }
    }
    Element dateline = Dom.child(bodyHead, "dateline");
    List<Place> places = new ArrayList<>();
    for (Element loc : Dom.children(dateline, "location")) {
      String code = null;
      for (Element country : Dom.children(loc, "country")) {
        code = Dom.attr(country, "iso-cc");
      }
      places.add(new Place(Dom.text(loc), code, null));
    }
    return new Content(
        text,
        Dom.text(Dom.path(bodyHead, "hedline", "hl1")),
        byline,
        Dom.text(dateline),
        captions,
        places);
  }
}
