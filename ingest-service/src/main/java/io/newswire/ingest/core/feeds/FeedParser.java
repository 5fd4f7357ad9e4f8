package io.newswire.ingest.core.feeds;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.WireFeedInput;
import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.formats.Formats;
import io.newswire.ingest.core.formats.HtmlText;
import io.newswire.ingest.core.formats.InputFormat;
import io.newswire.ingest.core.formats.SecureXml;
import io.newswire.ingest.core.formats.SubmissionParser;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.JDOMException;
import org.jdom2.Namespace;
import org.jdom2.input.JDOMParseException;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;

/**
 * An RSS or Atom feed document to story submissions. Plain Java (ROME on a JDOM document), no
 * Kafka, no HTTP.
 *
 * <p>Safety: the document is decoded strictly like every XML payload ({@link SecureXml#decode}: the
 * declared charset, else the prolog's, else UTF-8; only UTF-8, ISO-8859-1 and windows-1252), then
 * parsed by ROME's SAX builder with {@code setAllowDoctypes(false)}: any DOCTYPE is refused (so no
 * external entity, no entity expansion), external entities and external DTDs are off.
 *
 * <p>Each item becomes a {@link StorySubmission} at version 1 (the poller decides the actual
 * version, see {@link SeenItems}): id from {@code guid} (RSS) or {@code id} (Atom) made into a
 * Newswire story id, else {@code item-} + 40 hex of SHA-256(link, title, published); headline =
 * title; body = content, else description / summary, else the title, as text ({@link HtmlText}
 * unless the content is declared plain text); language = the item's {@code xml:lang}, else the
 * feed's; firstCreated = published (else updated), versionCreated = updated, both ISO 8601 in UTC;
 * byline = author. The payload kept is the item's own element ({@code <item>} or {@code <entry>}),
 * serialized as UTF-8 XML.
 *
 * <p>The only exception is {@link InvalidSubmissionException} for a document that is not a readable
 * feed; an item that cannot become a story is reported in {@link Feed#skipped()} and the others are
 * kept.
 */
public final class FeedParser {
  /**
   * A parsed feed: its format (RSS or ATOM), the items that are stories, and the items that are
   * not.
   */
  public record Feed(InputFormat format, List<Item> items, List<Skipped> skipped) {}

  /** One item: its submission (version 1), and its own XML as the payload to keep. */
  public record Item(StorySubmission submission, String contentType, byte[] payload) {}

  /** An item that could not become a story (0-based position in the feed), and why. */
  public record Skipped(int index, String field, String reason) {}

  private static final Namespace ATOM = Namespace.getNamespace("http://www.w3.org/2005/Atom");
  private static final Namespace ATOM03 = Namespace.getNamespace("http://purl.org/atom/ns#");
  private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

  /**
   * ROME's input with its secure SAX builder exposed, so the JDOM document stays at hand for the
   * items' XML.
   */
  private static final class SecureInput extends WireFeedInput {
    SecureInput() {
      super(false, Locale.US);
      setAllowDoctypes(false);
      setXmlHealerOn(false);
    }

    Document document(String xml) throws JDOMException, IOException {
      return createSAXBuilder().build(new StringReader(xml));
    }
  }

