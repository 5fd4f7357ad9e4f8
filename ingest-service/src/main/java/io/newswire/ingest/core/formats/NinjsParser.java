package io.newswire.ingest.core.formats;

import static io.newswire.ingest.core.formats.JsonDocuments.kind;
import static io.newswire.ingest.core.formats.JsonDocuments.optionalText;

import com.fasterxml.jackson.databind.JsonNode;
import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.w3c.dom.Document;

/**
 * IPTC ninjs 2.x and 3.x (and the 1.x body_text/body_html spellings agencies still send). 2.x
 * writes property names in lower case ({@code versioncreated}, {@code pubstatus}, {@code
 * contenttype}), 3.x in camel case ({@code versionCreated}, {@code pubStatus}, {@code
 * contentType}); both are read.
 *
 * <p>Mapping: {@code uri} → agency story id (see {@link Formats#storyIdFrom}; the uri is kept as an
 * alt id when the id differs), {@code version} (string or number; absent is 1, since ninjs requires
 * only {@code uri}; {@code 0}, AP's first version, is 1 too), {@code headlines} (role {@code main},
 * else the first) or {@code headline}, {@code bodies} by content type (below) or {@code
 * body_text}/{@code body_html}, {@code language} (with its region), {@code firstcreated}, {@code
 * versioncreated}, {@code by} or {@code byline}, {@code slugline}, {@code located} → dateline,
 * {@code subjects} → subjects ({@code uri}, else {@code code}, {@code literal} or {@code name}) and
 * agency subjects (scheme, code, name, uri, creator), {@code places} → places, {@code pubstatus}
 * ({@code usable}, {@code withheld}, {@code canceled}: a kill), {@code urgency} (1 to 9), {@code
 * embargoed} (ISO 8601: the embargo). An unreadable optional field is left out with a warning.
 *
 * <p>Bodies are chosen by content type: the {@code main} body if it is text, else the first {@code
 * text/plain} (or untyped) body, else the first HTML/XHTML body (made text), else the first NITF
 * body (only its {@code body.content}, by {@link NitfParser}'s rules, with its media captions). A
 * document whose bodies are all of other types, or a picture, video, audio, graphic or composite
 * item without a body, is refused as {@link InvalidSubmissionException.Kind#NO_TEXT}.
 */
public final class NinjsParser {
  private enum Kind {
    PLAIN,
    HTML,
    NITF,
    OTHER
  }

  private record Body(String text, List<StorySubmission.Caption> captions) {}

  /**
   * A ninjs subject or place: its name, code ({@code code}, else {@code literal}) and uri; all null
   * if not an object.
   */
  private record Concept(String name, String code, String uri) {
    static Concept of(JsonNode n) throws InvalidSubmissionException {
      if (!n.isObject()) {
        return new Concept(null, null, null);
      }
      return new Concept(
          optionalText(n, "name"),
          Formats.firstNonNull(optionalText(n, "code"), optionalText(n, "literal")),
          optionalText(n, "uri"));
    }

    boolean isEmpty() {
      return name == null && code == null && uri == null;
    }
  }

