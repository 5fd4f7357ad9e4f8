package io.newswire.ingest.core.formats;

import io.newswire.ingest.core.InvalidSubmissionException;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * DOM navigation by local name, namespace-agnostic (agencies are not always careful with
 * namespaces).
 */
final class Dom {
  private Dom() {}

  static String localName(Node n) {
    return n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
  }

  /**
   * The document's root element when its local name is {@code expected}; otherwise a refusal naming
   * the root found, e.g. "an NITF document must have nitf as its root element, got {@code <html>}".
   *
   * @param document the document as the refusal names it, e.g. "an NITF document"
   */
  static Element root(Document doc, String expected, String document)
      throws InvalidSubmissionException {
    Element root = doc.getDocumentElement();
    String name = localName(root);
    if (!expected.equals(name)) {
      throw new InvalidSubmissionException(
          name, document + " must have " + expected + " as its root element, got <" + name + ">");
    }
    return root;
  }

  static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && localName.equals(localName(e))) {
        out.add(e);
      }
    }
    return out;
  }

  static Element child(Element parent, String localName) {
    List<Element> c = children(parent, localName);
    return c.isEmpty() ? null : c.get(0);
  }

  /** The element at a path of local names below {@code parent}, or null. */
  static Element path(Element parent, String... names) {
    Element e = parent;
    for (String name : names) {
      e = child(e, name);
      if (e == null) {
        return null;
      }
    }
    return e;
  }

  /** Text content with whitespace collapsed, or null when the element is missing or blank. */
  static String text(Element e) {
    if (e == null) {
      return null;
    }
    String t = HtmlText.collapseWhitespace(e.getTextContent());
    return t.isEmpty() ? null : t;
  }

  /** An attribute's value, or null when missing or blank. */
  static String attr(Element e, String name) {
    if (e == null || !e.hasAttribute(name)) {
      return null;
    }
    String v = e.getAttribute(name).trim();
    return v.isEmpty() ? null : v;
  }

  static String xmlLang(Element e) {
    if (e == null) {
      return null;
    }
    String v = e.getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang");
    return v == null || v.isBlank() ? null : v.trim();
  }

  /**
   * The markup of an element's children, for {@link HtmlText}: elements serialized, text escaped;
   * comments and processing instructions are never text, so they are left out.
   */
  static String markup(Element e) {
    StringBuilder out = new StringBuilder();
    NodeList nodes = e.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element) {
        out.append(SecureXml.serialize(n));
      } else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
        escape(n.getNodeValue(), out);
      }
    }
    return out.toString();
  }

  private static void escape(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> out.append(c);
      }
    }
  }

  /**
   * Text content (whitespace collapsed) leaving out the descendants with the given local names,
   * e.g. a byline without its {@code byttl}; null when blank.
   */
  static String textWithout(Element e, String excluded) {
    if (e == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    appendText(e, excluded, out);
    String t = HtmlText.collapseWhitespace(out);
    return t.isEmpty() ? null : t;
  }

  private static void appendText(Node n, String excluded, StringBuilder out) {
    NodeList nodes = n.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node c = nodes.item(i);
      if (c instanceof Element child) {
        if (!excluded.equals(localName(child))) {
          appendText(child, excluded, out); // depth is bounded by the parser (SecureXml.MAX_DEPTH)
        }
      } else if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
        out.append(c.getNodeValue());
      }
    }
  }
}
