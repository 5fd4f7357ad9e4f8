package io.newswire.ingest.core.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML (or XHTML, or NITF body markup) to clean text with its paragraphs kept, by jsoup: entities
 * decoded, scripts, styles and comments dropped, whitespace inside a paragraph collapsed, one
 * paragraph per line. Block elements ({@code p}, {@code div}, headings, list items, table rows,
 * {@code blockquote}…, and NITF's {@code hl1}, {@code hl2}, {@code block}, {@code bq}, {@code
 * note}) end a paragraph. A {@code br} inside a paragraph ({@code p}, a heading, a list item) is a
 * line break within it, not a new paragraph: it becomes a space; elsewhere (a {@code div}, a cell,
 * the body) it ends a paragraph. Preformatted text ({@code pre}) keeps its lines, one paragraph
 * each.
 */
public final class HtmlText {
  private HtmlText() {}

  /** NITF's own block elements, which HTML does not know. */
  private static final Set<String> NITF_BLOCKS =
      Set.of("hl1", "hl2", "block", "bq", "note", "fn", "tagline");

  /** Elements whose {@code br} is a line break inside one paragraph. */
  private static final Set<String> PARAGRAPHS =
      Set.of(
          "p",
          "li",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "hl1",
          "hl2",
          "dt",
          "dd",
          "caption",
          "figcaption");

  public static String toText(String html) {
    var doc = Jsoup.parseBodyFragment(html == null ? "" : html);
    doc.select("script, style, noscript, template, head, title").remove();
    List<String> paragraphs = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int[] inParagraph = {0};
    int[] inPre = {0};
    NodeTraversor.traverse(
        new NodeVisitor() {
          @Override
          public void head(Node node, int depth) {
            if (node instanceof TextNode t) {
              current.append(t.getWholeText());
            } else if (node instanceof Element e) {
              if (e.nameIs("br")) {
                if (inPre[0] > 0) {
                  current.append('\n');
                } else if (inParagraph[0] > 0) {
                  current.append(' ');
                } else {
                  flush(current, paragraphs);
                }
              } else if (isBlock(e)) {
                endParagraph(current, paragraphs, inPre[0] > 0);
              }
              if (PARAGRAPHS.contains(e.normalName())) {
                inParagraph[0]++;
              }
              if (e.nameIs("pre")) {
                inPre[0]++;
              }
            }
          }

          @Override
          public void tail(Node node, int depth) {
            if (node instanceof Element e) {
              if (isBlock(e)) {
                endParagraph(current, paragraphs, inPre[0] > 0);
              }
              if (PARAGRAPHS.contains(e.normalName())) {
                inParagraph[0]--;
              }
              if (e.nameIs("pre")) {
                inPre[0]--;
              }
            }
          }
        },
        doc.body());
    flush(current, paragraphs);
    return String.join("\n", paragraphs);
  }

  private static boolean isBlock(Element e) {
    return e.isBlock() || NITF_BLOCKS.contains(e.normalName());
  }

  /** Ends the current paragraph; preformatted text ends one paragraph per line. */
  private static void endParagraph(
      StringBuilder current, List<String> paragraphs, boolean preformatted) {
    if (!preformatted) {
      flush(current, paragraphs);
      return;
    }
    int start = 0;
    for (int i = 0; i <= current.length(); i++) {
      if (i == current.length() || current.charAt(i) == '\n') {
        String line = current.substring(start, i).stripTrailing();
        if (!line.isBlank()) {
          paragraphs.add(line);
        }
        start = i + 1;
      }
    }
    current.setLength(0);
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
