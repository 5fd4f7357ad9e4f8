package io.newswire.enrich.core.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.core.clusters.ClusterCorpus.Pair;
import java.io.IOException;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The stretch: the same event in two languages ({@code corpus/clusters/cross-pairs.tsv}). The
 * assignment never links them (it compares only stories of the same language); this measures a
 * language-independent signal that could: the numbers two stories share, and the capitalised names
 * (folded, without diacritics) they share. Reported in {@code target/cluster-cross-language.txt}
 * and docs/enrichment.md; not enabled.
 */
class CrossLanguageEvaluationTest {
  private final List<Pair> pairs = ClusterCorpus.crossPairs();
  private final ClusterSettings settings = ClusterSettings.defaults();

  @Test
  void theAssignmentNeverLinksTwoLanguages() {
    for (Pair p : pairs) {
      Clusters clusters = new Clusters(settings, new InMemoryClusterIndex());
      var a = clusters.assign(ClusterEvaluationTest.story(p.a(), 1_000_000));
      var b = clusters.assign(ClusterEvaluationTest.story(p.b(), 2_000_000));
      assertThat(a.clusterId()).as(p.a().id() + " ~ " + p.b().id()).isNotEqualTo(b.clusterId());
    }
  }

  @Test
  void numbersAndNamesAcrossLanguagesAreMeasured() throws IOException {
    StringBuilder report = new StringBuilder("pair  label  shared-numbers/min  shared-names/min\n");
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (Pair p : pairs) {
      long[] na = Shingles.of(p.a().body(), 1, 4).numbers();
      long[] nb = Shingles.of(p.b().body(), 1, 4).numbers();
      long[] ma = names(p.a().body());
      long[] mb = names(p.b().body());
      int sharedNumbers = MinHash.common(na, nb);
      int sharedNames = MinHash.common(ma, mb);
      double numberShare = sharedNumbers / (double) Math.max(1, Math.min(na.length, nb.length));
      double nameShare = sharedNames / (double) Math.max(1, Math.min(ma.length, mb.length));
      boolean linked = sharedNumbers >= 3 && numberShare >= 0.6 && sharedNames >= 2;
      if (linked && p.same()) {
        tp++;
      } else if (linked) {
        fp++;
      } else if (p.same()) {
        fn++;
      }
      report.append(
          String.format(
              Locale.ROOT,
              "%s ~ %s  %s  %d/%d=%.2f  %d/%d=%.2f  %s%n",
              p.a().id(),
              p.b().id(),
              p.same() ? "same" : "different",
              sharedNumbers,
              Math.min(na.length, nb.length),
              numberShare,
              sharedNames,
              Math.min(ma.length, mb.length),
              nameShare,
              linked ? "linked" : "-"));
    }
    double precision = tp + fp == 0 ? 1 : tp / (double) (tp + fp);
    double recall = tp + fn == 0 ? 1 : tp / (double) (tp + fn);
    report.append(
        String.format(
            Locale.ROOT,
            "rule: >= 3 shared numbers, >= 0.6 of the smaller set, >= 2 shared names:"
                + " precision=%.3f recall=%.3f (tp=%d fp=%d fn=%d) on %d pairs%n",
            precision,
            recall,
            tp,
            fp,
            fn,
            pairs.size()));
    System.out.println("[clusters cross-language] " + report);
    ClusterEvaluationTest.write("cluster-cross-language.txt", report.toString());
    assertThat(pairs).anyMatch(Pair::same).anyMatch(p -> !p.same());
  }

  /**
   * Hashes of the capitalised words that do not start a sentence, folded (no diacritics, lower
   * case): names of people, places and organisations, mostly.
   */
  static long[] names(String text) {
    String[] tokens = text.split("\\s+");
    java.util.TreeSet<Long> out = new java.util.TreeSet<>();
    for (int i = 1; i < tokens.length; i++) {
      String prev = tokens[i - 1];
      String w = tokens[i].replaceAll("[^\\p{L}\\p{M}]", "");
      boolean sentenceStart = prev.endsWith(".") || prev.endsWith(":");
      if (!w.isEmpty() && Character.isUpperCase(w.codePointAt(0)) && !sentenceStart) {
        String folded =
            Normalizer.normalize(w, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        if (folded.length() > 2) {
          out.add(Hashing.of(folded));
        }
      }
    }
    return out.stream().mapToLong(Long::longValue).sorted().toArray();
  }
}
