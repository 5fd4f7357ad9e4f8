package io.newswire.enrich.core.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.core.clusters.ClusterCorpus.Pair;
import io.newswire.enrich.core.clusters.ClusterCorpus.Story;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scores cluster assignment on the labelled pairs of {@code corpus/clusters/}: precision and recall
 * of "the second story joins the first one's cluster", per pair in a fresh index, and with every
 * story of the set in one index (the order of the files), so stories of other events are candidates
 * too. The event groups are split in two halves (alternately, in file order): the parameters were
 * chosen on the first half ({@link #sweepOnTheTuningHalf}); the second is held out. The figures are
 * printed and written to {@code target/cluster-evaluation.txt}.
 */
class ClusterEvaluationTest {
  static final double GOAL = 0.95;

  private final List<Pair> pairs = ClusterCorpus.pairs();

  record Score(int tp, int fp, int fn, int tn, List<String> errors) {
    double precision() {
      return tp + fp == 0 ? 1 : tp / (double) (tp + fp);
    }

    double recall() {
      return tp + fn == 0 ? 1 : tp / (double) (tp + fn);
    }

    double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "precision=%.3f recall=%.3f (tp=%d fp=%d fn=%d tn=%d)",
          precision(),
          recall(),
          tp,
          fp,
          fn,
          tn);
    }
  }

  /** The groups of the tuning half: every other event group, in file order. */
  static Set<String> tuningGroups(List<Pair> pairs) {
    List<String> groups = pairs.stream().map(p -> p.a().group()).distinct().toList();
    Set<String> out = new TreeSet<>();
    for (int i = 0; i < groups.size(); i += 2) {
      out.add(groups.get(i));
    }
    return out;
  }

  /** Pairwise: each pair in a fresh index, the second story an hour after the first. */
  static Score pairwise(ClusterSettings settings, List<Pair> pairs) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int tn = 0;
    List<String> errors = new ArrayList<>();
    long t0 = 1_764_000_000_000L;
    for (Pair p : pairs) {
      Clusters clusters = new Clusters(settings, new InMemoryClusterIndex());
      var a = clusters.assign(story(p.a(), t0));
      var b = clusters.assign(story(p.b(), t0 + 3_600_000));
      boolean same = a.clusterId().equals(b.clusterId());
      if (same && p.same()) {
        tp++;
      } else if (same) {
        fp++;
        errors.add("false link  " + p.a().id() + " ~ " + p.b().id() + " (" + p.kind() + ")");
      } else if (p.same()) {
        fn++;
        errors.add("missed link " + p.a().id() + " ~ " + p.b().id() + " (" + p.kind() + ")");
      } else {
        tn++;
      }
    }
    return new Score(tp, fp, fn, tn, errors);
  }

  /** Every story of the set in one index, in file order, a minute apart; then every pair. */
  static Score together(ClusterSettings settings, List<Pair> pairs) {
    Clusters clusters = new Clusters(settings, new InMemoryClusterIndex());
    Map<String, String> clusterOf = new HashMap<>();
    long t = 1_764_000_000_000L;
    for (Story s : ClusterCorpus.stories().values()) {
      clusterOf.put(s.id(), clusters.assign(story(s, t += 60_000)).clusterId());
    }
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int tn = 0;
    List<String> errors = new ArrayList<>();
    for (Pair p : pairs) {
      boolean same = clusterOf.get(p.a().id()).equals(clusterOf.get(p.b().id()));
      if (same && p.same()) {
        tp++;
      } else if (same) {
        fp++;
        errors.add("false link  " + p.a().id() + " ~ " + p.b().id());
      } else if (p.same()) {
        fn++;
        errors.add("missed link " + p.a().id() + " ~ " + p.b().id());
      } else {
        tn++;
      }
    }
    return new Score(tp, fp, fn, tn, errors);
  }

  static Clusters.Story story(Story s, long time) {
    return new Clusters.Story(s.urn(), s.agency(), s.language(), s.body(), time);
  }

  @Test
  void theLabelledSetHasSixtyPairsInFourLanguagesOfBothKinds() {
    assertThat(pairs).hasSizeGreaterThanOrEqualTo(60);
    assertThat(pairs.stream().map(p -> p.a().language()).distinct().count())
        .isGreaterThanOrEqualTo(4);
    assertThat(pairs).anyMatch(Pair::same).anyMatch(p -> !p.same());
    assertThat(pairs.stream().map(Pair::kind).collect(Collectors.toSet()))
        .contains("rewrite", "update", "template", "same-topic");
    assertThat(pairs).allMatch(p -> p.a().language().equals(p.b().language()));
  }

  @Test
  void theDefaultsReachTheGoalOnTheWholeSetAndOnTheHeldOutHalf() throws IOException {
    ClusterSettings d = ClusterSettings.defaults();
    Set<String> tuning = tuningGroups(pairs);
    Predicate<Pair> inTuning = p -> tuning.contains(p.a().group());
    List<Pair> tuningPairs = pairs.stream().filter(inTuning).toList();
    List<Pair> heldOut = pairs.stream().filter(inTuning.negate()).toList();

    Score all = pairwise(d, pairs);
    Score tuned = pairwise(d, tuningPairs);
    Score held = pairwise(d, heldOut);
    Score together = together(d, pairs);
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "settings: %d hashes, %d bands x %d rows, %d-word / %d-char shingles,"
                + " threshold %.2f, numbers %.2f%n",
            d.hashes(),
            d.bands(),
            d.rows(),
            d.words(),
            d.chars(),
            d.threshold(),
            d.numberOverlap()));
    report.append("pairs: ").append(pairs.size()).append(", languages: ");
    report.append(pairs.stream().map(p -> p.a().language()).distinct().toList()).append('\n');
    report.append("all pairs, pairwise:        ").append(all).append('\n');
    report.append("tuning half, pairwise:      ").append(tuned).append('\n');
    report.append("held-out half, pairwise:    ").append(held).append('\n');
    report.append("all stories in one index:   ").append(together).append('\n');
    report.append("per kind (pairwise, all): ").append(perKind(d)).append('\n');
    all.errors().forEach(e -> report.append("  ").append(e).append('\n'));
    together.errors().forEach(e -> report.append("  one index: ").append(e).append('\n'));
    report.append(similarities(d));
    System.out.println("[clusters] " + report);
    write("cluster-evaluation.txt", report.toString());

    for (Score s : List.of(all, held, together)) {
      assertThat(s.precision()).as(report.toString()).isGreaterThanOrEqualTo(GOAL);
      assertThat(s.recall()).as(report.toString()).isGreaterThanOrEqualTo(GOAL);
    }
  }

  /**
   * The grid the defaults were chosen from: scored on the tuning half, the best by F1 (then by the
   * widest margin of threshold) reported with its held-out score. Written to {@code
   * target/cluster-sweep.txt}.
   */
  @Test
  void sweepOnTheTuningHalf() throws IOException {
    Set<String> tuning = tuningGroups(pairs);
    List<Pair> tuningPairs = pairs.stream().filter(p -> tuning.contains(p.a().group())).toList();
    List<Pair> heldOut = pairs.stream().filter(p -> !tuning.contains(p.a().group())).toList();
    StringBuilder out =
        new StringBuilder("bands rows words chars threshold numbers  tune(P R F1)  held(P R)\n");
    int[][] shapes = {{16, 8}, {32, 4}, {64, 2}};
    List<double[]> rows = new ArrayList<>();
    for (int[] shape : shapes) {
      for (int words = 1; words <= 3; words++) {
        for (int chars = 3; chars <= 4; chars++) {
          for (double numbers : new double[] {0.5, 0.8, 1.0}) {
            for (int ti = 6; ti <= 14; ti++) {
              double t = ti * 0.05;
              ClusterSettings s =
                  ClusterSettings.defaults()
                      .withShape(shape[0], shape[1], words, chars, t)
                      .withNumberOverlap(numbers);
              Score tune = pairwise(s, tuningPairs);
              Score held = pairwise(s, heldOut);
              rows.add(
                  new double[] {
                    shape[0],
                    shape[1],
                    words,
                    chars,
                    t,
                    numbers,
                    tune.precision(),
                    tune.recall(),
                    tune.f1(),
                    held.precision(),
                    held.recall()
                  });
            }
          }
        }
      }
    }
    rows.sort((x, y) -> Double.compare(y[8], x[8]));
    String best = null;
    for (double[] r : rows) {
      String line =
          String.format(
              Locale.ROOT,
              "%5.0f %4.0f %5.0f %5.0f %9.2f %7.2f  %.3f %.3f %.3f  %.3f %.3f%n",
              r[0],
              r[1],
              r[2],
              r[3],
              r[4],
              r[5],
              r[6],
              r[7],
              r[8],
              r[9],
              r[10]);
      out.append(line);
      if (best == null) {
        best = line;
      }
    }
    double bestF1 = rows.get(0)[8];
    out.insert(0, "sorted by F1 on the tuning half; first best:\n" + best);
    write("cluster-sweep.txt", out.toString());
    System.out.println("[clusters] sweep written to target/cluster-sweep.txt; best: " + best);
    assertThat(bestF1).isGreaterThan(0);
  }

  /** Same / different counts and misses per kind of pair. */
  private String perKind(ClusterSettings d) {
    StringBuilder sb = new StringBuilder();
    for (String kind : pairs.stream().map(Pair::kind).distinct().toList()) {
      Score s = pairwise(d, pairs.stream().filter(p -> p.kind().equals(kind)).toList());
      sb.append(kind)
          .append(' ')
          .append(s.tp() + s.tn())
          .append('/')
          .append(s.tp() + s.tn() + s.fp() + s.fn())
          .append("; ");
    }
    return sb.toString();
  }

  /** Exact and estimated Jaccard of every pair, by label: the room the threshold has. */
  private static String similarities(ClusterSettings d) {
    MinHash mh = new MinHash(d.hashes());
    double minSame = 1;
    double maxDifferent = 0;
    double maxDifferentPassingNumbers = 0;
    Clusters c = new Clusters(d, new InMemoryClusterIndex());
    for (Pair p : ClusterCorpus.pairs()) {
      Shingles a = Shingles.of(p.a().body(), d.words(), d.chars());
      Shingles b = Shingles.of(p.b().body(), d.words(), d.chars());
      double est = MinHash.similarity(mh.signature(a.hashes()), mh.signature(b.hashes()));
      if (p.same()) {
        minSame = Math.min(minSame, est);
      } else {
        maxDifferent = Math.max(maxDifferent, est);
        if (c.numbersAgree(a.numbers(), b.numbers())) {
          maxDifferentPassingNumbers = Math.max(maxDifferentPassingNumbers, est);
        }
      }
    }
    return String.format(
        Locale.ROOT,
        "estimated Jaccard: lowest of a same pair %.3f, highest of a different pair %.3f"
            + " (%.3f among those whose numbers agree)%n",
        minSame,
        maxDifferent,
        maxDifferentPassingNumbers);
  }

  static void write(String file, String text) throws IOException {
    Path target = Path.of("target");
    Files.createDirectories(target);
    Files.writeString(target.resolve(file), text, StandardCharsets.UTF_8);
  }
}
