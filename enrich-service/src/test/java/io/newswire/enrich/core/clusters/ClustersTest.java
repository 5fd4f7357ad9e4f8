package io.newswire.enrich.core.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClustersTest {
  private static final long HOUR = 3_600_000L;
  private static final long T0 = 1_764_000_000_000L;

  private static final String QUAKE =
      "A magnitude 6.4 earthquake struck off the southern coast of Mindanao early on Tuesday, the"
          + " seismology institute said, shaking buildings in General Santos and sending residents"
          + " into the streets. At least 7 people were injured and two bridges were closed.";
  private static final String QUAKE_REWRITE =
      "A strong magnitude 6.4 earthquake shook the southern coast of Mindanao early on Tuesday,"
          + " sending residents of General Santos into the streets, the seismology institute said."
          + " At least 7 people were injured and two bridges were closed.";
  private static final String OTHER_QUAKE =
      "A magnitude 5.7 earthquake struck off the eastern coast of Samar early on Friday, the"
          + " seismology institute said, shaking buildings in Borongan and sending residents into"
          + " the streets. At least 3 people were injured and one bridge was closed.";
  private static final String FIRE =
      "Un incendie de forêt a parcouru 1 200 hectares dans le massif des Maures, dans le Var,"
          + " selon la préfecture, qui a fait évacuer trois campings et une quarantaine"
          + " d'habitations pendant la nuit.";

  private final InMemoryClusterIndex index = new InMemoryClusterIndex();
  private final Clusters clusters = new Clusters(ClusterSettings.defaults(), index);

  private static Clusters.Story story(String urn, String lang, String body, long time) {
    return new Clusters.Story(urn, urn.split(":")[2], lang, body, time);
  }

  @Test
  void shinglesSplitWordsInEveryScriptAndCharactersWhereThereAreNoSpaces() {
    assertThat(Shingles.of("Hà Nội, Việt Nam", 1, 4).hashes()).hasSize(4);
    // case folded, Vietnamese tones kept (they tell words apart), word order ignored at size 1
    assertThat(Shingles.of("HÀ NỘI", 1, 4).distinct())
        .containsExactly(Shingles.of("nội hà", 1, 4).distinct());
    assertThat(Shingles.of("Ha Noi", 1, 4).distinct())
        .doesNotContain(Shingles.of("Hà Nội", 1, 4).distinct());
    assertThat(Shingles.of("The Bank", 2, 4).hashes()).hasSize(1);
    // Thai: no spaces between words; six characters (one combining vowel kept with its letter's
    // run) give 3 overlapping 4-character shingles, whatever spaces the writer put between them
    long[] thai = Shingles.of("น้ำท่วม", 1, 4).hashes();
    assertThat(thai).hasSize("น้ำท่วม".codePointCount(0, "น้ำท่วม".length()) - 3);
    assertThat(Shingles.of("น้ำ ท่วม", 1, 4).hashes()).containsExactly(thai);
    assertThat(Shingles.of("ក្រសួង", 1, 3).hashes()).isNotEmpty(); // Khmer
    assertThat(Shingles.of("", 1, 4).hashes()).isEmpty();
  }

  @Test
  void numbersAreOneNumberWhateverTheirSeparators() {
    long[] en = Shingles.of("1,200 hectares, 6.1 magnitude", 1, 4).numbers();
    long[] fr = Shingles.of("1 200 hectares, magnitude 6,1", 1, 4).numbers();
    long[] plain = Shingles.of("1200 hectares, magnitude 61", 1, 4).numbers();
    assertThat(en).hasSize(2).containsExactly(fr).containsExactly(plain);
    assertThat(Shingles.of("The 3 TGV, line 14 and 2025.", 1, 4).numbers()).hasSize(3);
    assertThat(Shingles.of("no numbers here", 1, 4).numbers()).isEmpty();
  }

  @Test
  void shinglesReadAtMostTheFirstCharsOfAHugeBody() {
    String huge = "word ".repeat(100_000);
    assertThat(Shingles.of(huge, 1, 4).hashes().length).isLessThanOrEqualTo(Shingles.MAX_CHARS);
  }

  @Test
  void theMinHashEstimateFollowsTheExactJaccardSimilarity() {
    Random random = new Random(42);
    MinHash minHash = new MinHash(128);
    for (int trial = 0; trial < 40; trial++) {
      int common = random.nextInt(200);
      long[] a = new long[common + random.nextInt(100) + 1];
      long[] b = new long[common + random.nextInt(100) + 1];
      for (int i = 0; i < a.length; i++) {
        a[i] = i < common ? i : 1_000_000 + i;
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = i < common ? i : 2_000_000 + i;
      }
      long[] ha = java.util.Arrays.stream(a).map(Hashing::mix).sorted().toArray();
      long[] hb = java.util.Arrays.stream(b).map(Hashing::mix).sorted().toArray();
      double exact = MinHash.jaccard(ha, hb);
      double estimate = MinHash.similarity(minHash.signature(ha), minHash.signature(hb));
      // four standard errors of a 128-position estimate at worst (J = 0.5): 0.18
      assertThat(estimate).as("J=" + exact).isCloseTo(exact, within(0.18));
    }
    long[] same = Shingles.of(QUAKE, 1, 4).hashes();
    assertThat(MinHash.similarity(minHash.signature(same), minHash.signature(same))).isEqualTo(1.0);
  }

  @Test
  void signaturesAndBandsAreTheSameOnEveryRun() {
    int[] a = new MinHash(128).signature(Shingles.of(QUAKE, 1, 4).hashes());
    int[] b = new MinHash(128).signature(Shingles.of(QUAKE, 1, 4).hashes());
    assertThat(a).containsExactly(b);
    assertThat(Bands.keys(a, 32, 4)).containsExactly(Bands.keys(b, 32, 4)).hasSize(32);
    // the S-curve: similar stories almost always share a bucket, dissimilar ones rarely
    assertThat(Bands.candidateProbability(0.7, 32, 4)).isGreaterThan(0.999);
    assertThat(Bands.candidateProbability(0.1, 32, 4)).isLessThan(0.01);
  }

  @Test
  void twoAgenciesReportingTheSameEventShareAClusterAndListEachOther() {
    var first = clusters.assign(story("urn:newswire:afp:1", "en", QUAKE, T0));
    var second =
        clusters.assign(story("urn:newswire:reuters:9", "en-GB", QUAKE_REWRITE, T0 + HOUR));

    assertThat(first.clusterId()).isEqualTo(Clusters.clusterIdOf("urn:newswire:afp:1"));
    assertThat(first.related()).isEmpty();
    assertThat(second.clusterId()).isEqualTo(first.clusterId());
    assertThat(second.match().urn()).isEqualTo("urn:newswire:afp:1");
    assertThat(second.match().similarity()).isGreaterThanOrEqualTo(0.5);
    assertThat(second.related())
        .extracting(ClusterIndex.Ref::urn, ClusterIndex.Ref::agency)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("urn:newswire:afp:1", "afp"));
  }

  @Test
  void theSameTemplateWithOtherNumbersAndPlacesIsAnotherCluster() {
    var first = clusters.assign(story("urn:newswire:afp:1", "en", QUAKE, T0));
    var other = clusters.assign(story("urn:newswire:afp:2", "en", OTHER_QUAKE, T0 + HOUR));
    assertThat(other.clusterId()).isNotEqualTo(first.clusterId());
    assertThat(other.related()).isEmpty();
  }

  @Test
  void onlyStoriesOfTheSameLanguageAreCompared() {
    var first = clusters.assign(story("urn:newswire:afp:1", "en", QUAKE, T0));
    var fr = clusters.assign(story("urn:newswire:afp:2", "fr", QUAKE, T0 + HOUR));
    assertThat(fr.clusterId()).isNotEqualTo(first.clusterId());
  }

  @Test
  void anUpdateStaysInItsClusterWhateverItsNewText() {
    var first = clusters.assign(story("urn:newswire:afp:1", "en", QUAKE, T0));
    clusters.assign(story("urn:newswire:reuters:9", "en", QUAKE_REWRITE, T0 + HOUR));
    var update = clusters.assign(story("urn:newswire:reuters:9", "en", FIRE, T0 + 2 * HOUR));
    assertThat(update.kept()).isTrue();
    assertThat(update.clusterId()).isEqualTo(first.clusterId());
    assertThat(update.related()).extracting(ClusterIndex.Ref::urn).contains("urn:newswire:afp:1");
    // its old text no longer brings newcomers to it, its new text does
    var third = clusters.assign(story("urn:newswire:vna:3", "en", QUAKE_REWRITE, T0 + 3 * HOUR));
    assertThat(third.match().urn()).isEqualTo("urn:newswire:afp:1");
    assertThat(index.members()).isEqualTo(3);
  }

  @Test
  void aWithdrawnStoryLeavesItsClusterAndTheIndex() {
    var first = clusters.assign(story("urn:newswire:afp:1", "en", QUAKE, T0));
    clusters.assign(story("urn:newswire:reuters:9", "en", QUAKE_REWRITE, T0 + HOUR));

    assertThat(clusters.withdraw("urn:newswire:afp:1")).isEqualTo(first.clusterId());
    assertThat(clusters.withdraw("urn:newswire:afp:1")).isNull();
    assertThat(index.member(Clusters.idOf("urn:newswire:afp:1"))).isNull();
    assertThat(index.cluster(first.clusterId()))
        .extracting(ClusterIndex.Ref::urn)
        .containsExactly("urn:newswire:reuters:9");
    // a newcomer still finds the cluster through the member that stayed, never the withdrawn one
    var third = clusters.assign(story("urn:newswire:vna:3", "en", QUAKE, T0 + 2 * HOUR));
    assertThat(third.clusterId()).isEqualTo(first.clusterId());
    assertThat(third.related())
        .extracting(ClusterIndex.Ref::urn)
        .containsExactly("urn:newswire:reuters:9");
  }

  @Test
  void membersOlderThanTheWindowAreIgnoredAndPurged() {
    Clusters short6h =
        new Clusters(ClusterSettings.defaults().withWindow(Duration.ofHours(6)), index);
    var first = short6h.assign(story("urn:newswire:afp:1", "en", QUAKE, T0));
    var late = short6h.assign(story("urn:newswire:reuters:9", "en", QUAKE_REWRITE, T0 + 7 * HOUR));
    assertThat(late.clusterId()).isNotEqualTo(first.clusterId());
    assertThat(late.candidates()).isZero();

    assertThat(short6h.purge(T0 + 6 * HOUR - 1, 100)).isZero();
    assertThat(short6h.purge(T0 + 7 * HOUR, 100)).isEqualTo(1);
    assertThat(index.member(Clusters.idOf("urn:newswire:afp:1"))).isNull();
    assertThat(index.cluster(first.clusterId())).isEmpty();
    assertThat(index.members()).isEqualTo(1);
    // purging is bounded per call
    for (int i = 0; i < 10; i++) {
      short6h.assign(story("urn:newswire:afp:x" + i, "en", FIRE + " " + i, T0 + 8 * HOUR));
    }
    assertThat(short6h.purge(T0 + 30 * HOUR, 4)).isEqualTo(4);
    assertThat(short6h.purge(T0 + 30 * HOUR, 100)).isEqualTo(7);
    assertThat(index.members()).isZero();
    assertThat(index.buckets()).isZero();
  }

  @Test
  void bucketsAndClustersKeepOnlyTheMostRecentMembersAndCandidatesAreCapped() {
    ClusterSettings small = ClusterSettings.defaults().withCaps(4, 3, 5);
    Clusters capped = new Clusters(small, index);
    List<Clusters.Assignment> out = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      out.add(capped.assign(story("urn:newswire:afp:" + i, "en", QUAKE, T0 + i)));
    }
    assertThat(index.largestBucket()).isEqualTo(4);
    assertThat(out).allMatch(a -> a.candidates() <= 3);
    assertThat(out).extracting(Clusters.Assignment::clusterId).containsOnly(out.get(0).clusterId());
    assertThat(out.get(11).related()).hasSize(4); // cluster cap 5, less the story itself
    assertThat(index.cluster(out.get(0).clusterId())).hasSize(5);
  }

  @Test
  void aStoryTooShortToCompareGetsItsOwnCluster() {
    var a = clusters.assign(story("urn:newswire:afp:1", "en", "Quake hits Mindanao", T0));
    var b = clusters.assign(story("urn:newswire:reuters:2", "en", "Quake hits Mindanao", T0 + 1));
    var empty = clusters.assign(story("urn:newswire:vna:3", "en", "", T0 + 2));
    assertThat(b.clusterId()).isNotEqualTo(a.clusterId());
    assertThat(empty.clusterId()).isEqualTo(Clusters.clusterIdOf("urn:newswire:vna:3"));
    assertThat(index.buckets()).isZero();
  }

  @Test
  void aStoryUnderEmbargoJoinsItsClusterButIsNotNamedBeforeItsEmbargoLifts() {
    long lift = T0 + 2 * HOUR;
    var held =
        clusters.assign(new Clusters.Story("urn:newswire:afp:1", "afp", "en", QUAKE, T0, lift));
    var before = clusters.assign(story("urn:newswire:reuters:9", "en", QUAKE_REWRITE, T0 + HOUR));
    var after = clusters.assign(story("urn:newswire:ap:5", "en", QUAKE, lift + 1));

    assertThat(before.clusterId()).isEqualTo(held.clusterId());
    assertThat(before.related()).as("not public yet").isEmpty();
    assertThat(after.clusterId()).isEqualTo(held.clusterId());
    assertThat(after.related())
        .extracting(ClusterIndex.Ref::urn)
        .containsExactly("urn:newswire:afp:1", "urn:newswire:reuters:9");
  }

  @Test
  void memberListsSurviveTheirBinaryForm_andListsWrittenBeforeEmbargoesStillRead() {
    var refs =
        java.util.List.of(
            new ClusterIndex.Ref("urn:a", "afp", 5, 99), new ClusterIndex.Ref("urn:b", "vna", 6));
    assertThat(Refs.decode(Refs.encode(refs))).isEqualTo(refs);

    java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(1 + 4 + 4 + 5 + 4 + 3 + 8);
    v1.put((byte) 1).putInt(1).putInt(5).put("urn:a".getBytes()).putInt(3).put("afp".getBytes());
    v1.putLong(5);
    assertThat(Refs.decode(v1.array())).containsExactly(new ClusterIndex.Ref("urn:a", "afp", 5));
  }

  @Test
  void bucketsKeepTheNewestEntriesWithinTheWindowAndSurviveTheirBinaryForm() {
    Bucket b = Bucket.EMPTY;
    for (long id = 1; id <= 5; id++) {
      b = b.with(id, 100 + id, 4, 0);
    }
    assertThat(b.size()).isEqualTo(4);
    assertThat(b.id(0)).isEqualTo(2);
    assertThat(b.id(3)).isEqualTo(5);
    // an id seen again moves to the newest place, once
    b = b.with(3, 200, 4, 0);
    assertThat(new long[] {b.id(0), b.id(1), b.id(2), b.id(3)}).containsExactly(2, 4, 5, 3);
    assertThat(b.time(3)).isEqualTo(200);
    // entries last seen before the cutoff go
    assertThat(b.with(9, 300, 4, 105).size()).isEqualTo(3); // (5, 105), (3, 200), (9, 300)
    assertThat(b.without(4).size()).isEqualTo(3);
    assertThat(b.without(42)).isSameAs(b);
    assertThat(Bucket.decode(b.encode())).isEqualTo(b);
    assertThat(Bucket.decode(null)).isEqualTo(Bucket.EMPTY);
    assertThatThrownBy(() -> Bucket.decode(new byte[] {9, 1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStoryWhoseMemberIdIsTakenByAnotherUrnKeepsAClusterOfItsOwnAndIsNotIndexed() {
    Member other =
        new Member("urn:newswire:afp:other", "afp", "en", "c", T0, new int[0], new long[0]);
    // an index in which every id answers with another URN's member: a 64-bit collision
    ClusterIndex colliding =
        new ClusterIndex() {
          @Override
          public Member member(long id) {
            return other;
          }

          @Override
          public void putMember(Member m, Member previous) {
            throw new AssertionError("must not be indexed");
          }

          @Override
          public void removeMember(Member m) {
            throw new AssertionError("must not be removed");
          }

          @Override
          public Bucket bucket(long key) {
            return index.bucket(key);
          }

          @Override
          public void putBucket(long key, Bucket bucket) {
            throw new AssertionError("must not be indexed");
          }

          @Override
          public List<ClusterIndex.Ref> cluster(String clusterId) {
            return index.cluster(clusterId);
          }

          @Override
          public void putCluster(String clusterId, List<ClusterIndex.Ref> refs) {
            throw new AssertionError("must not be listed");
          }

          @Override
          public List<String> olderThan(long cutoff, int max) {
            return List.of();
          }
        };
    var a = new Clusters(ClusterSettings.defaults(), colliding);
    var out = a.assign(story("urn:newswire:vna:1", "en", QUAKE, T0));
    assertThat(out.indexed()).isFalse();
    assertThat(out.clusterId()).isEqualTo(Clusters.clusterIdOf("urn:newswire:vna:1"));
    assertThat(out.related()).isEmpty();
    assertThat(a.withdraw("urn:newswire:vna:1")).as("not the other story").isNull();
  }

  @Test
  void aMemberSurvivesItsBinaryForm() {
    Member m = new Member("urn:x", "afp", "vi", "c", 42, new int[] {1, -2, 3}, new long[] {7, 9});
    Member back = Member.decode(m.encode());
    assertThat(back.urn()).isEqualTo("urn:x");
    assertThat(back.language()).isEqualTo("vi");
    assertThat(back.time()).isEqualTo(42);
    assertThat(back.signature()).containsExactly(1, -2, 3);
    assertThat(back.numbers()).containsExactly(7, 9);
  }
}
