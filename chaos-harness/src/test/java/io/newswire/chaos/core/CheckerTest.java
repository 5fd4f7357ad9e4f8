package io.newswire.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.chaos.core.History.Accepted;
import io.newswire.chaos.core.History.Delivered;
import io.newswire.chaos.core.History.Version;
import io.newswire.chaos.core.History.Written;
import io.newswire.chaos.core.Workload.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checker must see every kind of violation: each test starts from a clean history of three
 * stories (one updated, one withdrawn, one tagged AI) that is valid, breaks one thing and expects
 * exactly that count.
 */
class CheckerTest {
  private static final String A = "urn:newswire:vna:a";
  private static final String B = "urn:newswire:afp:b";
  private static final String C = "urn:newswire:ap:c";

  /** A mutable clean history: a v1 → v2 update of A (tagged AI), B withdrawn at v2, C once. */
  private static final class Clean {
    List<Accepted> accepted =
        new ArrayList<>(
            List.of(
                acc(A, 1, Kind.STORY),
                acc(A, 2, Kind.UPDATE),
                acc(B, 1, Kind.STORY),
                acc(B, 2, Kind.WITHDRAWAL),
                acc(C, 1, Kind.STORY)));
    List<History.Answer> answers =
        new ArrayList<>(
            List.of(
                new History.Answer(
                    new Version(C, 1), Kind.CONFLICT_PROBE, 409, "version-conflict")));
    List<Written> raw =
        new ArrayList<>(
            List.of(
                w(0, 0, A, 1, "usable"),
                w(0, 1, A, 2, "usable"),
                w(1, 0, B, 1, "usable"),
                w(1, 1, B, 2, "canceled"),
                w(2, 0, C, 1, "usable")));
    List<Written> enriched =
        new ArrayList<>(
            List.of(
                w(0, 0, A, 1, "NEW"),
                w(0, 1, A, 2, "UPDATE"),
                w(1, 0, B, 1, "NEW"),
                w(1, 1, B, 2, "KILL"),
                w(2, 0, C, 1, "NEW")));
    List<Written> published =
        new ArrayList<>(
            List.of(
                ai(0, 0, A, 1, "PUBLISHED"),
                ai(0, 1, A, 2, "UPDATED"),
                w(1, 0, B, 1, "PUBLISHED"),
                w(1, 1, B, 2, "WITHDRAWN"),
                w(2, 0, C, 1, "PUBLISHED")));
    Map<String, List<Written>> tags =
        new HashMap<>(
            Map.of(
                "AI",
                new ArrayList<>(List.of(ai(0, 0, A, 1, "PUBLISHED"), ai(0, 1, A, 2, "UPDATED"))),
                "ASEAN",
                new ArrayList<>()));
    List<Written> latest =
        new ArrayList<>(
            List.of(
                ai(0, 0, A, 1, "PUBLISHED"),
                ai(0, 1, A, 2, "UPDATED"),
                w(1, 0, B, 1, "PUBLISHED"),
                w(1, 1, B, 2, "WITHDRAWN"),
                tombstone(1, 2, B),
                w(2, 0, C, 1, "PUBLISHED")));
    List<Delivered> sse = new ArrayList<>(deliveries(published));
    List<Delivered> webhook = new ArrayList<>(deliveries(published));
    List<String> open = new ArrayList<>();

    Verdict check() {
      return Checker.check(
          new History(
              accepted, answers, raw, enriched, published, tags, latest, sse, webhook, open, 0));
    }
  }

  private static Accepted acc(String urn, int version, Kind kind) {
    return new Accepted(
        new Version(urn, version), kind, 1_000, 1_100, "ingest-" + urn + version, false);
  }

  private static Written w(int partition, long offset, String urn, int version, String type) {
    return new Written(
        partition, offset, urn, version, type, Set.of(), false, "ingest-" + urn + version);
  }

  private static Written ai(int partition, long offset, String urn, int version, String type) {
    return new Written(partition, offset, urn, version, type, Set.of("AI"), false, null);
  }

  private static Written tombstone(int partition, long offset, String urn) {
    return new Written(partition, offset, urn, 0, null, Set.of(), true, null);
  }

  private static List<Delivered> deliveries(List<Written> events) {
    return events.stream()
        .map(e -> new Delivered("ce-" + e.event(), e.urn(), e.version(), e.type(), 1_300))
        .toList();
  }

  @Test
  void aCleanHistoryIsValid() {
    Verdict v = new Clean().check();
    assertThat(v.valid()).as(v.edn(Map.of())).isTrue();
    assertThat(v.acceptedStories()).isEqualTo(3);
    assertThat(v.acceptedVersions()).isEqualTo(5);
    assertThat(v.delays().count()).isEqualTo(5);
    assertThat(v.delays().p50()).isEqualTo(200);
  }

  @Test
  void anAcceptedVersionMissingFromATopicIsLost() {
    Clean h = new Clean();
    h.enriched.remove(4);
    Verdict v = h.check();
    assertThat(v.valid()).isFalse();
    assertThat(v.lost()).containsEntry("news.enriched.v1", 1);
    assertThat(v.examples()).anyMatch(e -> e.contains(C + " v1") && e.contains("news.enriched.v1"));
  }

