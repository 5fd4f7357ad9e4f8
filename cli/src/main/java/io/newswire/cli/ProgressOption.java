package io.newswire.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * Whether a long-running command shows its {@link ProgressBar} ({@code --no-progress} turns it
 * off), and the bar it then draws. A picocli mixin, so every command with a progress bar asks the
 * same way.
 */
public final class ProgressOption {
  @Option(
      names = "--no-progress",
      negatable = true,
      defaultValue = "true",
      description = "Show a progress bar.")
  boolean enabled;

  /** A bar on {@code err} for {@code total} steps, drawn unless {@code --no-progress}. */
  ProgressBar bar(PrintWriter err, String label, long total) {
    return new ProgressBar(err, label, total, enabled);
  }
}
