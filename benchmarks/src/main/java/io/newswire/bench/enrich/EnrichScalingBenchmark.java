package io.newswire.bench.enrich;

import io.newswire.enrich.core.Enricher;
import io.newswire.enrich.core.Enrichment;
import io.newswire.enrich.core.text.StoryText;
import io.newswire.testkit.CorpusText;
import io.newswire.testkit.HostileText;
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

/**
 * How enrichment's cost grows with a story's size: the whole enrichment of one story of {@code
 * sizeKb} KB, for ordinary wire copy (the corpus's bodies, one after the other, to the size: {@link
 * CorpusText}) and for the hostile kinds of {@link HostileText}. Time per operation / size = cost
 * per KB; for every kind it should stay flat (within 2x) from 1 KB to 1 MiB. {@link ScalingReport}
 * turns a JSON result into that table, the 1 KB cost of the same kind being the floor each size is
 * compared with.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Threads(1)
@State(Scope.Benchmark)
public class EnrichScalingBenchmark {

  @Param({"1", "16", "256", "1024"})
  public int sizeKb;

  @Param({
    "ordinary",
    "dash-run-before-caption",
    "photo-pipes",
    "spaces",
    "colons",
    "mention-flood",
    "spaceless-mention-flood",
    "deep-html",
    "entity-chains",
    "combining-marks",
    "one-thai-char",
    "capital-word"
  })
  public String kind;

  StoryText story;
  Enricher enricher;

  @Setup
  public void setUp() {
    enricher = new Enricher();
    int chars = sizeKb * 1024;
    String body =
        kind.equals("ordinary")
            ? CorpusText.ofUtf8Bytes(chars)
            : HostileText.kinds().get(kind).apply(chars);
    story = new StoryText("afp", null, body, null);
  }

  @Benchmark
  public Enrichment enrich() {
    return enricher.enrich(story);
  }
}
