package io.newswire.platform;

/**
 * Thrown by HTTP handlers to answer with a problem+json; carries the problem, no stack trace
 * needed.
 */
public final class ProblemException extends RuntimeException {
  private final transient Problem problem;
  private final transient java.util.Map<String, String> headers;

  public ProblemException(Problem problem) {
    this(problem, java.util.Map.of());
  }

  public ProblemException(Problem problem, java.util.Map<String, String> headers) {
    super(problem.title() + ": " + problem.detail(), null, false, false);
    this.problem = problem;
    this.headers = java.util.Map.copyOf(headers);
  }

  public Problem problem() {
    return problem;
  }

  /** Extra response headers, e.g. Retry-After or WWW-Authenticate. */
  public java.util.Map<String, String> headers() {
    return headers;
  }
}
