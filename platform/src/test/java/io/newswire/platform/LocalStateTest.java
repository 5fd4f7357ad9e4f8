package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateTest {
  @TempDir Path stateDir;

  Path storeFile(String app) throws Exception {
    Path f = stateDir.resolve(app).resolve("0_1").resolve("rocksdb").resolve("story-versions");
    Files.createDirectories(f.getParent());
    Files.writeString(f, "state");
    return f;
  }

  @Test
  void theStateOfARunThatWasKilledIsDiscardedBeforeStreamsOpensIt() throws Exception {
    Path store = storeFile("newswire-enrich");
    LocalState state = new LocalState(stateDir, "newswire-enrich");

    assertThat(state.prepare()).isTrue();

    assertThat(store).doesNotExist();
    assertThat(state.directory()).doesNotExist();
  }

  @Test
  void theStateOfACleanStopIsKept_andTheMarkerIsGoneOnceStarted() throws Exception {
    Path store = storeFile("newswire-enrich");
    LocalState state = new LocalState(stateDir, "newswire-enrich");
    state.markCleanStop();

    assertThat(state.prepare()).isFalse();
    assertThat(store).hasContent("state");
    assertThat(stateDir.resolve("newswire-enrich" + LocalState.CLEAN_STOP_SUFFIX))
        .as("a kill from now on leaves no marker")
        .doesNotExist();

    // killed this time: the next start discards it
    assertThat(new LocalState(stateDir, "newswire-enrich").prepare()).isTrue();
    assertThat(store).doesNotExist();
  }

  @Test
  void eachApplicationHasItsOwnMarker_andAFirstStartHasNothingToDiscard() throws Exception {
    Path enrich = storeFile("newswire-enrich");
    Path publish = storeFile("newswire-publish");
    new LocalState(stateDir, "newswire-enrich").markCleanStop();

    assertThat(new LocalState(stateDir, "newswire-enrich").prepare()).isFalse();
    assertThat(new LocalState(stateDir, "newswire-publish").prepare()).isTrue();
    assertThat(new LocalState(stateDir, "newswire-reprocess-g2").prepare()).isFalse();

    assertThat(enrich).exists();
    assertThat(publish).doesNotExist();
  }
}
