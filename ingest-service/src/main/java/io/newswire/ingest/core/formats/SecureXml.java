package io.newswire.ingest.core.formats;

import io.newswire.ingest.core.InvalidSubmissionException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.ls.DOMImplementationLS;
import org.w3c.dom.ls.LSSerializer;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The JDK's DOM parser, configured for documents from outside: secure processing on, no external
 * DTD, no external entities (general or parameter), no XInclude, no access to external DTDs or
 * schemas, and a tight entity-expansion limit. A DOCTYPE that only names a DTD (as NITF documents
 * often do) is allowed and never loaded; a DOCTYPE with an internal subset (entity declarations:
 * XXE, billion laughs) is refused.
 *
 * <p>Characters are decoded before parsing, strictly, in the charset the Content-Type declares,
 * else the one the XML prolog declares, else UTF-8 (a UTF-8 byte-order mark is allowed); only
 * UTF-8, ISO-8859-1 and windows-1252 are read.
 */
public final class SecureXml {
  /** The deepest element nesting accepted. */
  public static final int MAX_DEPTH = 100;

  private SecureXml() {}

  private static final DocumentBuilderFactory FACTORY = factory();
  private static final ThreadLocal<DocumentBuilder> BUILDER =
      ThreadLocal.withInitial(SecureXml::newBuilder);

