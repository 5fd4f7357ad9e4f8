package io.newswire.ingest.core;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** DOM navigation by local name, namespace-agnostic (agencies are not always careful with namespaces). */
final class Dom {
  private Dom() {}

  static String localName(Node n) {
    return n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
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
}