  public StorySubmission parse(byte[] payload, Charset charset) throws InvalidSubmissionException {
    JsonNode root =
        JsonDocuments.readObject(payload, charset, "a ninjs document must be a JSON object");
    String uri = optionalText(root, "uri");
    String id = Formats.storyIdFrom(uri, "uri");
    JsonNode v = root.get("version");
    String version;
    if (v == null || v.isNull()) {
      version = null;
    } else if (v.isTextual() || v.isIntegralNumber()) {
      version = v.asText().trim();
    } else {
      throw new InvalidSubmissionException(
          "version", "version must be a whole number (as text or number), got " + kind(v));
    }
    int ver = "0".equals(version) ? 1 : Formats.version(version, "version", 1);
    String headline = pick(root, "headlines", "headline");
    Body body = body(root);
    List<String> subjects = new ArrayList<>();
    List<StorySubmission.Subject> agencySubjects = new ArrayList<>();
    for (JsonNode s : array(root, "subjects", "subject")) {
      Concept c = Concept.of(s);
      String listed =
          Formats.firstNonNull(
              c.uri(), optionalText(s, "code"), c.name()); // as subjects always were
      if (listed != null) {
        subjects.add(listed);
      }
      if (c.isEmpty()) {
        continue;
      }
      String scheme = optionalText(s, "scheme");
      String code = c.code();
      if (scheme == null && code == null && c.uri() != null && c.uri().lastIndexOf('/') > 0) {
        scheme = c.uri().substring(0, c.uri().lastIndexOf('/') + 1);
        code = c.uri().substring(c.uri().lastIndexOf('/') + 1);
      }
      agencySubjects.add(
          new StorySubmission.Subject(scheme, code, c.name(), c.uri(), optionalText(s, "creator")));
    }
    List<StorySubmission.Place> places = new ArrayList<>();
    for (JsonNode p : array(root, "places", "place")) {
      Concept c = Concept.of(p);
      if (!c.isEmpty()) {
        places.add(new StorySubmission.Place(c.name(), c.code(), c.uri()));
      }
    }
    String byline = optionalText(root, "by");
    if (byline == null) {
      byline = optionalText(root, "byline");
    }
    List<StorySubmission.AltId> altIds =
        id.equals(uri.trim()) ? List.of() : List.of(new StorySubmission.AltId("uri", uri.trim()));
    return SubmissionParser.build(
        new SubmissionParser.Fields(
            id,
            ver,
            body.text(),
            headline,
            optionalText(root, "language"),
            Formats.isoDateTime(textEither(root, "firstcreated", "firstCreated")),
            Formats.isoDateTime(textEither(root, "versioncreated", "versionCreated")),
            Bylines.clean(byline),
            optionalText(root, "slugline"),
            null,
            textEither(root, "pubstatus", "pubStatus"),
            located(root),
            subjects,
            urgency(root),
            Formats.isoDateTime(textOrJson(root, "embargoed"))),
        "uri",
        new StorySubmission.Metadata(altIds, agencySubjects, places, body.captions(), List.of()),
        true);
  }

  /**
   * The elements of an array field (either spelling), empty when absent; anything but an array is
   * refused.
   */
  private static List<JsonNode> array(JsonNode root, String name, String otherName)
      throws InvalidSubmissionException {
    JsonNode a = either(root, name, otherName);
    if (a == null || a.isNull()) {
      return List.of();
    }
    if (!a.isArray()) {
      throw new InvalidSubmissionException(name, name + " must be an array, got " + kind(a));
    }
    List<JsonNode> out = new ArrayList<>();
    a.forEach(out::add);
    return out;
  }

  private static Kind kindOf(String contentType) {
    String ct = contentType == null ? null : contentType.toLowerCase(Locale.ROOT);
    if (ct == null || ct.startsWith("text/plain")) {
      return Kind.PLAIN;
    }
    if (ct.contains("nitf")) {
      return Kind.NITF;
    }
    return ct.contains("html") ? Kind.HTML : Kind.OTHER;
  }

  private static Body body(JsonNode root) throws InvalidSubmissionException {
    JsonNode bodies = root.get("bodies");
    if (bodies != null && !bodies.isNull()) {
      if (!bodies.isArray()) {
        throw new InvalidSubmissionException(
            "bodies", "bodies must be an array, got " + kind(bodies));
      }
      JsonNode chosen = null;
      Kind chosenKind = Kind.OTHER;
      List<String> types = new ArrayList<>();
      for (JsonNode b : bodies) {
        if (!b.isObject()) {
          throw new InvalidSubmissionException(
              "bodies", "each body must be an object, got " + kind(b));
        }
        String ct = textEither(b, "contenttype", "contentType");
        Kind k = kindOf(ct);
        types.add(String.valueOf(ct));
        boolean main = "main".equalsIgnoreCase(optionalText(b, "role"));
        if (k != Kind.OTHER && (main || chosen == null || k.ordinal() < chosenKind.ordinal())) {
          chosen = b;
          chosenKind = k;
          if (main) {
            break;
          }
        }
      }
      if (chosen != null) {
        String value = optionalText(chosen, "value");
        if (value == null) {
          throw new InvalidSubmissionException("bodies", "the body has no value");
        }
        return switch (chosenKind) {
          case HTML -> new Body(HtmlText.toText(value), List.of());
          case NITF -> nitf(value);
          default -> new Body(value, List.of());
        };
      }
      if (!types.isEmpty()) {
        throw InvalidSubmissionException.noText(
            "bodies",
            "the bodies are "
                + String.join(", ", types)
                + "; Newswire reads text/plain, HTML/XHTML and NITF bodies");
      }
    }
    String plain = optionalText(root, "body_text");
    if (plain != null) {
      return new Body(plain, List.of());
    }
    String html = optionalText(root, "body_html");
    if (html != null) {
      return new Body(HtmlText.toText(html), List.of());
    }
    String type = optionalText(root, "type");
    if (type != null && !type.equalsIgnoreCase("text")) {
      throw InvalidSubmissionException.noText("type", "a " + type + " item");
    }
    throw new InvalidSubmissionException(
        "bodies",
        "a ninjs story needs a body (bodies, or body_text/body_html)"
            + (root.has("descriptions") ? "; descriptions are not a body" : ""));
  }

