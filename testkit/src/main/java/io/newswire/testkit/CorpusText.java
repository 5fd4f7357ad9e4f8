package io.newswire.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Realistic story text of an exact size, for tests at the story size limit: the labelled corpus,
 * over and over.
 */
public final class CorpusText {
  private CorpusText() {}

  /**
   * The repository root: system property {@code newswire.repo.root} when set, else the first
   * directory upwards from the working directory that holds {@code corpus/dev-stories.jsonl}.
   */
  public static Path repoRoot() {
    String prop = System.getProperty("newswire.repo.root");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("corpus/dev-stories.jsonl"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "corpus/dev-stories.jsonl not found above " + Path.of("").toAbsolutePath());
  }

  /**
   * The bodies of the labelled corpus stories ({@code corpus/dev-stories.jsonl}), in their several
   * languages.
   */
  public static List<String> bodies() {
    ObjectMapper json = new ObjectMapper();
    List<String> bodies = new ArrayList<>();
    try {
      for (String line :
          Files.readAllLines(
              repoRoot().resolve("corpus/dev-stories.jsonl"), StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          bodies.add(json.readTree(line).get("body").asText());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bodies;
  }

  /**
   * Text of exactly {@code bytes} UTF-8 bytes: the corpus bodies, one after the other, again and
   * again, until the next would not fit, then made up to the size with an ASCII sentence. The
   * bodies are joined by a newline, as their own paragraphs are.
   */
  public static String ofUtf8Bytes(int bytes) {
    List<String> paragraphs = bodies().stream().map(b -> b + "\n").toList();
    StringBuilder text = new StringBuilder(bytes);
    int size = 0;
    for (int i = 0; ; i++) {
      String p = paragraphs.get(i % paragraphs.size());
      int n = p.getBytes(StandardCharsets.UTF_8).length;
      if (size + n > bytes) {
        break;
      }
      text.append(p);
      size += n;
    }
    String filler = "ASEAN digital ministers met in Hanoi. ";
    text.append(filler.repeat((bytes - size) / filler.length() + 1), 0, bytes - size);
    return text.toString();
  }
}
