package io.newswire.ingest.core;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * An NITF 3.x document ({@code <nitf>}; a DOCTYPE naming the NITF DTD is allowed and never loaded).
 *
 * <p>Mapping: {@code head/docdata/doc-id/@id-string} → agency story id, {@code head/docdata/du-key/@version}
 * (default 1), {@code docdata/@management-status} ({@code canceled} is a kill, {@code withheld} holds it back),
 * {@code docdata/date.issue/@norm} → first created, {@code docdata/date.release/@norm} → version created,
 * {@code body/body.head/hedline/hl1} (else {@code head/title}) → headline, {@code body.head/byline},
 * {@code body.head/dateline}, {@code head/docdata/key-list/keyword/@key} → slugline (the first),
 * {@code head/tobject/tobject.subject/@tobject.subject.refnum} → subjects, {@code xml:lang} of {@code nitf} or
 * {@code body} → language, and {@code body/body.content} → body (markup made text with paragraphs kept).
 */
public final class NitfParser {

  public StorySubmission parse(byte[] payload, String declaredCharset) throws InvalidSubmissionException {
    return parse(SecureXml.parse(payload, declaredCharset));
  }

  StorySubmission parse(Document doc) throws InvalidSubmissionException {
    Element nitf = doc.getDocumentElement();
    if (!"nitf".equals(Dom.localName(nitf))) {
      throw new InvalidSubmissionException(Dom.localName(nitf), "an NITF document must have nitf as its root element, "
          + "got <" + Dom.localName(nitf) + ">");
    }
    Element head = Dom.child(nitf, "head");
    Element docdata = Dom.child(head, "docdata");
    String id = Formats.storyIdFrom(Dom.attr(Dom.child(docdata, "doc-id"), "id-string"), "doc-id");
    int version = Formats.version(Dom.attr(Dom.child(docdata, "du-key"), "version"), "du-key", 1);
    Element body = Dom.child(nitf, "body");
    Element bodyHead = Dom.child(body, "body.head");
    String headline = Dom.text(Dom.path(bodyHead, "hedline", "hl1"));
    if (headline == null) {
      headline = Dom.text(Dom.child(head, "title"));
    }
    Element content = Dom.child(body, "body.content");
    if (content == null) {
      throw new InvalidSubmissionException("body.content", "an NITF story needs its text in body/body.content");
    }
    StringBuilder markup = new StringBuilder();
    NodeList nodes = content.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      markup.append(n instanceof Element ? SecureXml.serialize(n) : n.getTextContent());
    }
    List<String> subjects = new ArrayList<>();
    for (Element t : Dom.children(head, "tobject")) {
      for (Element s : Dom.children(t, "tobject.subject")) {
        String ref = Dom.attr(s, "tobject.subject.refnum");
        if (ref != null) {
          subjects.add(ref);
        }
      }
    }
    String language = Dom.xmlLang(nitf) != null ? Dom.xmlLang(nitf) : Dom.xmlLang(body);
    String byline = Dom.text(Dom.child(bodyHead, "byline"));
    String slugline = Dom.attr(Dom.path(docdata, "key-list", "keyword"), "key");
    return SubmissionParser.build(id, version, HtmlText.toText(markup.toString()), headline, language,
        Formats.isoDateTime(Dom.attr(Dom.child(docdata, "date.issue"), "norm")),
        Formats.isoDateTime(Dom.attr(Dom.child(docdata, "date.release"), "norm")), byline, slugline, null,
        Dom.attr(docdata, "management-status"), Dom.text(Dom.child(bodyHead, "dateline")), subjects, "doc-id");
  }
}
