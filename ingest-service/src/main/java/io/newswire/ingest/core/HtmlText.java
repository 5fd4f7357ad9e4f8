package io.newswire.ingest.core;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML (or XHTML) body markup to clean text with its paragraphs kept, by jsoup: entities decoded, scripts, styles
 * and comments dropped, whitespace inside a paragraph collapsed, one paragraph per line. Block elements
 * ({@code p}, {@code div}, headings, list items, table rows, {@code blockquote}…) and {@code br} end a paragraph.
 */
public final class HtmlText {
  private HtmlText() {}

  public static String toText(String html) {
    var doc = Jsoup.parseBodyFragment(html == null ? "" : html);
    doc.select("script, style, noscript, template, head, title").remove();
    List<String> paragraphs = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    NodeTraversor.traverse(new NodeVisitor() {
      @Override
      public void head(Node node, int depth) {
        if (node instanceof TextNode t) {
          current.append(t.getWholeText());
        } else if (node instanceof Element e && (e.isBlock() || e.nameIs("br"))) {
          flush(current, paragraphs);
        }
      }

      @Override
      public void tail(Node node, int depth) {
        if (node instanceof Element e && e.isBlock()) {
          flush(current, paragraphs);
        }
      }
    }, doc.body());
    flush(current, paragraphs);
    return String.join("\n", paragraphs);
  }

  private static void flush(StringBuilder current, List<String> paragraphs) {
    String p = collapseWhitespace(current);
    if (!p.isEmpty()) {
      paragraphs.add(p);
    }
    current.setLength(0);
  }

  /** Collapses runs of whitespace (including no-break spaces) to one space and trims. */
  static String collapseWhitespace(CharSequence s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || c == '\u00a0') {
        space = out.length() > 0;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }
}
