package io.newswire.ingest.core.formats;

import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.StorySubmission.Place;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A NewsML-G2 {@code newsItem} (IPTC, namespace {@code http://iptc.org/std/nar/2006-10-01/}).
 *
 * <p>Mapping: {@code @guid} → agency story id (see {@link Formats#storyIdFrom}; the guid itself is
 * kept as an alt id when the id differs), {@code @version} (default 1, as in the standard), {@code
 * itemMeta/pubStatus/@qcode} ({@code stat:usable}, {@code stat:withheld}, {@code stat:canceled}: a
 * kill), {@code itemMeta/firstCreated}, {@code itemMeta/versionCreated}, {@code
 * itemMeta/provider/@qcode} ({@code nprov:XYZ} → the claimed agency xyz), {@code
 * contentMeta/headline} (role {@code hld:main} or the first), {@code slugline}, {@code dateline}
 * (else the {@code located} name), {@code by} (else the NITF byline, else {@code creator/name}),
 * {@code language/@tag} (else {@code xml:lang}), {@code subject} (qcodes to subjects; each with
 * scheme, code, name and creator to agency subjects, geographic ones and {@code located} to
 * places), {@code contentMeta/urgency} (1 to 9), {@code itemMeta/embargoed} (else {@code
 * contentMeta/embargoed}; the embargo, ISO 8601).
 *
 * <p>The body is taken by content type from {@code contentSet}, the first readable rendition in
 * document order: NITF ({@code application/nitf+xml} or an {@code nitf} element: only {@code
 * body.content}, by {@link NitfParser}'s rules), HTML/XHTML, or plain text ({@code inlineData}
 * without a type or {@code text/plain}). Anything else (SportsML, events, financial data, pictures
 * and videos as remote content) is not text: without a text rendition the item is refused as {@link
 * InvalidSubmissionException.Kind#NO_TEXT}, naming what it is. Comments are never text.
 */
public final class NewsMlG2Parser {
  public static final String NAR = "http://iptc.org/std/nar/2006-10-01/";

  /** NewsML-G2 subject types that are places. */
  private static final Set<String> GEO_TYPES = Set.of("cpnat:geoArea", "cpnat:poi");

  /** A text rendition found in a contentSet. */
  private record Rendition(String text, NitfParser.Content nitf, String description) {}

  public StorySubmission parse(byte[] payload, String declaredCharset)
      throws InvalidSubmissionException {
    return parse(SecureXml.parse(payload, declaredCharset));
  }

  StorySubmission parse(Document doc) throws InvalidSubmissionException {
    return parse(Dom.root(doc, "newsItem", "a NewsML-G2 document"));
  }

  /** One {@code newsItem}: a document's root, or an item of a {@code newsMessage}. */
  StorySubmission parse(Element item) throws InvalidSubmissionException {
    String guid = Dom.attr(item, "guid");
    String id = Formats.storyIdFrom(guid, "guid");
    int version = Formats.version(Dom.attr(item, "version"), "version", 1);
    Element itemMeta = Dom.child(item, "itemMeta");
    Element contentMeta = Dom.child(item, "contentMeta");
    String itemClass = code(Dom.attr(Dom.child(itemMeta, "itemClass"), "qcode"));
    Rendition body = body(item, itemClass);
    String pubStatus = code(Dom.attr(Dom.child(itemMeta, "pubStatus"), "qcode"));
    String provider = Dom.attr(Dom.child(itemMeta, "provider"), "qcode");
    String claimed =
        provider != null && provider.toLowerCase(Locale.ROOT).startsWith("nprov:")
            ? provider.substring("nprov:".length())
            : null;
    String headline = null;
    for (Element h : Dom.children(contentMeta, "headline")) {
      String role = Dom.attr(h, "role");
      if (headline == null || "hld:main".equals(role)) {
        headline = Dom.text(h);
      }
    }
    String byline = Bylines.clean(Dom.text(Dom.child(contentMeta, "by")));
    String dateline = Dom.text(Dom.child(contentMeta, "dateline"));
    List<Place> places = new ArrayList<>();
    List<StorySubmission.Caption> captions = List.of();
    if (body.nitf() != null) {
      headline = headline != null ? headline : body.nitf().headline();
      byline = byline != null ? byline : body.nitf().byline();
      dateline = dateline != null ? dateline : body.nitf().dateline();
      captions = body.nitf().captions();
      places.addAll(body.nitf().places());
    }
    if (byline == null) {
      byline = Bylines.clean(Dom.text(Dom.path(contentMeta, "creator", "name")));
    }
    String language = Dom.attr(Dom.child(contentMeta, "language"), "tag");
    if (language == null) {
      language = Dom.xmlLang(contentMeta) != null ? Dom.xmlLang(contentMeta) : Dom.xmlLang(item);
    }
    for (Element located : Dom.children(contentMeta, "located")) {
      Place p = place(located);
      places.add(p);
      dateline = dateline != null ? dateline : p.name();
    }
    List<String> subjects = new ArrayList<>();
    List<StorySubmission.Subject> agencySubjects = new ArrayList<>();
    for (Element s : Dom.children(contentMeta, "subject")) {
      String q = Dom.attr(s, "qcode") != null ? Dom.attr(s, "qcode") : Dom.attr(s, "uri");
      if (q != null) {
        subjects.add(q);
      }
      if (GEO_TYPES.contains(String.valueOf(Dom.attr(s, "type")))) {
        places.add(place(s));
      } else if (q != null || Dom.attr(s, "literal") != null || Dom.child(s, "name") != null) {
        agencySubjects.add(subject(s));
      }
    }
    List<StorySubmission.AltId> altIds =
        id.equals(guid) ? List.of() : List.of(new StorySubmission.AltId("guid", guid));
    Element embargo = embargoElement(itemMeta, contentMeta);
    List<StorySubmission.Warning> embargoWarnings =
        embargo != null && Dom.text(embargo) == null
            ? List.of(
                new StorySubmission.Warning(
                    SubmissionParser.EMBARGOED,
                    "an embargo without a time (until further notice) is not supported: read as no"
                        + " embargo (send the time it lifts)"))
            : List.of();
    return SubmissionParser.build(
        new SubmissionParser.Fields(
            id,
            version,
            body.text(),
            headline,
            language,
            Formats.isoDateTime(Dom.text(Dom.child(itemMeta, "firstCreated"))),
            Formats.isoDateTime(Dom.text(Dom.child(itemMeta, "versionCreated"))),
            byline,
            Dom.text(Dom.child(contentMeta, "slugline")),
            claimed,
            pubStatus,
            dateline,
            subjects,
            Dom.text(Dom.child(contentMeta, "urgency")),
            Formats.isoDateTime(Dom.text(embargo))),
        "guid",
        new StorySubmission.Metadata(altIds, agencySubjects, places, captions, embargoWarnings),
        true);
  }

  /**
   * The {@code embargoed} element: in {@code itemMeta} (where NewsML-G2 puts it), else in {@code
   * contentMeta}; null when there is none.
   */
  static Element embargoElement(Element itemMeta, Element contentMeta) {
    Element e = Dom.child(itemMeta, SubmissionParser.EMBARGOED);
    return e != null ? e : Dom.child(contentMeta, SubmissionParser.EMBARGOED);
  }

  /**
   * A subject with its scheme and code (from a qcode {@code scheme:code} or a URI), name and
   * creator.
   */
  private static StorySubmission.Subject subject(Element s) {
    String qcode = Dom.attr(s, "qcode");
    String uri = Dom.attr(s, "uri");
    String scheme = null;
    String code = Dom.attr(s, "literal");
    if (qcode != null && qcode.indexOf(':') > 0) {
      scheme = qcode.substring(0, qcode.indexOf(':'));
      code = qcode.substring(qcode.indexOf(':') + 1);
    } else if (qcode != null) {
      code = qcode;
    } else if (uri != null && uri.lastIndexOf('/') > 0) {
      scheme = uri.substring(0, uri.lastIndexOf('/') + 1);
      code = uri.substring(uri.lastIndexOf('/') + 1);
    }
    return new StorySubmission.Subject(
        scheme, code, Dom.text(Dom.child(s, "name")), uri, Dom.attr(s, "creator"));
  }

  private static Place place(Element e) {
    return new Place(
        Dom.text(Dom.child(e, "name")),
        Formats.firstNonNull(Dom.attr(e, "qcode"), Dom.attr(e, "literal")),
        Dom.attr(e, "uri"));
  }

  /** The code of a qcode ({@code stat:usable} → {@code usable}), or null. */
  private static String code(String qcode) {
    return qcode == null
        ? null
        : qcode.substring(Math.max(qcode.lastIndexOf(':'), qcode.lastIndexOf('/')) + 1);
  }

  private static Rendition body(Element item, String itemClass) throws InvalidSubmissionException {
    Element contentSet = Dom.child(item, "contentSet");
    boolean textClass = itemClass == null || "text".equalsIgnoreCase(itemClass);
    if (contentSet == null) {
      if (!textClass) {
        throw InvalidSubmissionException.noText(
            "itemClass", "a " + itemClass + " item (ninat:" + itemClass + ") without text");
      }
      throw new InvalidSubmissionException(
          "contentSet",
          "a NewsML-G2 newsItem needs its body in "
              + "contentSet/inlineXML or contentSet/inlineData");
    }
    String notText = null;
    NodeList nodes = contentSet.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (!(nodes.item(i) instanceof Element c)) {
        continue;
      }
      String ct = lower(Dom.attr(c, "contenttype"));
      String name = Dom.localName(c);
      if (name.equals("inlineXML")) {
        Element root = firstElement(c);
        String rootName = root == null ? null : Dom.localName(root);
        if (contains(ct, "nitf") || "nitf".equals(rootName)) {
          Element nitf = root != null && "nitf".equals(rootName) ? root : null;
          NitfParser.Content content = nitf == null ? null : NitfParser.content(nitf);
          return checked(new Rendition(content == null ? "" : content.body(), content, "NITF"));
        }
        if (contains(ct, "html") || "html".equals(rootName) || (ct == null && root == null)) {
          return checked(
              new Rendition(HtmlText.toText(Dom.markup(c)), null, ct == null ? "inline XML" : ct));
        }
        notText = notText != null ? notText : describe(ct, rootName);
      } else if (name.equals("inlineData")) {
        if (ct == null || ct.startsWith("text/plain")) {
          return checked(
              new Rendition(c.getTextContent().strip(), null, ct == null ? "inline data" : ct));
        }
        if (contains(ct, "html")) {
          return checked(new Rendition(HtmlText.toText(c.getTextContent()), null, ct));
        }
        notText = notText != null ? notText : describe(ct, null);
      } else if (name.equals("remoteContent")) {
        notText =
            notText != null ? notText : "remote content only" + (ct == null ? "" : " (" + ct + ")");
      }
    }
    if (!textClass) {
      throw InvalidSubmissionException.noText(
          "itemClass",
          "a "
              + itemClass
              + " item (ninat:"
              + itemClass
              + ")"
              + (notText == null ? "" : ", " + notText));
    }
    if (notText != null) {
      throw InvalidSubmissionException.noText(
          "contentSet",
          notText
              + " is not text; Newswire reads text/plain, "
              + "HTML/XHTML and NITF content, and needs such a rendition alongside");
    }
    throw new InvalidSubmissionException(
        "contentSet",
        "a NewsML-G2 newsItem needs its body in "
            + "contentSet/inlineXML or contentSet/inlineData");
  }

  private static Rendition checked(Rendition r) throws InvalidSubmissionException {
    if (r.text().isBlank()) {
      throw InvalidSubmissionException.noText(
          "contentSet",
          "the " + r.description() + " content holds no text " + "(comments are not text)");
    }
    return r;
  }

  private static String describe(String ct, String rootName) {
    if (contains(ct, "sportsml") || "sports-content".equals(rootName)) {
      return "SportsML data (" + (ct == null ? "sports-content" : ct) + ")";
    }
    if (ct != null) {
      return ct + " content";
    }
    return "<" + rootName + "> XML";
  }

  private static Element firstElement(Element parent) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        return e;
      }
    }
    return null;
  }

  private static boolean contains(String s, String part) {
    return s != null && s.contains(part);
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
