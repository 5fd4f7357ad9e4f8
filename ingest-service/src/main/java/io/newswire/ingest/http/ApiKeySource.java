package io.newswire.ingest.http;

import io.newswire.ingest.core.keys.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys in force: those of {@code INGEST_API_KEYS} plus those of {@code
 * INGEST_API_KEYS_FILE}, re-read when the file changes ({@link #refresh()} is called every second).
 * A rotation: add the new key's hash to the file, let the agency switch, remove the old one; both
 * are valid in between. A file that cannot be read or parsed leaves the keys as they were (and is
 * logged), so a typo never locks every agency out.
 */
public final class ApiKeySource {
  private static final Logger log = LoggerFactory.getLogger(ApiKeySource.class);

  private final ApiKeys fixed;
  private final Path file;
  private final AtomicReference<ApiKeys> current;
  private volatile String lastSeen = "";

  public ApiKeySource(ApiKeys fixed, Path file) {
    this.fixed = fixed;
    this.file = file;
    this.current = new AtomicReference<>(fixed);
    refresh();
  }

  Optional<String> agencyOf(String key) {
    return current.get().agencyOf(key);
  }

  public int size() {
    return current.get().size();
  }

  /** Re-reads the key file if its size or modification time changed. */
  public void refresh() {
    if (file == null) {
      return;
    }
    try {
      FileTime mtime = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      String seen = mtime.toMillis() + ":" + size + ":" + Files.readString(file).hashCode();
      if (seen.equals(lastSeen)) {
        return;
      }
      ApiKeys fromFile = ApiKeys.parse(Files.readString(file));
      current.set(fixed.plus(fromFile));
      lastSeen = seen;
      log.info("API keys loaded from {}: {} key(s) in force", file, current.get().size());
    } catch (IOException | IllegalArgumentException e) {
      log.error(
          "API key file {} not (re)loaded, the previous keys stay in force: {}",
          file,
          e.getMessage());
    }
  }
}
