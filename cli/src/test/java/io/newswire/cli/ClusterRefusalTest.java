package io.newswire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ClusterRefusalTest {

  @Command(name = "failing")
  static final class Failing implements Callable<Integer> {
    final Exception failure;

    Failing(Exception failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      throw failure;
    }
  }

  static String[] run(Exception failure) {
    StringWriter err = new StringWriter();
    CommandLine cl =
        new CommandLine(new Failing(failure))
            .setExecutionExceptionHandler(new ClusterRefusal())
            .setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    cl.setErr(new PrintWriter(err, true));
    return new String[] {String.valueOf(cl.execute()), err.toString()};
  }

  @Test
  void wrongCredentialsEndWithOneLineThatSaysSoAndExitCode1() {
    String[] r =
        run(
            new ExecutionException(
                new SaslAuthenticationException(
                    "Authentication failed during authentication due to invalid credentials with"
                        + " SASL mechanism SCRAM-SHA-512")));
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1].strip())
        .startsWith("newswire: authentication failed: Authentication failed")
        .contains("--command-config")
        .doesNotContain("\tat ")
        .doesNotContain("\n");
  }

  @Test
  void anAclRefusalSaysNotAuthorized() {
    String[] r =
        run(
            new IllegalStateException(
                "could not read",
                new TopicAuthorizationException("Not authorized to access topics: [news.raw.v1]")));
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1]).contains("newswire: not authorized:").contains("news.raw.v1");
    assertThat(r[1]).doesNotContain("\tat ");
  }

  @Test
  void anyOtherFailureKeepsPicocliDefaultHandling() {
    String[] r = run(new IllegalStateException("something else"));
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1]).contains("IllegalStateException: something else").contains("\tat ");
  }
}
