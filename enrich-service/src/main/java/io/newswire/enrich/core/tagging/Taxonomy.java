package io.newswire.enrich.core.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The versioned tag taxonomy: tags, places and the per-tag lexicons, loaded from {@value
 * #DEFAULT_RESOURCE} and the lexicon files it names. Immutable.
 *
 * <p>Lexicon files are UTF-8 TSV, one term a line, {@code #} starts a comment line. Columns:
 *
 * <pre>
 * term  lang  case(cs|ci)  marks(ds|di)  boundary(word|start|none)  weight(0..100|block)  rules(-|r1;r2)
 * </pre>
 *
 * See {@link MatchRules} for the rules.
 */
public final class Taxonomy {

  /** Classpath location of the taxonomy descriptor. */
  public static final String DEFAULT_RESOURCE = "taxonomy/taxonomy-v1.json";

  private final String version;
  private final int minConfidence;
  private final List<TagDefinition> tags;
  private final List<Place> places;
  private final List<LexiconEntry> lexicon;

  /**
   * Creates a taxonomy from parts (tests, alternative sources).
   *
   * @param version version string reported as tagger version
   * @param minConfidence minimum tag confidence (0..100) for a tag to be assigned
   * @param tags tag definitions, in output order
   * @param places places
   * @param lexicon all lexicon entries of all tags
   */
  public Taxonomy(
      String version,
      int minConfidence,
      List<TagDefinition> tags,
      List<Place> places,
      List<LexiconEntry> lexicon) {
    this.version = version;
    this.minConfidence = minConfidence;
    this.tags = List.copyOf(tags);
    this.places = List.copyOf(places);
    this.lexicon = List.copyOf(lexicon);
  }

  /** Loads the default taxonomy from the classpath. */
  public static Taxonomy load() {
    return load(DEFAULT_RESOURCE);
  }

  /** Loads a taxonomy descriptor and its lexicons from the classpath. */
  public static Taxonomy load(String resource) {
    JsonNode root;
    try (InputStream in = open(resource)) {
      root = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    List<TagDefinition> tags = new ArrayList<>();
    List<LexiconEntry> lexicon = new ArrayList<>();
    for (JsonNode t : root.path("tags")) {
      String id = t.path("id").asText();
      tags.add(
          new TagDefinition(
              id, t.path("label").asText(), text(t, "mediaTopicUri"), text(t, "wikidataId")));
      for (JsonNode file : t.path("lexicons")) {
        lexicon.addAll(readLexicon(id, file.asText()));
      }
    }
    List<Place> places = new ArrayList<>();
    for (JsonNode p : root.path("places")) {
      places.add(
          new Place(
              p.path("id").asText(),
              p.path("label").asText(),
              p.path("iso").asText(),
              text(p, "wikidataId"),
              text(p, "memberSince")));
    }
    return new Taxonomy(
        root.path("version").asText(), root.path("minConfidence").asInt(50), tags, places, lexicon);
  }

  /** Reads only the version of a taxonomy descriptor. */
  public static String readVersion(String resource) {
    try (InputStream in = open(resource)) {
      return new ObjectMapper().readTree(in).path("version").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }

  private static InputStream open(String resource) throws IOException {
    InputStream in = Taxonomy.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("resource not found: " + resource);
    }
    return in;
  }

  static List<LexiconEntry> readLexicon(String tag, String resource) {
    List<LexiconEntry> entries = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(open(resource), StandardCharsets.UTF_8))) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        try {
          entries.add(parseLine(tag, line));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(resource + ":" + no + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return entries;
  }

  static LexiconEntry parseLine(String tag, String line) {
    String[] c = line.split("\t");
    if (c.length < 6) {
      throw new IllegalArgumentException("expected at least 6 tab-separated columns");
    }
    boolean cs =
        switch (c[2].trim()) {
          case "cs" -> true;
          case "ci" -> false;
          default -> throw new IllegalArgumentException("case must be cs or ci");
        };
    boolean ds =
        switch (c[3].trim()) {
          case "ds" -> true;
          case "di" -> false;
          default -> throw new IllegalArgumentException("marks must be ds or di");
        };
    LexiconEntry.Boundary boundary =
        LexiconEntry.Boundary.valueOf(c[4].trim().toUpperCase(Locale.ROOT));
    boolean blocker = c[5].trim().equals("block");
    int weight = blocker ? 0 : Integer.parseInt(c[5].trim());
    List<MatchRule> rules = MatchRules.parse(c.length > 6 ? c[6] : null);
    return new LexiconEntry(
        tag, c[0].strip(), c[1].trim(), cs, ds, boundary, weight, blocker, rules);
  }

  /** Version string, e.g. {@code "lexicon-2026.11.1"}. */
  public String version() {
    return version;
  }

  /** Minimum confidence (0..100) for a tag to be assigned. */
  public int minConfidence() {
    return minConfidence;
  }

  /** Tag definitions in output order. */
  public List<TagDefinition> tags() {
    return tags;
  }

  /** The tag with this id, if any. */
  public Optional<TagDefinition> tag(String id) {
    return tags.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** Places (ASEAN member states). */
  public List<Place> places() {
    return places;
  }

  /** All lexicon entries of all tags. */
  public List<LexiconEntry> lexicon() {
    return lexicon;
  }

  /**
   * A copy of this taxonomy with extra lexicon entries (tests: lexicon growth must not change
   * results).
   */
  public Taxonomy withExtraEntries(List<LexiconEntry> extra) {
    List<LexiconEntry> all = new ArrayList<>(lexicon);
    all.addAll(extra);
    return new Taxonomy(version, minConfidence, tags, places, all);
  }
}
