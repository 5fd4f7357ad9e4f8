package io.newswire.chaos.core;

import io.newswire.chaos.core.History.Accepted;
import io.newswire.chaos.core.History.Delivered;
import io.newswire.chaos.core.History.Version;
import io.newswire.chaos.core.History.Written;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges a {@link History} against Newswire's promise, per story version:
 *
 * <ul>
 *   <li>every version answered 202 (an idempotent replay counts once) has at least one record on
 *       news.raw.v1 (a second copy is counted as {@code raw-copies}: allowed only in the race of
 *       two ingest instances, and enrich must drop it), exactly one on news.enriched.v1 and exactly
 *       one event on news.published.v1;
 *   <li>each tag topic holds exactly the published events whose Newswire subjects carry that tag,
 *       once each;
 *   <li>no version of a story goes back on any topic, nor in what a subscriber receives;
 *   <li>news.stories.latest.v1 ends, for each story, with its last version's event, or a tombstone
 *       when withdrawn;
 *   <li>the SSE client and the webhook receiver each received every published event (repeats are
 *       counted, not violations: both promise at least once and carry the CloudEvent id to
 *       deduplicate on);
 *   <li>nothing is written that was not accepted, and no answer breaks the contract (a conflict
 *       probe must get 409; nothing else may end in a 4xx);
 *   <li>no transaction is left open.
 * </ul>
 */
public final class Checker {
  private static final int MAX_EXAMPLES = 30;

  private final History h;
  private final Map<String, Integer> lost = new TreeMap<>();
  private final Map<String, Integer> duplicated = new TreeMap<>();
  private final Map<String, Integer> outOfOrder = new TreeMap<>();
  private final Map<String, Integer> unexpected = new TreeMap<>();
  private final List<String> examples = new ArrayList<>();
  private int staleLatest;

  private Checker(History h) {
    this.h = h;
  }

  public static Verdict check(History history) {
    return new Checker(history).run();
  }

  private Verdict run() {
    Map<Version, Accepted> accepted = new LinkedHashMap<>();
    int replays = 0;
    for (Accepted a : h.accepted()) {
      if (accepted.putIfAbsent(a.version(), a) != null || a.replayed()) {
        replays++;
      }
    }
    Set<String> stories = new HashSet<>();
    accepted.keySet().forEach(v -> stories.add(v.urn()));
    checkAnswers();

    int rawCopies = 0;
    Map<Version, Integer> raw = count(h.raw());
    for (Version v : accepted.keySet()) {
      int n = raw.getOrDefault(v, 0);
      if (n == 0) {
        note(lost, "news.raw.v1", v + ": answered 202, not on news.raw.v1");
      } else {
        rawCopies += n - 1;
      }
    }
    exactlyOnce("news.enriched.v1", accepted.keySet(), count(h.enriched()));
    exactlyOnce("news.published.v1", accepted.keySet(), count(h.published()));
    answersNameTheirWrite();
    unexpectedOutput("news.raw.v1", accepted.keySet(), h.raw());
    unexpectedOutput("news.enriched.v1", accepted.keySet(), h.enriched());
    unexpectedOutput("news.published.v1", accepted.keySet(), h.published());

    inOrder("news.raw.v1", h.raw());
    inOrder("news.enriched.v1", h.enriched());
    inOrder("news.published.v1", h.published());
    h.tagTopics().forEach((tag, records) -> inOrder("tag " + tag, records));
    checkTagTopics();
    checkLatest(accepted);
    int sseRepeats = checkDeliveries("sse", h.sse());
    int webhookRepeats = checkDeliveries("webhook", h.webhook());
    h.openTransactions()
        .forEach(
            p ->
                examples(
                    "open transaction: a read_committed reader never reached the marker on " + p));

    return new Verdict(
        stories.size(),
        accepted.size(),
        replays,
        lost,
        duplicated,
        outOfOrder,
        staleLatest,
        unexpected,
        h.openTransactions().size(),
        rawCopies,
        sseRepeats,
        webhookRepeats,
        h.deadLetters(),
        delays(accepted),
        List.copyOf(examples));
  }

