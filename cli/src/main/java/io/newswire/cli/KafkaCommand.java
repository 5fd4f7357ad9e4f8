package io.newswire.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the cluster: the connection options ({@link Connection}) and its output
 * streams.
 */
abstract class KafkaCommand implements Callable<Integer> {
  @Mixin Connection connection;
  @Spec CommandSpec spec;

  /** Where the command's results go (standard output, or what a test gave). */
  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Where its warnings and errors go. */
  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
