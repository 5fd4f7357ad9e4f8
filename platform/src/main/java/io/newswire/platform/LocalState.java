package io.newswire.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local state directory of one Kafka Streams application ({@code state.dir/application.id}),
 * discarded before Streams opens it when the application's last run did not stop cleanly.
 *
 * <p>Why: under exactly_once_v2 a store written after the last commit cannot be trusted, and
 * Streams knows it — a task whose store has no checkpoint is declared corrupted, wiped and restored
 * from its changelog. But when it finds that out while a rebalance is in progress (the usual case
 * right after a restart) Kafka Streams 4.4 closes the corrupted task dirty without first committing
 * the thread's other tasks ({@code TaskManager.handleCorruption} skips the commit during a
 * rebalance), and a dirty close aborts the thread's one transaction: the other tasks' uncommitted
 * output is thrown away while they keep their input positions, so their next commit skips the
 * records — stories lost. The chaos harness found it (a kill -9 of an enrich instance, then broker
 * loss). Discarding the state of a killed run before Streams starts means no task is ever found
 * corrupted at start; Streams would have wiped the same stores anyway, so nothing is lost but the
 * restore.
 *
 * <p>A clean stop ({@link StreamsApp#close()} with Streams closed in time) leaves a marker beside
 * the directory ({@code <application.id>.clean-stop}); starting removes it, so a run that is killed
 * leaves none.
 */
final class LocalState {
  private static final Logger log = LoggerFactory.getLogger(LocalState.class);

  static final String CLEAN_STOP_SUFFIX = ".clean-stop";

  /** A state directory of more files than this is refused rather than walked without end. */
  static final int MAX_FILES = 1_000_000;

  private final Path directory;
  private final Path cleanStop;

  LocalState(Path stateDir, String applicationId) {
    this.directory = stateDir.resolve(applicationId);
    this.cleanStop = stateDir.resolve(applicationId + CLEAN_STOP_SUFFIX);
  }

  /** The application's state directory. */
  Path directory() {
    return directory;
  }

  /**
   * Before Streams opens the directory: discards it when it exists and the last run left no
   * clean-stop marker, then removes the marker.
   *
   * @return whether the directory was discarded
   */
  boolean prepare() {
    boolean discard = Files.isDirectory(directory) && !Files.exists(cleanStop);
    if (discard) {
      int files = delete(directory);
      log.warn(
          "{}: the last run did not stop cleanly (killed?): its local state ({} files in {}) is"
              + " discarded and restored from the changelogs, as exactly-once requires",
          directory.getFileName(),
          files,
          directory);
    }
    try {
      Files.deleteIfExists(cleanStop);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + cleanStop, e);
    }
    return discard;
  }

  /** After Streams closed cleanly: the next start may keep the directory. */
  void markCleanStop() {
    try {
      Files.createDirectories(cleanStop.getParent());
      Files.writeString(cleanStop, "stopped cleanly\n");
    } catch (IOException e) {
      // Only costs a restore at the next start.
      log.warn("could not write {}: {}", cleanStop, e.toString());
    }
  }

  private static int delete(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      var paths = walk.limit(MAX_FILES + 1L).sorted(Comparator.reverseOrder()).toList();
      if (paths.size() > MAX_FILES) {
        throw new IllegalStateException(
            root + " holds more than " + MAX_FILES + " files: remove it by hand");
      }
      for (Path p : paths) {
        try {
          Files.delete(p);
        } catch (NoSuchFileException gone) {
          // already gone
        }
      }
      return paths.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot discard " + root, e);
    }
  }
}