  private void checkAnswers() {
    for (History.Answer a : h.answers()) {
      boolean expected = a.kind() == Workload.Kind.CONFLICT_PROBE && a.status() == 409;
      if (!expected) {
        note(
            unexpected,
            "answers",
            a.version() + " (" + a.kind() + "): answered " + a.status() + " " + a.problemType());
      }
    }
    for (Accepted a : h.accepted()) {
      if (a.kind() == Workload.Kind.CONFLICT_PROBE) {
        note(
            unexpected,
            "answers",
            a.version() + ": other content under an accepted version was answered 202");
      }
    }
  }

  /**
   * Every 202 names the write that made the version accepted: its ingest id is on news.raw.v1. An
   * answer with an id found nowhere would mean the client was told of a write that was never
   * committed (while another copy was).
   */
  private void answersNameTheirWrite() {
    Map<Version, Set<String>> ids = new HashMap<>();
    h.raw().forEach(w -> ids.computeIfAbsent(w.id(), k -> new HashSet<>()).add(w.ingestId()));
    for (Accepted a : h.accepted()) {
      Set<String> onRaw = ids.get(a.version());
      if (a.ingestId() != null && onRaw != null && !onRaw.contains(a.ingestId())) {
        note(
            unexpected,
            "answers",
            a.version()
                + ": answered 202 with ingest id "
                + a.ingestId()
                + ", which no record on news.raw.v1 carries (it has "
                + onRaw
                + ")");
      }
    }
  }

  private static Map<Version, Integer> count(List<Written> records) {
    Map<Version, Integer> counts = new HashMap<>();
    for (Written w : records) {
      if (!w.tombstone()) {
        counts.merge(w.id(), 1, Integer::sum);
      }
    }
    return counts;
  }

  private void exactlyOnce(String topic, Set<Version> accepted, Map<Version, Integer> counts) {
    for (Version v : accepted) {
      int n = counts.getOrDefault(v, 0);
      if (n == 0) {
        note(lost, topic, v + ": answered 202, not on " + topic);
      } else if (n > 1) {
        note(duplicated, topic, v + ": " + n + " records on " + topic);
      }
    }
  }

  private void unexpectedOutput(String topic, Set<Version> accepted, List<Written> records) {
    for (Written w : records) {
      if (!w.tombstone() && !accepted.contains(w.id())) {
        note(
            unexpected,
            topic,
            w.id()
                + " on "
                + topic
                + " at "
                + w.partition()
                + "@"
                + w.offset()
                + " was never answered 202");
      }
    }
  }

  /**
   * In offset order (every record of a story is on one partition), a story's version never goes
   * back.
   */
  private void inOrder(String where, List<Written> records) {
    Map<String, Written> last = new HashMap<>();
    for (Written w : records) {
      if (w.tombstone()) {
        continue;
      }
      Written before = last.put(w.urn(), w);
      if (before != null && w.version() < before.version()) {
        note(
            outOfOrder,
            where,
            w.urn() + ": v" + w.version() + " after v" + before.version() + " on " + where);
      }
    }
  }

  private void checkTagTopics() {
    for (Map.Entry<String, List<Written>> e : h.tagTopics().entrySet()) {
      String tag = e.getKey();
      String where = "tag " + tag;
      Map<String, Integer> expected = new HashMap<>();
      h.published().stream()
          .filter(w -> !w.tombstone() && w.tags().contains(tag))
          .forEach(w -> expected.merge(w.event(), 1, Integer::sum));
      Map<String, Integer> actual = new HashMap<>();
      e.getValue().stream()
          .filter(w -> !w.tombstone())
          .forEach(w -> actual.merge(w.event(), 1, Integer::sum));
      expected.forEach(
          (event, n) -> {
            int got = actual.getOrDefault(event, 0);
            if (got < n) {
              note(
                  lost,
                  where,
                  event + ": tagged " + tag + " on news.published.v1, not on its tag topic");
            } else if (got > n) {
              note(duplicated, where, event + ": " + got + " records on the " + tag + " topic");
            }
          });
      actual.keySet().stream()
          .filter(event -> !expected.containsKey(event))
          .sorted()
          .forEach(
              event ->
                  note(
                      unexpected,
                      where,
                      event + " on the " + tag + " topic without that tag published"));
    }
  }

