package io.newswire.bench.enrich;

import io.newswire.enrich.core.Enricher;
import io.newswire.enrich.core.Enrichment;
import io.newswire.enrich.core.language.LanguageDetector;
import io.newswire.enrich.core.tagging.Tagger;
import io.newswire.enrich.core.tagging.Taxonomy;
import io.newswire.enrich.core.text.NormalizedStory;
import io.newswire.enrich.core.text.StoryText;
import io.newswire.enrich.core.text.TextNormalizer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of enrich-service's core, one story per operation, cycling through the corpus (see
 * {@link EnrichCorpus}), on one thread: so ops/s is stories per second per core. MB/s = ops/s × the
 * corpus's mean bytes per story (printed at setup and by {@code EnrichCorpus.main}).
 *
 * <ul>
 *   <li>{@code enrich}: the whole enrichment (normalize, detect the language, tag) as the service
 *       runs it
 *   <li>{@code normalize}, {@code detectLanguage}: its first two steps alone
 *   <li>{@code tag}: tagging alone (Aho-Corasick pass, per-term rules, scoring) on already
 *       normalized stories
 *   <li>{@code tagNaive}: the baseline: one case-insensitive regex per lexicon term over the same
 *       fields
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(1)
@State(Scope.Thread)
public class EnrichBenchmark {
  StoryText[] stories;
  NormalizedStory[] normalized;
  String[] languages;
  String[] samples;
  Enricher enricher;
  TextNormalizer normalizer;
  LanguageDetector detector;
  Tagger tagger;
  NaiveTagger naive;
  int next;

  @Setup
  public void setUp() {
    List<StoryText> corpus = EnrichCorpus.stories();
    Taxonomy taxonomy = Taxonomy.load();
    detector = new LanguageDetector();
    enricher = new Enricher(taxonomy, detector);
    normalizer = new TextNormalizer();
    tagger = new Tagger(taxonomy);
    naive = new NaiveTagger(taxonomy);
    stories = corpus.toArray(StoryText[]::new);
    normalized = new NormalizedStory[stories.length];
    languages = new String[stories.length];
    samples = new String[stories.length];
    for (int i = 0; i < stories.length; i++) {
      Enrichment e = enricher.enrich(stories[i]);
      normalized[i] = e.story();
      languages[i] = e.language().code();
      samples[i] =
          e.story().headlineDerived()
              ? e.story().body()
              : e.story().headline() + "\n" + e.story().body();
    }
    long bytes = corpus.stream().mapToLong(EnrichCorpus::bytes).sum();
    System.out.printf(
        "%ncorpus: %d stories, %d bytes UTF-8, %.1f bytes/story; lexicon: %d terms, tagger %s%n",
        stories.length, bytes, (double) bytes / stories.length, naive.size(), taxonomy.version());
  }

  private int nextIndex() {
    int i = next;
    next = i + 1 == stories.length ? 0 : i + 1;
    return i;
  }

  @Benchmark
  public Enrichment enrich() {
    return enricher.enrich(stories[nextIndex()]);
  }

  @Benchmark
  public NormalizedStory normalize() {
    StoryText s = stories[nextIndex()];
    return normalizer.normalize(s.headline(), s.body());
  }

  @Benchmark
  public Object detectLanguage() {
    int i = nextIndex();
    return detector.detect(samples[i], stories[i].declaredLanguage());
  }

  @Benchmark
  public Object tag() {
    int i = nextIndex();
    return tagger.tag(normalized[i], languages[i]);
  }

  @Benchmark
  public int tagNaive() {
    NormalizedStory s = normalized[nextIndex()];
    return naive.count(s.headline()) + naive.count(s.body()) + naive.count(s.captionText());
  }
}
