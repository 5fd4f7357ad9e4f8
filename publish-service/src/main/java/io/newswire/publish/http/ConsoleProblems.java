package io.newswire.publish.http;

import io.newswire.platform.Problem;
import io.newswire.platform.ProblemException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The console's reads of Kafka, as HTTP answers: a refusal by the cluster's ACLs is a 503 naming
 * the setting that fixes it (no Retry-After: retrying cannot help), a cluster that does not answer
 * a 503 with Retry-After.
 */
final class ConsoleProblems {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ConsoleProblems.class);

  private ConsoleProblems() {}

  static <T> T kafka(String what, Callable<T> read) {
    try {
      return read.call();
    } catch (ProblemException e) {
      throw e;
    } catch (ExecutionException e) {
      throw translate(what, e.getCause() == null ? e : e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw translate(what, e);
    } catch (Exception e) {
      throw translate(what, e);
    }
  }

  static ProblemException translate(String what, Throwable e) {
    if (e instanceof AuthorizationException) {
      return new ProblemException(
          Problem.of(
              "console-not-permitted",
              "Service unavailable",
              503,
              "The cluster refused publish-service "
                  + what
                  + " ("
                  + e.getMessage()
                  + "). On a secured cluster the console's operator pages need the operator"
                  + " principal: set PUBLISH_CONSOLE_KAFKA_CLIENT_* (docs/console.md)."));
    }
    if (e instanceof TimeoutException
        || e instanceof java.util.concurrent.TimeoutException
        || e instanceof KafkaException
        || e instanceof InterruptedException) {
      log.warn("console: Kafka failed while {}: {}", what, e.toString());
      return new ProblemException(
          Problem.of(
              "kafka-unavailable",
              "Service unavailable",
              503,
              "Kafka did not answer while " + what + "; retry shortly."),
          Map.of("Retry-After", "5"));
    }
    if (e instanceof RuntimeException r) {
      throw r;
    }
    throw new IllegalStateException(e);
  }
}