  /** An NITF body: only its body.content is text, its media captions are captions. */
  private static Body nitf(String value) throws InvalidSubmissionException {
    Document doc;
    try {
      doc = SecureXml.parse(value.getBytes(StandardCharsets.UTF_8), "UTF-8");
    } catch (InvalidSubmissionException e) {
      throw new InvalidSubmissionException(
          "bodies", "the NITF body is not readable: " + e.getMessage());
    }
    NitfParser.Content c = NitfParser.content(doc.getDocumentElement());
    return new Body(c.body(), c.captions());
  }

  /**
   * The urgency as written (a number, or its text), for {@link SubmissionParser#build} to check;
   * any other JSON value is given as its JSON, so it is left out with a warning.
   */
  private static String urgency(JsonNode root) {
    JsonNode u = root.get("urgency");
    if (u == null || u.isNull()) {
      return null;
    }
    return u.isTextual() || u.isIntegralNumber() ? u.asText() : u.toString();
  }

  /**
   * A field that should be text, as written; any other JSON value is given as its JSON, so {@link
   * SubmissionParser#build} leaves it out with a warning naming the field.
   */
  private static String textOrJson(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    return n.isTextual() ? n.asText() : n.toString();
  }

  private static String located(JsonNode root) throws InvalidSubmissionException {
    JsonNode l = root.get("located");
    if (l == null || l.isNull()) {
      return null;
    }
    if (l.isTextual()) {
      return l.asText();
    }
    if (l.isObject()) {
      return optionalText(l, "name");
    }
    throw new InvalidSubmissionException(
        "located", "located must be a string or an object, got " + kind(l));
  }

  /** The main (or first) value of an array of {value, role} objects, or a plain string field. */
  private static String pick(JsonNode root, String arrayField, String plainField)
      throws InvalidSubmissionException {
    JsonNode arr = root.get(arrayField);
    if (arr != null && !arr.isNull()) {
      if (!arr.isArray()) {
        throw new InvalidSubmissionException(
            arrayField, arrayField + " must be an array, got " + kind(arr));
      }
      String first = null;
      for (JsonNode h : arr) {
        if (!h.isObject()) {
          throw new InvalidSubmissionException(
              arrayField, "each of " + arrayField + " must be an object, got " + kind(h));
        }
        String value = optionalText(h, "value");
        String ct = textEither(h, "contenttype", "contentType");
        if (value != null && ct != null && ct.toLowerCase(Locale.ROOT).contains("html")) {
          value = HtmlText.toText(value);
        }
        if ("main".equalsIgnoreCase(optionalText(h, "role")) && value != null) {
          return value;
        }
        if (first == null) {
          first = value;
        }
      }
      return first;
    }
    return optionalText(root, plainField);
  }

  private static JsonNode either(JsonNode n, String a, String b) {
    JsonNode x = n.get(a);
    return x != null ? x : n.get(b);
  }

  private static String textEither(JsonNode n, String lower, String camel)
      throws InvalidSubmissionException {
    String a = optionalText(n, lower);
    return a != null ? a : optionalText(n, camel);
  }
}
