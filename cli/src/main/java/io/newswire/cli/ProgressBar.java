package io.newswire.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar with rate and ETA on standard error, redrawn at most five times a second,
 * so that long operations say how far they are. {@code --no-progress} turns it off.
 */
public final class ProgressBar implements AutoCloseable {
  private final PrintWriter err;
  private final String label;
  private final long total;
  private final boolean enabled;
  private final long startNanos = System.nanoTime();
  private long done;
  private long lastDraw;

  public ProgressBar(PrintWriter err, String label, long total, boolean enabled) {
    this.err = err;
    this.label = label;
    this.total = Math.max(total, 0);
    this.enabled = enabled;
  }

  public void step(long n) {
    done += n;
    long now = System.nanoTime();
    if (enabled && now - lastDraw > 200_000_000L) {
      lastDraw = now;
      draw(now);
    }
  }

  public long done() {
    return done;
  }

  /** The bar for a given state: pure, for tests. */
  static String render(String label, long done, long total, double seconds) {
    double rate = seconds > 0 ? done / seconds : 0;
    int width = 30;
    int filled = total > 0 ? (int) Math.min(width, done * width / total) : 0;
    String eta =
        total > 0 && rate > 0 && done < total ? formatSeconds((total - done) / rate) : "--";
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %d/%d %.0f/s ETA %s",
        label,
        "#".repeat(filled),
        " ".repeat(width - filled),
        done,
        total,
        rate,
        done >= total && total > 0 ? "0s" : eta);
  }

  static String formatSeconds(double s) {
    long sec = Math.round(s);
    return sec >= 3600
        ? (sec / 3600) + "h" + (sec % 3600 / 60) + "m"
        : sec >= 60 ? (sec / 60) + "m" + (sec % 60) + "s" : sec + "s";
  }

  private void draw(long now) {
    err.print("\r" + render(label, done, total, (now - startNanos) / 1e9));
    err.flush();
  }

  @Override
  public void close() {
    if (enabled) {
      draw(System.nanoTime());
      err.println();
    }
  }
}
