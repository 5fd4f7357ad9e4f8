package io.newswire.cli;

import picocli.CommandLine.Option;

/**
 * The layout of the topics a command creates: partitions of each story topic and the replication
 * factor (the topics' {@code min.insync.replicas} follows it). A picocli mixin, so every command
 * that creates topics asks the same way.
 */
public final class TopicLayout {
  @Option(
      names = "--partitions",
      defaultValue = "${env:NEWSWIRE_PARTITIONS:-6}",
      description =
          "Partitions of each story topic it creates (default ${DEFAULT-VALUE}; a new generation should "
              + "have news.raw.v1's) [NEWSWIRE_PARTITIONS]")
  int partitions;

  @Option(
      names = "--replication-factor",
      defaultValue = "${env:NEWSWIRE_REPLICATION_FACTOR:-1}",
      description =
          "Replication factor of the topics it creates and verifies; their min.insync.replicas follows it "
              + "(default ${DEFAULT-VALUE}; a new generation should have news.raw.v1's) [NEWSWIRE_REPLICATION_FACTOR]")
  short replicationFactor;
}
