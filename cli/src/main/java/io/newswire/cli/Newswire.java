package io.newswire.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code newswire}: the operators' tool. Every command has --help; every command that changes
 * something has --dry-run.
 */
@Command(
    name = "newswire",
    mixinStandardHelpOptions = true,
    version = "newswire 0.1.0",
    description = {
      "Operate a Newswire pipeline: topics, replay, dead letters, consumer groups, tail, source health.",
      "Works against the local stack (./newswire-local) by default and against any cluster with",
      "--bootstrap-servers, --registry-url and --command-config (SASL/TLS), or the environment variables",
      "KAFKA_BOOTSTRAP_SERVERS, REGISTRY_URL and KAFKA_CLIENT_*. The story size limit the services use",
      "(NEWSWIRE_MAX_STORY_BYTES, or --max-story-bytes) sets the producers' and topics' record limits."
    },
    subcommands = {
      TopicsCommand.class,
      ReplayCommand.class,
      ReprocessCommand.class,
      DlqCommand.class,
      ConsumersCommand.class,
      TailCommand.class,
      SourcesCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Newswire {

  public static CommandLine commandLine() {
    return new CommandLine(new Newswire())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(new ClusterRefusal());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
