package io.newswire.ingest.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A NewsML-G2 {@code newsItem} (IPTC, namespace {@code http://iptc.org/std/nar/2006-10-01/}).
 *
 * <p>Mapping: {@code @guid} → agency story id (see {@link Formats#storyIdFrom}), {@code @version} (default 1, as
 * in the standard), {@code itemMeta/pubStatus/@qcode} ({@code stat:usable}, {@code stat:withheld},
 * {@code stat:canceled}: a kill), {@code itemMeta/firstCreated}, {@code itemMeta/versionCreated},
 * {@code itemMeta/provider/@qcode} ({@code nprov:XYZ} → the claimed agency xyz), {@code contentMeta/headline}
 * (role {@code hld:main} or the first), {@code slugline}, {@code dateline}, {@code by} (else
 * {@code creator/name}), {@code language/@tag} (else {@code xml:lang}), {@code subject/@qcode}, and the body from
 * {@code contentSet/inlineXML} (XHTML, made text with paragraphs kept) or {@code contentSet/inlineData}.
 */
public final class NewsMlG2Parser {
  public static final String NAR = "http://iptc.org/std/nar/2006-10-01/";

  public StorySubmission parse(byte[] payload, String declaredCharset) throws InvalidSubmissionException {
    return parse(SecureXml.parse(payload, declaredCharset));
  }

  StorySubmission parse(Document doc) throws InvalidSubmissionException {
    Element item = doc.getDocumentElement();
    if (!"newsItem".equals(Dom.localName(item))) {
      throw new InvalidSubmissionException(Dom.localName(item), "a NewsML-G2 document must have newsItem as its "
          + "root element, got <" + Dom.localName(item) + ">");
    }
    String id = Formats.storyIdFrom(Dom.attr(item, "guid"), "guid");
    int version = Formats.version(Dom.attr(item, "version"), "version", 1);
    Element itemMeta = Dom.child(item, "itemMeta");
    Element contentMeta = Dom.child(item, "contentMeta");
    String pubStatus = null;
    String status = Dom.attr(Dom.child(itemMeta, "pubStatus"), "qcode");
    if (status != null) {
      String code = status.substring(Math.max(status.lastIndexOf(':'), status.lastIndexOf('/')) + 1);
      pubStatus = switch (code.toLowerCase(Locale.ROOT)) {
        case "usable", "withheld", "canceled" -> code.toLowerCase(Locale.ROOT);
        default -> throw new InvalidSubmissionException("pubStatus", "pubStatus/@qcode must be stat:usable, "
            + "stat:withheld or stat:canceled, got '" + SubmissionParser.abbreviate(status) + "'");
      };
    }
    String provider = Dom.attr(Dom.child(itemMeta, "provider"), "qcode");
    String claimed = provider != null && provider.toLowerCase(Locale.ROOT).startsWith("nprov:")
        ? provider.substring("nprov:".length()) : null;
    String headline = null;
    for (Element h : Dom.children(contentMeta, "headline")) {
      String role = Dom.attr(h, "role");
      if (headline == null || "hld:main".equals(role)) {
        headline = Dom.text(h);
      }
    }
    String byline = Dom.text(Dom.child(contentMeta, "by"));
    if (byline == null) {
      byline = Dom.text(Dom.path(contentMeta, "creator", "name"));
    }
    String language = Dom.attr(Dom.child(contentMeta, "language"), "tag");
    if (language == null) {
      language = Dom.xmlLang(contentMeta) != null ? Dom.xmlLang(contentMeta) : Dom.xmlLang(item);
    }
    List<String> subjects = new ArrayList<>();
    for (Element s : Dom.children(contentMeta, "subject")) {
      String q = Dom.attr(s, "qcode");
      if (q == null) {
        q = Dom.attr(s, "uri");
      }
      if (q != null) {
        subjects.add(q);
      }
    }
    return SubmissionParser.build(id, version, body(item), headline, language,
        Formats.isoDateTime(Dom.text(Dom.child(itemMeta, "firstCreated"))),
        Formats.isoDateTime(Dom.text(Dom.child(itemMeta, "versionCreated"))), byline,
        Dom.text(Dom.child(contentMeta, "slugline")), claimed, pubStatus,
        Dom.text(Dom.child(contentMeta, "dateline")), subjects, "guid");
  }

  private static String body(Element item) throws InvalidSubmissionException {
    Element contentSet = Dom.child(item, "contentSet");
    Element inline = Dom.child(contentSet, "inlineXML");
    if (inline != null) {
      StringBuilder markup = new StringBuilder();
      NodeList nodes = inline.getChildNodes();
      for (int i = 0; i < nodes.getLength(); i++) {
        Node n = nodes.item(i);
        markup.append(n instanceof Element ? SecureXml.serialize(n) : n.getTextContent());
      }
      return HtmlText.toText(markup.toString());
    }
    Element data = Dom.child(contentSet, "inlineData");
    if (data != null) {
      String ct = Dom.attr(data, "contenttype");
      String text = data.getTextContent();
      return ct != null && ct.toLowerCase(Locale.ROOT).contains("html") ? HtmlText.toText(text) : text.strip();
    }
    throw new InvalidSubmissionException("contentSet", "a NewsML-G2 newsItem needs its body in "
        + "contentSet/inlineXML or contentSet/inlineData");
  }
}
