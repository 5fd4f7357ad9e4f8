package io.newswire.bench.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newswire.enrich.core.text.StoryText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The stories the enrichment benchmarks run on: the labelled set {@code corpus/dev-stories.jsonl}
 * and the reference story {@code corpus/vov-asean-digital-ministers.fr.txt}, with their declared
 * languages as agencies send them.
 *
 * <p>The corpus directory is {@code -Dnewswire.corpus=DIR} when set, else {@code corpus/} in the
 * first directory upwards from the working directory that has one.
 */
public final class EnrichCorpus {
  public static final String REFERENCE = "vov-asean-digital-ministers.fr.txt";

  private EnrichCorpus() {}

  /** The corpus directory. */
  public static Path dir() {
    String prop = System.getProperty("newswire.corpus");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    return io.newswire.testkit.CorpusText.repoRoot().resolve("corpus");
  }

  /** Every story of the corpus: the labelled ones in file order, then the reference story. */
  public static List<StoryText> stories() {
    Path dir = dir();
    List<StoryText> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try {
      for (String line :
          Files.readAllLines(dir.resolve("dev-stories.jsonl"), StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = json.readTree(line);
        out.add(
            new StoryText(
                n.path("agency").asText(null),
                n.path("headline").isNull() ? null : n.path("headline").asText(null),
                n.path("body").asText(""),
                n.path("language").asText(null)));
      }
      out.add(
          new StoryText(
              "vov", null, Files.readString(dir.resolve(REFERENCE), StandardCharsets.UTF_8), "fr"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(out);
  }

  /** UTF-8 bytes of a story's text (headline and body): what MB/s figures are computed from. */
  public static long bytes(StoryText s) {
    return (s.headline() == null ? 0 : s.headline().getBytes(StandardCharsets.UTF_8).length)
        + s.body().getBytes(StandardCharsets.UTF_8).length;
  }

  /** Prints the corpus figures the throughput numbers are converted with. */
  public static void main(String[] args) {
    List<StoryText> stories = stories();
    long bytes = stories.stream().mapToLong(EnrichCorpus::bytes).sum();
    System.out.printf(
        "corpus %s: %d stories, %d bytes of UTF-8 text (headline + body), %.1f bytes per story%n",
        dir(), stories.size(), bytes, (double) bytes / stories.size());
  }
}