  private void checkLatest(Map<Version, Accepted> accepted) {
    Map<String, Integer> lastVersion = new HashMap<>();
    Set<String> withdrawn = new HashSet<>();
    accepted.forEach(
        (v, a) -> {
          lastVersion.merge(v.urn(), v.version(), Math::max);
          if (a.kind() == Workload.Kind.WITHDRAWAL) {
            withdrawn.add(v.urn());
          }
        });
    Map<String, Written> latest = new HashMap<>();
    h.latest().forEach(w -> latest.put(w.urn(), w));
    lastVersion.forEach(
        (urn, version) -> {
          Written w = latest.get(urn);
          boolean ok =
              withdrawn.contains(urn)
                  ? w != null && w.tombstone()
                  : w != null && !w.tombstone() && w.version() == version;
          if (!ok) {
            staleLatest++;
            examples(
                urn
                    + ": news.stories.latest.v1 ends with "
                    + (w == null ? "nothing" : w.tombstone() ? "a tombstone" : "v" + w.version())
                    + ", expected "
                    + (withdrawn.contains(urn) ? "a tombstone" : "v" + version));
          }
        });
    latest.keySet().stream()
        .filter(urn -> !lastVersion.containsKey(urn))
        .sorted()
        .forEach(
            urn ->
                note(
                    unexpected,
                    "news.stories.latest.v1",
                    urn + " on news.stories.latest.v1, never accepted"));
  }

  /**
   * Every published event reached the subscriber, in order per story, and nothing else did. Returns
   * how many deliveries repeated an event already received.
   */
  private int checkDeliveries(String who, List<Delivered> deliveries) {
    Map<String, Delivered> first = new LinkedHashMap<>();
    int repeats = 0;
    for (Delivered d : deliveries) {
      if (first.putIfAbsent(d.event(), d) != null) {
        repeats++;
      }
    }
    Set<String> published = new HashSet<>();
    h.published().stream().filter(w -> !w.tombstone()).forEach(w -> published.add(w.event()));
    for (String event : published) {
      if (!first.containsKey(event)) {
        note(lost, who, event + ": published, never received by the " + who + " subscriber");
      }
    }
    Map<String, Integer> lastVersion = new HashMap<>();
    for (Delivered d : first.values()) {
      if (!published.contains(d.event())) {
        note(
            unexpected,
            who,
            d.event() + ": received by the " + who + " subscriber, not on news.published.v1");
      }
      Integer before = lastVersion.put(d.urn(), d.version());
      if (before != null && d.version() < before) {
        note(
            outOfOrder,
            who,
            d.urn() + ": v" + d.version() + " received after v" + before + " by " + who);
      }
    }
    return repeats;
  }

  private Verdict.Delays delays(Map<Version, Accepted> accepted) {
    Map<String, Long> seen = new HashMap<>();
    for (Delivered d : h.sse()) {
      seen.putIfAbsent(d.urn() + " v" + d.version(), d.atMillis());
    }
    long[] delays =
        accepted.values().stream()
            .filter(a -> seen.containsKey(a.version().toString()))
            .mapToLong(a -> Math.max(0, seen.get(a.version().toString()) - a.acceptedAtMillis()))
            .toArray();
    return Verdict.Delays.of(delays);
  }

  private void note(Map<String, Integer> counts, String where, String example) {
    counts.merge(where, 1, Integer::sum);
    examples(example);
  }

  private void examples(String example) {
    if (examples.size() < MAX_EXAMPLES) {
      examples.add(example);
    }
  }
}