  @Test
  void aSecondEnrichedOrPublishedRecordIsADuplicateButASecondRawCopyIsOnlyCounted() {
    Clean h = new Clean();
    h.published.add(w(2, 1, C, 1, "PUBLISHED"));
    h.sse.add(new Delivered("x", C, 1, "PUBLISHED", 1_400));
    h.raw.add(w(2, 1, C, 1, "usable"));
    Verdict v = h.check();
    assertThat(v.duplicated()).containsEntry("news.published.v1", 1).hasSize(1);
    assertThat(v.rawCopies()).isEqualTo(1);
    assertThat(v.sseRepeats()).isEqualTo(1);
  }

  @Test
  void anIdempotentReplayCountsOnce() {
    Clean h = new Clean();
    h.accepted.add(
        new Accepted(new Version(C, 1), Kind.RESEND, 2_000, 2_050, "ingest-" + C + 1, true));
    Verdict v = h.check();
    assertThat(v.valid()).isTrue();
    assertThat(v.replays()).isEqualTo(1);
    assertThat(v.acceptedVersions()).isEqualTo(5);
  }

  @Test
  void aVersionThatGoesBackIsOutOfOrder() {
    Clean h = new Clean();
    h.enriched.set(0, w(0, 0, A, 2, "UPDATE"));
    h.enriched.set(1, w(0, 1, A, 1, "NEW"));
    assertThat(h.check().outOfOrder()).containsEntry("news.enriched.v1", 1);

    Clean s = new Clean();
    s.sse.add(0, s.sse.remove(1)); // v2 of A received before v1
    assertThat(s.check().outOfOrder()).containsEntry("sse", 1);
  }

  @Test
  void latestMustEndWithTheLastVersionOrATombstone() {
    Clean h = new Clean();
    h.latest.remove(4); // B's tombstone
    h.latest.add(ai(0, 2, A, 1, "PUBLISHED")); // A goes back to v1
    Verdict v = h.check();
    assertThat(v.staleLatest()).isEqualTo(2);
    assertThat(v.valid()).isFalse();
  }

  @Test
  void outputNobodyWasToldWasAcceptedIsUnexpected() {
    Clean h = new Clean();
    h.accepted.remove(4); // C v1 never answered 202
    h.answers.clear();
    Verdict v = h.check();
    assertThat(v.unexpected())
        .containsKeys(
            "news.raw.v1", "news.enriched.v1", "news.published.v1", "news.stories.latest.v1");
  }

  @Test
  void aConflictProbeMustBeRefusedAndNothingElseMay() {
    Clean h = new Clean();
    h.accepted.add(
        new Accepted(new Version(C, 1), Kind.CONFLICT_PROBE, 1, 2, "ingest-" + C + 1, false));
    h.answers.add(new History.Answer(new Version(A, 3), Kind.UPDATE, 400, "invalid-story"));
    assertThat(h.check().unexpected()).containsEntry("answers", 2);
  }

  @Test
  void a202MustNameAWriteThatIsOnTheRawTopic() {
    Clean h = new Clean();
    h.raw.set(4, new Written(2, 0, C, 1, "usable", Set.of(), false, "another-write"));
    Verdict v = h.check();
    assertThat(v.unexpected()).containsEntry("answers", 1);
    assertThat(v.examples()).anyMatch(e -> e.contains("another-write"));
  }

  @Test
  void tagTopicsHoldExactlyTheTaggedEvents() {
    Clean missing = new Clean();
    missing.tags.get("AI").remove(1);
    assertThat(missing.check().lost()).containsEntry("tag AI", 1);

    Clean extra = new Clean();
    extra.tags.get("ASEAN").add(w(2, 0, C, 1, "PUBLISHED"));
    assertThat(extra.check().unexpected()).containsEntry("tag ASEAN", 1);

    Clean twice = new Clean();
    twice.tags.get("AI").add(ai(0, 2, A, 2, "UPDATED"));
    assertThat(twice.check().duplicated()).containsEntry("tag AI", 1);
  }

  @Test
  void subscribersMustReceiveEveryPublishedEvent() {
    Clean h = new Clean();
    h.webhook.remove(3);
    h.sse.clear();
    Verdict v = h.check();
    assertThat(v.lost()).containsEntry("webhook", 1).containsEntry("sse", 5);
    assertThat(v.delays().count()).isZero();
  }

  @Test
  void anOpenTransactionIsAViolation() {
    Clean h = new Clean();
    h.open.add("news.enriched.v1-2");
    Verdict v = h.check();
    assertThat(v.openTransactions()).isEqualTo(1);
    assertThat(v.valid()).isFalse();
    assertThat(v.edn(Map.of("seed", 7)))
        .contains(":valid? false", ":open-transactions 1", ":seed 7");
  }

  @Test
  void aRunThatAcceptedNothingProvesNothing() {
    Verdict v =
        Checker.check(
            new History(
                List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), List.of(),
                List.of(), List.of(), List.of(), 0));
    assertThat(v.valid()).isFalse();
  }
}
