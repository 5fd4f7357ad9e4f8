package io.newswire.platform;

import io.apicurio.registry.rest.client.exception.ContentNotFoundException;
import io.apicurio.registry.rest.client.exception.RestClientException;
import io.apicurio.rest.client.error.ApicurioRestClientException;
import java.util.Optional;

/**
 * Tells a schema registry failure from a bad record, for whoever catches what Apicurio's serdes
 * (2.6) throw: the Streams stages' dead-letter handler, and ingest on its write path.
 *
 * <p>What the serde throws, found by running it against a closed port, a stopped registry, servers
 * answering 5xx, 401, 429 and 404, and one that never answers ({@code RegistryFailuresTest}, {@code
 * RegistryFailuresIT}): the exception itself, unwrapped (Kafka Streams and the producer may wrap
 * it), always an {@link ApicurioRestClientException}:
 *
 * <ul>
 *   <li>no connection, connection reset, a request timeout ({@link RegistryRequestTimeout}), an
 *       interrupt: a {@link RestClientException} whose error has no HTTP status, named after the
 *       I/O exception (its cause is not kept): {@link Kind#UNAVAILABLE};
 *   <li>an HTTP 5xx, 408 or 429, or a 404 without Apicurio's error body (a proxy, a wrong URL): a
 *       {@link RestClientException} with that status, or {@code RateLimitedClientException}: {@link
 *       Kind#UNAVAILABLE};
 *   <li>401 or 403 ({@code NotAuthorizedException}, {@code ForbiddenException}): the registry
 *       refuses us, which no record can be blamed for: {@link Kind#UNAVAILABLE};
 *   <li>a 404 for a content id ({@link ContentNotFoundException}, "No content with id: N"): the
 *       registry answers but does not know the schema id a record was written with (a foreign
 *       record, or a registry that lost its storage): {@link Kind#UNKNOWN_SCHEMA};
 *   <li>anything else, including the registry's verdict on the content itself (e.g. a compatibility
 *       rule violation) and every failure that is not the registry client's (Avro decoding,
 *       processing): {@link Kind#NOT_A_REGISTRY_PROBLEM}.
 * </ul>
 *
 * Only the registry client's own exception types count: an {@code IOException} in a cause chain may
 * be a truncated record's, and must not make a poison record look like an outage.
 */
public final class RegistryFailures {
  private RegistryFailures() {}

  /** What a failure means for the record that met it. */
  public enum Kind {
    /** The registry cannot answer now: retry the record later, never dead-letter it for this. */
    UNAVAILABLE,
    /**
     * The registry answered that it does not know the schema id: an operator must look (see
     * docs/operations.md).
     */
    UNKNOWN_SCHEMA,
    /** Not the registry's doing: the record's own problem. */
    NOT_A_REGISTRY_PROBLEM
  }

  /** How many causes deep a failure is searched for the registry client's exception. */
  private static final int MAX_DEPTH = 32;

  public static Kind classify(Throwable failure) {
    return registryCause(failure).map(RegistryFailures::kindOf).orElse(Kind.NOT_A_REGISTRY_PROBLEM);
  }

  /** The registry client's exception in {@code failure}'s cause chain, if there is one. */
  public static Optional<ApicurioRestClientException> registryCause(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
      if (t instanceof ApicurioRestClientException e) {
        return Optional.of(e);
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return Optional.empty();
  }

  /**
   * A short account of the registry's part in {@code failure} for logs and readiness, e.g. "no
   * answer (ConnectException)", "HTTP 503", "ContentNotFoundException: No content with id/hash …";
   * the failure itself when the registry had no part in it.
   */
  public static String describe(Throwable failure) {
    Optional<ApicurioRestClientException> cause = registryCause(failure);
    if (cause.isEmpty()) {
      return failure.getClass().getSimpleName()
          + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
    ApicurioRestClientException e = cause.get();
    if (e instanceof RestClientException r
        && r.getError() != null
        && !(e instanceof ContentNotFoundException)) {
      Integer status = r.getError().getErrorCode();
      if (status == null) {
        return "no answer ("
            + (r.getError().getName() == null ? "I/O error" : r.getError().getName())
            + ")";
      }
      return "HTTP "
          + status
          + (r.getError().getName() == null ? "" : " " + r.getError().getName());
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static Kind kindOf(ApicurioRestClientException e) {
    if (e instanceof ContentNotFoundException) {
      return Kind.UNKNOWN_SCHEMA;
    }
    if (!(e instanceof RestClientException r)) {
      return Kind
          .UNAVAILABLE; // refused credentials, rate limiting, our request timeout: it cannot serve
      // us now
    }
    if (r.getClass() != RestClientException.class) {
      return Kind.NOT_A_REGISTRY_PROBLEM; // an answer Apicurio maps to its own type: the registry's
      // verdict on it
    }
    Integer status = r.getError() == null ? null : r.getError().getErrorCode();
    if (status == null || status >= 500 || status == 404 || status == 408 || status == 429) {
      return Kind.UNAVAILABLE;
    }
    return Kind.NOT_A_REGISTRY_PROBLEM;
  }
}
