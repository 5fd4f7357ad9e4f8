package io.newswire.enrich.core.corpus;

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
import java.util.TreeSet;

/**
 * Test helpers of the enrichment core's packages: locating the shared corpus and reading its
 * labelled stories. (The tests of the whole enricher share one {@code Enricher}: {@code
 * SharedEnricher}.)
 */
public final class CorpusSupport {

  /** One labelled story of {@code corpus/dev-stories.jsonl}. */
  public record LabelledStory(
      String id,
      String agency,
      String language,
      String headline,
      String body,
      TreeSet<String> expectedTags,
      String note) {
    /**
     * The story as enrichment takes it, with its labelled language as the declared one or with
     * none.
     */
    public StoryText toStoryText(boolean withDeclaredLanguage) {
      return new StoryText(agency, headline, body, withDeclaredLanguage ? language : null);
    }
  }

  private CorpusSupport() {}

  /**
   * The repository root: system property {@code newswire.repo.root} when set, else the first
   * directory upwards from the working directory that contains {@code corpus/dev-stories.jsonl}.
   */
  public static Path repoRoot() {
    String prop = System.getProperty("newswire.repo.root");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("corpus").resolve("dev-stories.jsonl"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "corpus/dev-stories.jsonl not found above " + Path.of("").toAbsolutePath());
  }

  public static Path corpus(String file) {
    return repoRoot().resolve("corpus").resolve(file);
  }

  public static String read(String file) {
    try {
      return Files.readString(corpus(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<LabelledStory> devStories() {
    ObjectMapper mapper = new ObjectMapper();
    List<LabelledStory> stories = new ArrayList<>();
    for (String line : read("dev-stories.jsonl").split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode n = mapper.readTree(line);
        TreeSet<String> tags = new TreeSet<>();
        n.path("expected_tags").forEach(t -> tags.add(t.asText()));
        stories.add(
            new LabelledStory(
                n.path("id").asText(),
                n.path("agency").asText(),
                n.path("language").asText(),
                n.path("headline").isNull() ? null : n.path("headline").asText(),
                n.path("body").asText(),
                tags,
                n.path("note").asText()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return stories;
  }
}
