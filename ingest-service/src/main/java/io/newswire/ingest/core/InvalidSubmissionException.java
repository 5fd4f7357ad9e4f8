package io.newswire.ingest.core;

/** A submission that cannot be accepted as it is; {@code field} names the input at fault when there is one. */
public final class InvalidSubmissionException extends Exception {
  private final String field;

  public InvalidSubmissionException(String field, String detail) {
    super(detail, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
