package io.newswire.bench.enrich;

import io.newswire.enrich.core.clusters.Bands;
import io.newswire.enrich.core.clusters.Bucket;
import io.newswire.enrich.core.clusters.ClusterIndex;
import io.newswire.enrich.core.clusters.ClusterSettings;
import io.newswire.enrich.core.clusters.Clusters;
import io.newswire.enrich.core.clusters.Member;
import io.newswire.enrich.topology.ClusterStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ClusterBenchmark}'s {@code assign} on the service's own index: {@link ClusterStores} over
 * four persistent RocksDB key-value stores as Kafka Streams builds them (changelogging off: the
 * changelog writes go to the producer's batch, measured in the pipeline benchmarks, not here), with
 * {@code stored} random signatures held. One operation is a story in and a story out (assigned,
 * then withdrawn: what the index does per story at steady state, where the purge takes out as many
 * as come in). The clusters stage runs in one task, so 10⁶ / (µs per assign) bounds the stories per
 * second of the stage before Avro, the broker and the exactly-once commits. {@code assignTemplate}
 * is the worst case: stories from one template, whose buckets are all full. {@code sign} (no index)
 * is the floor of the same run.
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
public class ClusterStoreBenchmark {

  @Param({"10000", "1000000"})
  public int stored;

  Path dir;
  List<KeyValueStore<String, byte[]>> stores = new ArrayList<>();
  List<String[]> stories;
  Clusters clusters;
  long time = 1_764_000_000_000L;
  int next;

  @Setup(Level.Trial)
  public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) throws IOException {
    stories = ClusterBenchmark.corpus();
    dir = Files.createTempDirectory("cluster-store-bench");
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "cluster-store-bench");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    MockProcessorContext<Object, Object> context =
        new MockProcessorContext<>(
            p, new org.apache.kafka.streams.processor.TaskId(0, 0), dir.toFile());
    for (String name :
        List.of(
            ClusterStores.MEMBERS,
            ClusterStores.BUCKETS,
            ClusterStores.LISTS,
            ClusterStores.EXPIRY)) {
      KeyValueStore<String, byte[]> store =
          Stores.keyValueStoreBuilder(
                  Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
              .withLoggingDisabled()
              .build();
      store.init(context.getStateStoreContext(), store);
      stores.add(store);
    }
    ClusterStores index =
        new ClusterStores(stores.get(0), stores.get(1), stores.get(2), stores.get(3));
    ClusterSettings settings = ClusterSettings.defaults();
    clusters = new Clusters(settings, index);
    SplittableRandom random = new SplittableRandom(20261201);
    int fill = params.getBenchmark().endsWith("assign") ? stored : 0;
    for (int i = 0; i < fill; i++) {
      int[] sig = new int[settings.hashes()];
      for (int k = 0; k < sig.length; k++) {
        sig[k] = random.nextInt();
      }
      String urn = "urn:newswire:bench:" + i;
      Member m = new Member(urn, "bench", "en", Clusters.clusterIdOf(urn), time, sig, new long[0]);
      index.putMember(m, null);
      List<ClusterIndex.Ref> one = List.of(new ClusterIndex.Ref(urn, "bench", time));
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
    // the template's buckets full before the first measured operation
    for (int i = 0; i < 2 * settings.bucketCap(); i++) {
      clusters.assign(
          new Clusters.Story("urn:newswire:tpl:warm" + i, "tpl", "en", template(-i), time));
    }
    stores.forEach(KeyValueStore::flush);
  }

  @Benchmark
  public Clusters.Assignment assign() {
    String[] s = stories.get(next++ % stories.size());
    String urn = "urn:newswire:op:" + next;
    Clusters.Assignment a = clusters.assign(new Clusters.Story(urn, "op", s[0], s[1], ++time));
    clusters.withdraw(urn);
    return a;
  }

  /**
   * A story written from one template with its own figure (the publish benchmark's load): every
   * band's bucket is full (bucketCap members), so this is the most an assignment reads and writes.
   */
  @Benchmark
  public Clusters.Assignment assignTemplate() {
    int i = next++;
    return clusters.assign(
        new Clusters.Story("urn:newswire:tpl:" + i, "tpl", "en", template(i), ++time));
  }

  static String template(int i) {
    return "HANOI (VNA) - Digital ministers of ASEAN adopted a roadmap on digital transformation"
        + " and artificial intelligence, story "
        + i
        + ". The roadmap covers data governance, cross-border payments and skills.";
  }

  @Benchmark
  public Clusters.Signature sign() {
    return clusters.sign(stories.get(next++ % stories.size())[1]);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    stores.forEach(KeyValueStore::close);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
