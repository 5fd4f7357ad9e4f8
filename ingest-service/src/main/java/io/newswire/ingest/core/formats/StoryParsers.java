package io.newswire.ingest.core.formats;

import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Chooses the parser from the Content-Type and parses: one entry point for every pushed format.
 * Plain Java; the only exception is the documented {@link InvalidSubmissionException}.
 *
 * <table>
 *   <caption>Media types</caption>
 *   <tr><td>{@code application/json}</td><td>Newswire JSON</td></tr>
 *   <tr><td>{@code text/plain}</td><td>plain text, metadata in the map (headers or query parameters)</td></tr>
 *   <tr><td>{@code application/ninjs+json}, {@code application/vnd.iptc.ninjs+json}</td><td>ninjs 2.x/3.x</td></tr>
 *   <tr><td>{@code application/vnd.iptc.g2.newsitem+xml}, {@code application/vnd.iptc.g2.newsmessage+xml}</td>
 *   <td>NewsML-G2 newsItem, or newsMessage (item by item)</td></tr>
 *   <tr><td>{@code application/nitf+xml}, {@code application/vnd.iptc.nitf+xml}</td><td>NITF 3.x</td></tr>
 *   <tr><td>{@code application/xml}, {@code text/xml}</td><td>by root element: newsItem, newsMessage (item by
 *   item) or nitf</td></tr>
 * </table>
 */
public final class StoryParsers {
  /**
   * A parsed story and the format it was read as; for a NewsML-G2 {@code newsMessage}, {@code
   * submission} is null and {@code items} holds each item's outcome.
   */
  public record Parsed(InputFormat format, StorySubmission submission, List<Item> items) {
    public Parsed(InputFormat format, StorySubmission submission) {
      this(format, submission, null);
    }
  }

  /**
   * One item of a {@code newsMessage}: its 1-based position, guid, and either the story (with the
   * item's own XML as its payload) or the refusal.
   */
  public record Item(
      int index,
      String guid,
      StorySubmission submission,
      byte[] payload,
      InvalidSubmissionException refusal) {}

  /** The most items one {@code newsMessage} may carry. */
  public static final int MAX_MESSAGE_ITEMS = 100;

  /** The media type of a newsMessage item's payload. */
  public static final String ITEM_CONTENT_TYPE =
      "application/vnd.iptc.g2.newsitem+xml; charset=utf-8";

  private final SubmissionParser newswire = new SubmissionParser();
  private final NinjsParser ninjs = new NinjsParser();
  private final NewsMlG2Parser g2 = new NewsMlG2Parser();
  private final NitfParser nitf = new NitfParser();

  public Parsed parse(String contentType, byte[] payload, Map<String, String> textMetadata)
      throws InvalidSubmissionException {
    String ct = contentType == null ? "" : contentType;
    String mediaType = ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    String charsetName = charsetParam(ct);
    switch (mediaType) {
      case "application/json" -> {
        return new Parsed(
            InputFormat.NEWSWIRE_JSON, newswire.parseJson(payload, charset(charsetName)));
      }
      case "text/plain" -> {
        return new Parsed(
            InputFormat.PLAIN_TEXT,
            newswire.parsePlainText(payload, charset(charsetName), textMetadata));
      }
      case "application/ninjs+json", "application/vnd.iptc.ninjs+json" -> {
        return new Parsed(InputFormat.NINJS, ninjs.parse(payload, charset(charsetName)));
      }
      case "application/vnd.iptc.g2.newsitem+xml", "application/vnd.iptc.g2.newsmessage+xml" -> {
        Document doc = SecureXml.parse(payload, charsetName);
        return "newsMessage".equals(Dom.localName(doc.getDocumentElement()))
            ? new Parsed(InputFormat.NEWSML_G2, null, items(doc.getDocumentElement()))
            : new Parsed(InputFormat.NEWSML_G2, g2.parse(doc));
      }
      case "application/nitf+xml", "application/vnd.iptc.nitf+xml" -> {
        return new Parsed(InputFormat.NITF, nitf.parse(payload, charsetName));
      }
      case "application/xml", "text/xml" -> {
        Document doc = SecureXml.parse(payload, charsetName);
        String root = Dom.localName(doc.getDocumentElement());
        return switch (root) {
          case "newsItem" -> new Parsed(InputFormat.NEWSML_G2, g2.parse(doc));
          case "nitf" -> new Parsed(InputFormat.NITF, nitf.parse(doc));
          case "newsMessage" ->
              new Parsed(InputFormat.NEWSML_G2, null, items(doc.getDocumentElement()));
          case "packageItem" ->
              throw InvalidSubmissionException.noText(
                  "packageItem",
                  "a package (a packageItem "
                      + "refers to other items; send its text items as newsItems)");
          default ->
              throw new InvalidSubmissionException(
                  InvalidSubmissionException.Kind.UNSUPPORTED_FORMAT,
                  "Content-Type",
                  1,
                  "an XML document with root element <"
                      + SubmissionParser.abbreviate(root)
                      + "> is not a format Newswire reads; send a NewsML-G2 newsItem or newsMessage, or an NITF document");
        };
      }
      default ->
          throw new InvalidSubmissionException(
              InvalidSubmissionException.Kind.UNSUPPORTED_FORMAT,
              "Content-Type",
              0,
              "Send application/json, text/plain, application/ninjs+json, "
                  + "application/vnd.iptc.g2.newsitem+xml, application/nitf+xml or application/xml; got '"
                  + SubmissionParser.abbreviate(ct)
                  + "'.");
    }
  }

  /**
   * Each item of a {@code newsMessage}'s {@code itemSet}, read on its own: a {@code newsItem} as a
   * story, a {@code packageItem} (or any other kind) refused as no text. At most {@value
   * #MAX_MESSAGE_ITEMS} items.
   */
  private List<Item> items(Element message) throws InvalidSubmissionException {
    List<Item> out = new ArrayList<>();
    List<Element> items = new ArrayList<>();
    for (Element set : Dom.children(message, "itemSet")) {
      for (Node n = set.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e) {
          if (items.size() == MAX_MESSAGE_ITEMS) {
            throw new InvalidSubmissionException(
                "itemSet",
                "a newsMessage may carry at most "
                    + MAX_MESSAGE_ITEMS
                    + " items; send more messages");
          }
          items.add(e);
        }
      }
    }
    if (items.isEmpty()) {
      throw new InvalidSubmissionException("itemSet", "the newsMessage carries no items");
    }
    for (Element e : items) {
      String guid = Dom.attr(e, "guid");
      int index = out.size() + 1;
      String kind = Dom.localName(e);
      try {
        if (!kind.equals("newsItem")) {
          throw InvalidSubmissionException.noText(
              kind,
              "a "
                  + kind
                  + (kind.equals("packageItem")
                      ? " (a package: it refers to other items, send them as newsItems)"
                      : ""));
        }
        StorySubmission s = g2.parse(e);
        out.add(
            new Item(
                index, guid, s, SecureXml.serialize(e).getBytes(StandardCharsets.UTF_8), null));
      } catch (InvalidSubmissionException refusal) {
        out.add(new Item(index, guid, null, null, refusal));
      }
    }
    return out;
  }

  private static Charset charset(String name) throws InvalidSubmissionException {
    return name == null ? StandardCharsets.UTF_8 : Charsets.supported(name, "Content-Type");
  }

  /** The charset parameter of a Content-Type, or null. */
  static String charsetParam(String contentType) {
    String[] parts = contentType.split(";");
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.regionMatches(true, 0, "charset=", 0, 8)) {
        return p.substring(8).replace("\"", "").trim();
      }
    }
    return null;
  }
}
