package io.newswire.testkit;

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
 * IPTC's own example documents ({@code ../shared/conformance/iptc} beside the repository, never
 * copied into it) and their written expectations ({@code docs/conformance-iptc.tsv}): read by the
 * ingest conformance test (the answer and the RawStory) and the pipeline one (the published event).
 */
public final class IptcConformance {
  /** The expectations file, relative to the repository root. */
  public static final String EXPECTATIONS = "docs/conformance-iptc.tsv";

  private IptcConformance() {}

  /**
   * One line of the expectations file: the example, how it is posted (content type, the agency
   * whose key sends it), the expected status and the checks ({@code key=value}, in the order
   * written).
   */
  public record Expectation(
      String file, String contentType, String agency, int status, Map<String, String> checks) {
    @Override
    public String toString() {
      return file;
    }
  }

  /**
   * Where the corpus is expected: {@code ../shared/conformance/iptc} relative to the repository
   * root.
   */
  public static Path corpus() {
    return CorpusText.repoRoot().resolve("../shared/conformance/iptc").normalize();
  }

  /** Why a test of the corpus is skipped when it is absent. */
  public static String absentReason(Path what) {
    return "the IPTC example "
        + what
        + " is absent (the corpus lives in ../shared/conformance/iptc relative to the "
        + "repository root and is never copied into the repository)";
  }

  /** Every line of the expectations file. */
  public static List<Expectation> expectations() {
    List<Expectation> out = new ArrayList<>();
    try {
      for (String line :
          Files.readAllLines(CorpusText.repoRoot().resolve(EXPECTATIONS), StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        Map<String, String> checks = new LinkedHashMap<>();
        for (int i = 4; i < f.length; i++) {
          int eq = f[i].indexOf('=');
          checks.put(f[i].substring(0, eq), f[i].substring(eq + 1));
        }
        out.add(new Expectation(f[0], f[1], f[2], Integer.parseInt(f[3]), checks));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
