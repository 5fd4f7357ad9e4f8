package io.newswire.platform;

import io.newswire.platform.core.access.KeyRing;
import io.newswire.platform.core.access.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys in force: those given in the environment plus those of a key file, re-read when the file
 * changes ({@link #refresh()} is called every second by a supervised loop). A rotation: add the new
 * key's hash to the file, let its holder switch, remove the old one; both are valid in between. A
 * file that cannot be read or parsed leaves the keys as they were (and is logged), so a typo never
 * locks everyone out. Agencies' keys (ingest) and subscribers' keys (publish) work the same way.
 */
public final class KeyRingFile {
  private static final Logger log = LoggerFactory.getLogger(KeyRingFile.class);

  private final KeyRing fixed;
  private final Path file;
  private final KeyRing.Kind kind;
  private final AtomicReference<KeyRing> current;
  private volatile String lastSeen = "";

  public KeyRingFile(KeyRing fixed, Path file, KeyRing.Kind kind) {
    this.fixed = fixed;
    this.file = file;
    this.kind = kind;
    this.current = new AtomicReference<>(fixed);
    refresh();
  }

  public Optional<Principal> find(String key) {
    return current.get().find(key);
  }

  public int size() {
    return current.get().size();
  }

  /** Re-reads the key file if its content changed. */
  public void refresh() {
    if (file == null) {
      return;
    }
    try {
      String text = Files.readString(file);
      String seen = Files.getLastModifiedTime(file).toMillis() + ":" + text.hashCode();
      if (seen.equals(lastSeen)) {
        return;
      }
      current.set(fixed.plus(KeyRing.parse(text, kind)));
      lastSeen = seen;
      log.info("{} keys loaded from {}: {} key(s) in force", kind.what(), file, size());
    } catch (IOException | IllegalArgumentException e) {
      log.error(
          "{} key file {} not (re)loaded, the previous keys stay in force: {}",
          kind.what(),
          file,
          e.getMessage());
    }
  }
}
