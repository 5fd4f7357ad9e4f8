package io.newswire.bench.enrich;

import io.newswire.enrich.core.clusters.Bands;
import io.newswire.enrich.core.clusters.Bucket;
import io.newswire.enrich.core.clusters.ClusterIndex;
import io.newswire.enrich.core.clusters.ClusterSettings;
import io.newswire.enrich.core.clusters.Clusters;
import io.newswire.enrich.core.clusters.InMemoryClusterIndex;
import io.newswire.enrich.core.clusters.Member;
import io.newswire.testkit.CorpusText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The cost of assigning one story to a cluster, with {@code stored} signatures already held: does
 * it grow with the index? The index ({@link InMemoryClusterIndex}) holds {@code stored} members
 * with random signatures (each in its 32 buckets and its own cluster) plus every story of {@code
 * corpus/clusters/} (so the stories assigned find real candidates and duplicates to verify).
 *
 * <ul>
 *   <li>{@code assign}: one story of the corpus (round-robin, a URN of its own) assigned —
 *       shingles, signature, 32 bucket reads, candidate verification, member, bucket and cluster
 *       writes — then withdrawn, so the index stays at its size;
 *   <li>{@code sign}: the floor, measured in the same run: the shingles and MinHash signature of
 *       the same story alone (what any scheme pays per story whatever the index holds).
 * </ul>
 *
 * The ratio assign / sign at 10k and 1M, and assign at 1M / assign at 10k, are the figures of
 * docs/performance-enrich.md, "Clusters".
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Threads(1)
@State(Scope.Benchmark)
public class ClusterBenchmark {

  @Param({"10000", "1000000"})
  public int stored;

  List<String[]> stories; // {language, body}
  Clusters clusters;
  long time = 1_764_000_000_000L;
  int next;

  @Setup
  public void setUp(BenchmarkParams params) {
    stories = corpus();
    ClusterSettings settings = ClusterSettings.defaults();
    InMemoryClusterIndex index = new InMemoryClusterIndex();
    clusters = new Clusters(settings, index);
    if (params.getBenchmark().endsWith("assign")) {
      SplittableRandom random = new SplittableRandom(20261201);
      for (int i = 0; i < stored; i++) {
        int[] sig = new int[settings.hashes()];
        for (int k = 0; k < sig.length; k++) {
          sig[k] = random.nextInt();
        }
        String urn = "urn:newswire:bench:" + i;
        Member m =
            new Member(urn, "bench", "en", Clusters.clusterIdOf(urn), time, sig, new long[0]);
        index.putMember(m, null);
        ClusterIndex.Ref ref = new ClusterIndex.Ref(urn, "bench", time);
        List<ClusterIndex.Ref> one = List.of(ref);
        Bucket bucket = Bucket.EMPTY.with(Clusters.idOf(urn), time, settings.bucketCap(), 0);
        for (long key : Bands.keys(sig, settings.bands(), settings.rows())) {
          index.putBucket(key, bucket);
        }
        index.putCluster(m.clusterId(), one);
      }
      for (int i = 0; i < stories.size(); i++) {
        String[] s = stories.get(i);
        clusters.assign(new Clusters.Story("urn:newswire:held:" + i, "held", s[0], s[1], time));
      }
      System.out.printf(
          "%nclusters: %,d members held, %,d buckets, largest bucket %d%n",
          index.members(), index.buckets(), index.largestBucket());
    }
  }

  @Benchmark
  public Clusters.Assignment assign() {
    String[] s = stories.get(next++ % stories.size());
    String urn = "urn:newswire:op:" + next;
    Clusters.Assignment a = clusters.assign(new Clusters.Story(urn, "op", s[0], s[1], ++time));
    clusters.withdraw(urn);
    return a;
  }

  @Benchmark
  public Clusters.Signature sign() {
    return clusters.sign(stories.get(next++ % stories.size())[1]);
  }

  /** The stories of corpus/clusters (updates' added paragraphs left out), with their language. */
  static List<String[]> corpus() {
    Path dir = CorpusText.repoRoot().resolve("corpus").resolve("clusters");
    List<String[]> out = new ArrayList<>();
    for (String lang : List.of("en", "fr", "vi", "id", "th")) {
      String text;
      try {
        text = Files.readString(dir.resolve(lang + ".txt"), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String block : text.split("(?m)^## ")) {
        int eol = block.indexOf('\n');
        if (block.isBlank() || eol < 0 || block.substring(0, eol).contains(" extends ")) {
          continue;
        }
        out.add(new String[] {lang, block.substring(eol + 1).strip()});
      }
    }
    return out;
  }
}
