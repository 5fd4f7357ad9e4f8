package io.newswire.enrich.core.clusters;

import io.newswire.enrich.core.corpus.CorpusSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelled pairs of {@code corpus/clusters/} (README.md there gives the format and the
 * labelling rule): stories in {@code <language>.txt} and {@code cross.txt}, pairs in {@code
 * pairs.tsv} and {@code cross-pairs.tsv}.
 */
final class ClusterCorpus {
  private ClusterCorpus() {}

  static final List<String> LANGUAGE_FILES = List.of("en", "fr", "vi", "id", "th");

  record Story(String id, String agency, String language, String body) {
    /** The event group of the story: its id without the last part (en-quake-a → en-quake). */
    String group() {
      return id.substring(0, id.lastIndexOf('-'));
    }

    String urn() {
      return "urn:newswire:" + agency + ":" + id;
    }
  }

  record Pair(Story a, Story b, boolean same, String kind) {}

  static Path dir() {
    return CorpusSupport.repoRoot().resolve("corpus").resolve("clusters");
  }

  /** Every story by id, in file order. */
  static Map<String, Story> stories() {
    Map<String, Story> out = new LinkedHashMap<>();
    for (String lang : LANGUAGE_FILES) {
      read(dir().resolve(lang + ".txt"), lang, out);
    }
    read(dir().resolve("cross.txt"), null, out);
    return out;
  }

  static List<Pair> pairs() {
    return pairs("pairs.tsv");
  }

  static List<Pair> crossPairs() {
    return pairs("cross-pairs.tsv");
  }

  private static List<Pair> pairs(String file) {
    Map<String, Story> stories = stories();
    List<Pair> out = new ArrayList<>();
    for (String line : lines(dir().resolve(file))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      Story a = require(stories, f[0]);
      Story b = require(stories, f[1]);
      if (!f[2].equals("same") && !f[2].equals("different")) {
        throw new IllegalStateException("label must be same or different: " + line);
      }
      out.add(new Pair(a, b, f[2].equals("same"), f[3]));
    }
    return out;
  }

  private static Story require(Map<String, Story> stories, String id) {
    Story s = stories.get(id);
    if (s == null) {
      throw new IllegalStateException("no story " + id + " in corpus/clusters");
    }
    return s;
  }

  /**
   * Blocks {@code ## <id> <agency> [extends <id>]} followed by the body; an extending story is the
   * other's body with its own paragraphs added (an update).
   */
  private static void read(Path file, String language, Map<String, Story> out) {
    String id = null;
    String[] header = null;
    StringBuilder body = new StringBuilder();
    List<String> lines = new ArrayList<>(lines(file));
    lines.add("## end");
    for (String line : lines) {
      if (line.startsWith("## ")) {
        if (id != null) {
          String text = body.toString().strip();
          if (header.length == 4 && header[2].equals("extends")) {
            text = require(out, header[3]).body() + "\n\n" + text;
          }
          String lang = language != null ? language : id.split("-")[1];
          out.put(id, new Story(id, header[1], lang, text));
        }
        header = line.substring(3).strip().split("\\s+");
        id = header[0];
        body.setLength(0);
      } else {
        body.append(line).append('\n');
      }
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
