package io.newswire.platform;

import java.util.Map;

/**
 * A write to Kafka that did not happen: Kafka did not answer in time, or the schema registry failed
 * the record. Nothing was changed, and the client may retry: {@link #problem()} is the answer.
 */
public final class WriteUnavailable extends RuntimeException {
  private final boolean registry;

  public WriteUnavailable(Exception cause) {
    super(
        RegistryFailures.registryCause(cause).isPresent()
            ? "the schema registry failed (" + RegistryFailures.describe(cause) + ")"
            : "Kafka did not answer in time (" + cause.getClass().getSimpleName() + ")",
        cause);
    this.registry = RegistryFailures.registryCause(cause).isPresent();
  }

  /** Whether the schema registry failed; else Kafka did not answer in time. */
  public boolean registry() {
    return registry;
  }

  /** A 503 problem ({@code registry-unavailable} or {@code kafka-unavailable}), retry in 5 s. */
  public ProblemException problem() {
    Problem p =
        registry
            ? Problem.of(
                "registry-unavailable",
                "Service unavailable",
                503,
                "The schema registry failed ("
                    + RegistryFailures.describe(getCause())
                    + "); nothing was changed.")
            : Problem.of(
                "kafka-unavailable",
                "Service unavailable",
                503,
                "Kafka did not answer in time ("
                    + getCause().getClass().getSimpleName()
                    + "); nothing was changed.");
    return new ProblemException(p, Map.of("Retry-After", "5"));
  }
}