  /**
   * Parses a feed document.
   *
   * @param declaredCharset the charset of the HTTP Content-Type, or null (then the XML prolog's,
   *     else UTF-8)
   */
  public Feed parse(byte[] document, String declaredCharset) throws InvalidSubmissionException {
    String xml = SecureXml.decode(document == null ? new byte[0] : document, declaredCharset);
    Document doc;
    SyndFeed feed;
    try {
      SecureInput input = new SecureInput();
      doc = input.document(xml);
      SyndFeedInput synd = new SyndFeedInput(false, Locale.US);
      synd.setAllowDoctypes(false);
      synd.setXmlHealerOn(false);
      feed = synd.build(doc.clone());
    } catch (JDOMParseException e) {
      String msg = String.valueOf(e.getMessage());
      boolean doctype = msg.contains("DOCTYPE");
      throw new InvalidSubmissionException(
          InvalidSubmissionException.Kind.INVALID,
          doctype ? "DOCTYPE" : null,
          Math.max(0, e.getLineNumber()),
          doctype
              ? "a DOCTYPE is refused in feeds: XML entities are not accepted"
              : "malformed XML at line "
                  + e.getLineNumber()
                  + ", column "
                  + e.getColumnNumber()
                  + ": "
                  + abbreviate(msg));
    } catch (JDOMException | IOException | FeedException | RuntimeException e) {
      // IllegalArgumentException: not a feed type ROME knows; anything else ROME throws on odd
      // input
      throw new InvalidSubmissionException(
          InvalidSubmissionException.Kind.INVALID,
          null,
          0,
          "not a readable RSS or Atom feed: " + abbreviate(String.valueOf(e.getMessage())));
    }
    String type = String.valueOf(feed.getFeedType());
    InputFormat format = type.startsWith("atom") ? InputFormat.ATOM : InputFormat.RSS;
    String contentType =
        (format == InputFormat.ATOM ? "application/atom+xml" : "application/rss+xml")
            + "; charset=utf-8";
    List<Element> elements = itemElements(doc.getRootElement());
    List<SyndEntry> entries = feed.getEntries();
    List<Item> items = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      // the item's own XML; should ROME ever count items differently, the whole document is kept
      // instead
      Element element = elements.size() == entries.size() ? elements.get(i) : null;
      try {
        StorySubmission s = submission(entries.get(i), element, format, feed.getLanguage());
        byte[] payload = element != null ? itemXml(element) : xml.getBytes(StandardCharsets.UTF_8);
        items.add(new Item(s, contentType, payload));
      } catch (InvalidSubmissionException e) {
        skipped.add(new Skipped(i, e.field(), e.getMessage()));
      } catch (RuntimeException e) {
        skipped.add(
            new Skipped(i, null, "unreadable item: " + abbreviate(String.valueOf(e.getMessage()))));
      }
    }
    return new Feed(format, List.copyOf(items), List.copyOf(skipped));
  }

  private static StorySubmission submission(
      SyndEntry e, Element element, InputFormat format, String feedLanguage)
      throws InvalidSubmissionException {
    String headline = text(e.getTitleEx(), e.getTitle());
    String body = null;
    for (SyndContent c : e.getContents()) {
      String t = text(c, null);
      if (t != null && !t.isBlank()) {
        body = body == null ? t : body + "\n" + t;
      }
    }
    if (body == null) {
      body = text(e.getDescription(), null);
    }
    if (body == null || body.isBlank()) {
      body = headline == null ? "" : headline;
    }
    String published = iso(e.getPublishedDate());
    String updated = iso(e.getUpdatedDate());
    String id = storyId(element, format, e.getLink(), headline, published);
    String language = language(element, feedLanguage);
    String byline = firstNonBlank(e.getAuthor(), null);
    return SubmissionParser.build(
        new SubmissionParser.Fields(
            id,
            1,
            body,
            headline,
            language,
            published != null ? published : updated,
            updated,
            byline,
            null,
            null,
            null,
            null,
            List.of(),
            null,
            null),
        format == InputFormat.ATOM ? "id" : "guid",
        StorySubmission.Metadata.NONE,
        false);
  }

  /**
   * The agency story id of an item: its guid (RSS) or id (Atom) made into a story id like every
   * format's URI ids; a guid that cannot be one becomes {@code guid-} + 40 hex of its SHA-256;
   * without a guid, {@code item-} + 40 hex of SHA-256(link NUL title NUL published).
   */
  static String storyId(
      Element element, InputFormat format, String link, String title, String published)
      throws InvalidSubmissionException {
    String guid = null;
    if (element != null) {
      guid =
          format == InputFormat.ATOM
              ? firstNonBlank(
                  element.getChildTextTrim("id", ATOM), element.getChildTextTrim("id", ATOM03))
              : firstNonBlank(element.getChildTextTrim("guid"), null);
    }
    if (guid != null) {
      try {
        return Formats.storyIdFrom(guid, format == InputFormat.ATOM ? "id" : "guid");
      } catch (InvalidSubmissionException notAnId) {
        return Formats.hashedId("guid-", guid);
      }
    }
    return deterministicId(link, title, published);
  }

  /**
   * {@code item-} + 40 hex of SHA-256(link NUL title NUL published): the same item always gets the
   * same id.
   */
  public static String deterministicId(String link, String title, String published)
      throws InvalidSubmissionException {
    if (isBlank(link) && isBlank(title) && isBlank(published)) {
      throw new InvalidSubmissionException(
          "guid", "an item without a guid needs a link, a title or a date to be " + "identified");
    }
    return Formats.hashedId(
        "item-", String.join("\u0000", trim(link), trim(title), trim(published)));
  }

  /** The item elements in document order: RSS channel items (or RSS 1.0 items) or Atom entries. */
  private static List<Element> itemElements(Element root) {
    List<Element> out = new ArrayList<>();
    switch (root.getName()) {
      case "rss" -> {
        Element channel = root.getChild("channel", root.getNamespace());
        if (channel != null) {
          out.addAll(channel.getChildren("item", root.getNamespace()));
        }
      }
      case "feed" -> out.addAll(root.getChildren("entry", root.getNamespace()));
      default ->
          root.getChildren().stream().filter(c -> c.getName().equals("item")).forEach(out::add);
    }
    return out;
  }

  private static byte[] itemXml(Element element) {
    return new XMLOutputter(Format.getRawFormat().setEncoding("UTF-8").setOmitDeclaration(true))
        .outputString(element)
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * An item's xml:lang (or an ancestor's), else the feed's language; dropped when it is not a BCP
   * 47 tag.
   */
  private static String language(Element element, String feedLanguage) {
    String lang = null;
    for (Element e = element; e != null && lang == null; e = e.getParentElement()) {
      lang = firstNonBlank(e.getAttributeValue("lang", Namespace.XML_NAMESPACE), null);
    }
    lang = lang != null ? lang : firstNonBlank(feedLanguage, null);
    return lang != null && LANGUAGE_TAG.matcher(lang).matches() ? lang : null;
  }

  /**
   * A content as text: markup through {@link HtmlText} unless the content says it is plain text.
   */
  private static String text(SyndContent content, String fallback) {
    String value = content != null ? content.getValue() : fallback;
    if (value == null || value.isBlank()) {
      return null;
    }
    String type =
        content == null || content.getType() == null
            ? ""
            : content.getType().toLowerCase(Locale.ROOT);
    if (type.equals("text") || type.equals("text/plain")) {
      List<String> lines = new ArrayList<>();
      for (String line : value.split("\\R")) {
        String l = line.strip().replaceAll("[\\s\\u00a0]+", " ");
        if (!l.isEmpty()) {
          lines.add(l);
        }
      }
      return String.join("\n", lines);
    }
    return HtmlText.toText(value);
  }

  private static String iso(Date d) {
    return d == null ? null : d.toInstant().toString();
  }

  private static String firstNonBlank(String a, String b) {
    return !isBlank(a) ? a.trim() : !isBlank(b) ? b.trim() : null;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static String trim(String s) {
    return s == null ? "" : s.trim();
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }
}
