package io.newswire.ingest.core;

/**
 * A submission that cannot be accepted as it is: the one documented refusal of every parser. {@code
 * field} names the input at fault when there is one (a JSON field, an XML element or attribute, a
 * header); {@code line} the line of an XML or JSON document at fault when known (else 0); {@code
 * kind} tells a bad document from one the service does not read at all (an unknown format or
 * charset).
 */
public final class InvalidSubmissionException extends Exception {
  /** What kind of refusal: the HTTP layer maps it onto a status. */
  public enum Kind {
    /** The document is malformed, incomplete, mistyped or unsafe (400). */
    INVALID,
    /** The media type or document format is not one Newswire reads (415). */
    UNSUPPORTED_FORMAT,
    /** The character set is not UTF-8, ISO-8859-1 or windows-1252 (415). */
    UNSUPPORTED_CHARSET,
    /**
     * A readable document that carries no text Newswire can publish: a picture, a video, a package,
     * events, or structured data (SportsML, financial data) without a text rendition (422).
     */
    NO_TEXT
  }

  /** A refusal of a document without text; {@code what} completes "no text content: …". */
  public static InvalidSubmissionException noText(String field, String what) {
    return new InvalidSubmissionException(Kind.NO_TEXT, field, 0, "no text content: " + what);
  }

  private final String field;
  private final int line;
  private final Kind kind;

  public InvalidSubmissionException(String field, String detail) {
    this(Kind.INVALID, field, 0, detail);
  }

  public InvalidSubmissionException(Kind kind, String field, int line, String detail) {
    super(detail, null, false, false);
    this.kind = kind;
    this.field = field;
    this.line = line;
  }

  public String field() {
    return field;
  }

  /** 1-based line of the document at fault, 0 when unknown or not applicable. */
  public int line() {
    return line;
  }

  public Kind kind() {
    return kind;
  }
}
