package io.newswire.platform.core.deadletters;

/**
 * Where a dead letter sits on the dead-letter topic, {@code partition:offset}: how the CLI ({@code
 * newswire dlq}) and the console name one letter. A bare offset means partition 0 (the catalogue's
 * DLQ has one partition).
 */
public record LetterId(int partition, long offset) {
  /** Longest id accepted: two numbers and a colon. */
  private static final int MAX_LENGTH = 32;

  public LetterId {
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException("a dead letter id is partition:offset, both 0 or more");
    }
  }

  /**
   * Reads {@code partition:offset} or a bare {@code offset}; anything else (too long, not digits,
   * out of range) is an IllegalArgumentException saying what an id looks like.
   */
  public static LetterId parse(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      throw invalid(id);
    }
    int colon = id.indexOf(':');
    try {
      if (colon < 0) {
        return new LetterId(0, digits(id));
      }
      long p = digits(id.substring(0, colon));
      if (p > Integer.MAX_VALUE) {
        throw invalid(id);
      }
      return new LetterId((int) p, digits(id.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw invalid(id);
    }
  }

  private static long digits(String s) {
    if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new NumberFormatException(s);
    }
    return Long.parseLong(s);
  }

  private static IllegalArgumentException invalid(String id) {
    return new IllegalArgumentException(
        "a dead letter id is partition:offset, e.g. 0:12"
            + (id == null || id.length() > MAX_LENGTH ? "" : ", not '" + id + "'"));
  }

  /** {@code "0:12"}. */
  @Override
  public String toString() {
    return partition + ":" + offset;
  }
}
