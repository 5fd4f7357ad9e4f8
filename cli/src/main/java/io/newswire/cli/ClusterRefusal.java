package io.newswire.cli;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * A command the cluster refused (wrong credentials, or an ACL that does not allow it) ends with one
 * clear line on standard error and exit code 1, not a stack trace; any other failure is left to
 * picocli's default handling.
 */
final class ClusterRefusal implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed)
      throws Exception {
    String message = message(e);
    if (message == null) {
      throw e;
    }
    cl.getErr().println(cl.getColorScheme().errorText(message));
    cl.getErr().flush();
    return 1;
  }

  /**
   * The line to print when {@code e} (or one of its causes) is Kafka's authentication or
   * authorization error; null otherwise.
   */
  static String message(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AuthenticationException) {
        return "newswire: authentication failed: "
            + t.getMessage()
            + ". Check the user and password in --command-config (sasl.jaas.config) or"
            + " KAFKA_CLIENT_SASL_JAAS_CONFIG.";
      }
      if (t instanceof AuthorizationException) {
        return "newswire: not authorized: "
            + t.getMessage()
            + ". The principal's ACLs do not allow this command (docs/kafka-security.md).";
      }
    }
    return null;
  }
}