  private static DocumentBuilderFactory factory() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setValidating(false);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setAttribute("http://www.oracle.com/xml/jaxp/properties/entityExpansionLimit", "20");
      f.setAttribute("http://www.oracle.com/xml/jaxp/properties/totalEntitySizeLimit", "100000");
      f.setAttribute(
          "http://www.oracle.com/xml/jaxp/properties/maxElementDepth", Integer.toString(MAX_DEPTH));
      return f;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser cannot be configured securely", e);
    }
  }

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilder b = FACTORY.newDocumentBuilder();
      b.setErrorHandler(
          new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) throws SAXException {
              throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
              throw e;
            }
          });
      b.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
      return b;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Decodes and parses; every failure is an {@link InvalidSubmissionException}. */
  public static Document parse(byte[] payload, String declaredCharset)
      throws InvalidSubmissionException {
    String text = decode(payload, declaredCharset);
    DocumentBuilder b = BUILDER.get();
    b.reset();
    Document doc;
    try {
      doc = b.parse(new InputSource(new StringReader(text)));
    } catch (SAXParseException e) {
      String msg = String.valueOf(e.getMessage());
      String limit = parserLimit(msg, e.getLineNumber());
      if (limit != null) {
        throw new InvalidSubmissionException(
            InvalidSubmissionException.Kind.INVALID, null, e.getLineNumber(), limit);
      }
      if (msg.contains("JAXP0001") || msg.contains("JAXP00010")) {
        throw new InvalidSubmissionException(
            InvalidSubmissionException.Kind.INVALID,
            "DOCTYPE",
            e.getLineNumber(),
            "XML entity expansion refused at line "
                + e.getLineNumber()
                + ": entity declarations are not accepted");
      }
      throw new InvalidSubmissionException(
          InvalidSubmissionException.Kind.INVALID,
          null,
          e.getLineNumber(),
          "malformed XML at line "
              + e.getLineNumber()
              + ", column "
              + e.getColumnNumber()
              + ": "
              + abbreviate(msg));
    } catch (SAXException | IOException | RuntimeException e) {
      throw new InvalidSubmissionException(
          null, "malformed XML: " + abbreviate(String.valueOf(e.getMessage())));
    } finally {
      b.reset();
    }
    if (doc.getDoctype() != null) {
      String subset = doc.getDoctype().getInternalSubset();
      if ((subset != null && !subset.isBlank()) || doc.getDoctype().getEntities().getLength() > 0) {
        throw new InvalidSubmissionException(
            InvalidSubmissionException.Kind.INVALID,
            "DOCTYPE",
            1,
            "a DOCTYPE with an internal subset (entity declarations) is refused: XML entities are not accepted");
      }
    }
    return doc;
  }

  /**
   * The reason for a refusal by one of the parser's structural limits (the JDK's JAXP00010002
   * attributes per element, JAXP00010006 element depth, JAXP00010007 name length), or null when the
   * error is not one of them.
   */
  static String parserLimit(String message, int line) {
    if (message.contains("JAXP00010006")) {
      return "XML nested more than "
          + MAX_DEPTH
          + " elements deep at line "
          + line
          + ": refused (no news document needs such nesting)";
    }
    if (message.contains("JAXP00010002")) {
      return "an XML element with more than 10,000 attributes at line " + line + ": refused";
    }
    if (message.contains("JAXP00010007")) {
      return "an XML name longer than the parser allows at line " + line + ": refused";
    }
    return null;
  }

  /**
   * The charset to read an XML payload in: Content-Type's, else the prolog's, else UTF-8; then
   * strict decoding.
   */
  public static String decode(byte[] payload, String declaredCharset)
      throws InvalidSubmissionException {
    int offset = 0;
    if (payload.length >= 2
        && ((payload[0] == (byte) 0xFE && payload[1] == (byte) 0xFF)
            || (payload[0] == (byte) 0xFF && payload[1] == (byte) 0xFE))) {
      throw new InvalidSubmissionException(
          InvalidSubmissionException.Kind.UNSUPPORTED_CHARSET,
          "encoding",
          1,
          "UTF-16 is not read; send UTF-8, ISO-8859-1 or windows-1252");
    }
    boolean bom =
        payload.length >= 3
            && payload[0] == (byte) 0xEF
            && payload[1] == (byte) 0xBB
            && payload[2] == (byte) 0xBF;
    if (bom) {
      offset = 3;
    }
    Charset charset;
    if (declaredCharset != null) {
      charset = Charsets.supported(declaredCharset, "Content-Type");
    } else {
      Optional<String> prolog = prologEncoding(payload, offset);
      charset =
          prolog.isPresent()
              ? Charsets.supported(prolog.get(), "encoding")
              : StandardCharsets.UTF_8;
    }
    if (bom && !charset.equals(StandardCharsets.UTF_8)) {
      throw new InvalidSubmissionException(
          InvalidSubmissionException.Kind.INVALID,
          "encoding",
          1,
          "the document starts with a UTF-8 byte-order mark but declares " + charset.name());
    }
    byte[] body =
        offset == 0 ? payload : java.util.Arrays.copyOfRange(payload, offset, payload.length);
    return Charsets.decodeStrictly(body, charset);
  }

  /**
   * The encoding pseudo-attribute of the XML declaration, if any (the declaration is ASCII by
   * definition).
   */
  static Optional<String> prologEncoding(byte[] payload, int offset) {
    int end = Math.min(payload.length, offset + 256);
    String head = new String(payload, offset, end - offset, StandardCharsets.ISO_8859_1);
    if (!head.startsWith("<?xml")) {
      return Optional.empty();
    }
    int close = head.indexOf("?>");
    String decl = close < 0 ? head : head.substring(0, close);
    int at = decl.indexOf("encoding");
    if (at < 0) {
      return Optional.empty();
    }
    int eq = decl.indexOf('=', at);
    if (eq < 0) {
      return Optional.empty();
    }
    int i = eq + 1;
    while (i < decl.length() && Character.isWhitespace(decl.charAt(i))) {
      i++;
    }
    if (i >= decl.length() || (decl.charAt(i) != '"' && decl.charAt(i) != '\'')) {
      return Optional.empty();
    }
    char quote = decl.charAt(i);
    int endQuote = decl.indexOf(quote, i + 1);
    return endQuote < 0 ? Optional.empty() : Optional.of(decl.substring(i + 1, endQuote).trim());
  }

  /** Serializes a node (e.g. inline XHTML) to markup, for {@link HtmlText}. */
  public static String serialize(Node node) {
    DOMImplementationLS ls =
        (DOMImplementationLS) node.getOwnerDocument().getImplementation().getFeature("LS", "3.0");
    LSSerializer s = ls.createLSSerializer();
    s.getDomConfig().setParameter("xml-declaration", false);
    return s.writeToString(node);
  }

  private static String abbreviate(String s) {
    String t = s.toLowerCase(Locale.ROOT).startsWith("jaxp") ? s : s;
    return t.length() <= 200 ? t : t.substring(0, 197) + "...";
  }
}
