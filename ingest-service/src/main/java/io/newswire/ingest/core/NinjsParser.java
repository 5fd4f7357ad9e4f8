package io.newswire.ingest.core;

import static io.newswire.ingest.core.JsonDocuments.kind;
import static io.newswire.ingest.core.JsonDocuments.optionalText;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * IPTC ninjs 2.x and 3.x (and the 1.x body_text/body_html spellings agencies still send). 2.x writes property
 * names in lower case ({@code versioncreated}, {@code pubstatus}, {@code contenttype}), 3.x in camel case
 * ({@code versionCreated}, {@code pubStatus}, {@code contentType}); both are read.
 *
 * <p>Mapping: {@code uri} → agency story id (see {@link Formats#storyIdFrom}), {@code version} (string or number,
 * required), {@code headlines} (role {@code main}, else the first) or {@code headline}, {@code bodies} (role
 * {@code main}, else the first; HTML content types become text) or {@code body_text}/{@code body_html},
 * {@code language}, {@code firstcreated}, {@code versioncreated}, {@code by} or {@code byline}, {@code slugline},
 * {@code located} → dateline, {@code subjects[].uri} (or {@code .name}) → subjects, {@code pubstatus}
 * ({@code usable}, {@code withheld}, {@code canceled}: a kill).
 */
public final class NinjsParser {
  public StorySubmission parse(byte[] payload, Charset charset) throws InvalidSubmissionException {
    JsonNode root = JsonDocuments.readObject(payload, charset, "a ninjs document must be a JSON object");
    String uri = optionalText(root, "uri");
    String id = Formats.storyIdFrom(uri, "uri");
    JsonNode v = root.get("version");
    String version;
    if (v == null || v.isNull()) {
      version = null;
    } else if (v.isTextual() || v.isIntegralNumber()) {
      version = v.asText();
    } else {
      throw new InvalidSubmissionException("version", "version must be a whole number (as text or number), got "
          + kind(v));
    }
    int ver = Formats.version(version, "version", null);
    String headline = pick(root, "headlines", "headline");
    String body = body(root);
    if (body == null) {
      throw new InvalidSubmissionException("bodies", "a ninjs story needs a body (bodies, or body_text/body_html)");
    }
    List<String> subjects = new ArrayList<>();
    JsonNode subj = either(root, "subjects", "subject");
    if (subj != null && !subj.isNull()) {
      if (!subj.isArray()) {
        throw new InvalidSubmissionException("subjects", "subjects must be an array, got " + kind(subj));
      }
      for (JsonNode s : subj) {
        if (s.isObject()) {
          String code = firstNonNull(optionalText(s, "uri"), optionalText(s, "code"), optionalText(s, "name"));
          if (code != null) {
            subjects.add(code);
          }
        }
      }
    }
    String byline = optionalText(root, "by");
    if (byline == null) {
      byline = optionalText(root, "byline");
    }
    return SubmissionParser.build(id, ver, body, headline, optionalText(root, "language"),
        Formats.isoDateTime(textEither(root, "firstcreated", "firstCreated")),
        Formats.isoDateTime(textEither(root, "versioncreated", "versionCreated")), byline, optionalText(root, "slugline"),
        null, textEither(root, "pubstatus", "pubStatus"), located(root), subjects, "uri");
  }

  private static String body(JsonNode root) throws InvalidSubmissionException {
    JsonNode bodies = root.get("bodies");
    if (bodies != null && !bodies.isNull()) {
      if (!bodies.isArray()) {
        throw new InvalidSubmissionException("bodies", "bodies must be an array, got " + kind(bodies));
      }
      JsonNode chosen = null;
      for (JsonNode b : bodies) {
        if (!b.isObject()) {
          throw new InvalidSubmissionException("bodies", "each body must be an object, got " + kind(b));
        }
        String role = optionalText(b, "role");
        if (chosen == null || "main".equalsIgnoreCase(role)) {
          chosen = b;
          if ("main".equalsIgnoreCase(role)) {
            break;
          }
        }
      }
      if (chosen != null) {
        String value = optionalText(chosen, "value");
        if (value == null) {
          throw new InvalidSubmissionException("bodies", "the body has no value");
        }
        String ct = textEither(chosen, "contenttype", "contentType");
        return ct != null && ct.toLowerCase(Locale.ROOT).contains("html") ? HtmlText.toText(value) : value;
      }
    }
    String plain = optionalText(root, "body_text");
    if (plain != null) {
      return plain;
    }
    String html = optionalText(root, "body_html");
    return html == null ? null : HtmlText.toText(html);
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
    throw new InvalidSubmissionException("located", "located must be a string or an object, got " + kind(l));
  }

  /** The main (or first) value of an array of {value, role} objects, or a plain string field. */
  private static String pick(JsonNode root, String arrayField, String plainField) throws InvalidSubmissionException {
    JsonNode arr = root.get(arrayField);
    if (arr != null && !arr.isNull()) {
      if (!arr.isArray()) {
        throw new InvalidSubmissionException(arrayField, arrayField + " must be an array, got " + kind(arr));
      }
      String first = null;
      for (JsonNode h : arr) {
        if (!h.isObject()) {
          throw new InvalidSubmissionException(arrayField, "each of " + arrayField + " must be an object, got "
              + kind(h));
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

  private static String textEither(JsonNode n, String lower, String camel) throws InvalidSubmissionException {
    String a = optionalText(n, lower);
    return a != null ? a : optionalText(n, camel);
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T t : values) {
      if (t != null) {
        return t;
      }
    }
    return null;
  }

}
