package io.newswire.publish.core.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.publish.core.console.Highlights.Mark;
import io.newswire.publish.core.console.Highlights.Segment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConsoleCoreTest {

  static String joined(List<Segment> segments) {
    return segments.stream().map(Segment::text).collect(Collectors.joining());
  }

  @Test
  void mentionsBecomeHighlightedSegmentsAndTheTextIsKeptWhole() {
    String text = "Les ministres de l'ASEAN parlent d'IA et d'IA générative.";
    int asean = text.indexOf("ASEAN");
    int ia = text.indexOf("IA");
    int ia2 = text.lastIndexOf("IA");
    var segments =
        Highlights.segments(
            text,
            List.of(
                new Mark(ia2, ia2 + 2, "AI"),
                new Mark(asean, asean + 5, "ASEAN"),
                new Mark(ia, ia + 2, "AI")));
    assertThat(joined(segments)).isEqualTo(text);
    assertThat(segments.stream().filter(Segment::highlighted))
        .extracting(Segment::text, Segment::tag)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ASEAN", "ASEAN"),
            org.assertj.core.groups.Tuple.tuple("IA", "AI"),
            org.assertj.core.groups.Tuple.tuple("IA", "AI"));
    assertThat(segments.get(0)).isEqualTo(new Segment("Les ministres de l'", null));
  }

  @Test
  void mentionsOutsideTheTextEmptyOrOverlappingAreLeftOut() {
    String text = "digital transformation";
    var segments =
        Highlights.segments(
            text,
            List.of(
                new Mark(0, 22, "DIGITAL_TRANSFORMATION"),
                new Mark(0, 7, "DIGITAL"), // overlaps the longer one starting there
                new Mark(8, 30, "X"), // past the end
                new Mark(-1, 3, "Y"),
                new Mark(5, 5, "Z")));
    assertThat(segments).containsExactly(new Segment(text, "DIGITAL_TRANSFORMATION"));
    assertThat(Highlights.segments("", List.of(new Mark(0, 1, "A")))).isEmpty();
    assertThat(Highlights.segments("abc", List.of())).containsExactly(new Segment("abc", null));
  }

  @Test
  void captionMentionsAreAtOffsetsOfTheCaptionsJoinedByNewlines() {
    List<String> captions = List.of("Le ministre à l'ASEAN", "Photo: AI");
    String joined = String.join("\n", captions);
    int asean = joined.indexOf("ASEAN");
    int ai = joined.indexOf("AI");
    var out =
        Highlights.captionSegments(
            captions,
            List.of(
                new Mark(asean, asean + 5, "ASEAN"),
                new Mark(ai, ai + 2, "AI"),
                new Mark(asean, ai, "ACROSS")));
    assertThat(out).hasSize(2);
    assertThat(joined(out.get(0))).isEqualTo(captions.get(0));
    assertThat(out.get(0)).contains(new Segment("ASEAN", "ASEAN"));
    assertThat(out.get(1)).containsExactly(new Segment("Photo: ", null), new Segment("AI", "AI"));
  }

  static Map<String, LagHistory.Lag> lags(Object... groupLag) {
    Map<String, LagHistory.Lag> m = new LinkedHashMap<>();
    for (int i = 0; i < groupLag.length; i += 2) {
      m.put(
          (String) groupLag[i],
          new LagHistory.Lag(((Number) groupLag[i + 1]).longValue(), List.of("news.raw.v1")));
    }
    return m;
  }

  @Test
  void theLagRingKeepsTheLastSamplesAndForgetsGroupsGoneForTheWholeWindow() {
    LagHistory h = new LagHistory(3, 10);
    h.record(1_000, lags("enrich", 5, "publish", 1));
    h.record(2_000, lags("enrich", 7));
    h.record(3_000, lags("enrich", -2)); // never below 0
    h.record(4_000, lags("enrich", 0));
    assertThat(h.sampleTimes()).containsExactly(2_000L, 3_000L, 4_000L);
    assertThat(h.snapshot()).extracting(LagHistory.Series::group).containsExactly("enrich");
    assertThat(h.snapshot().get(0).points())
        .extracting(LagHistory.Point::lag)
        .containsExactly(7L, 0L, 0L);
    assertThat(h.snapshot().get(0).topics()).containsExactly("news.raw.v1");
    assertThat(h.lastSample()).isEqualTo(4_000L);
  }

  @Test
  void theLagRingKeepsAtMostMaxGroups() {
    LagHistory h = new LagHistory(5, 2);
    h.record(1, lags("a", 1, "b", 2, "c", 3));
    h.record(2, lags("c", 3, "d", 4, "a", 1));
    assertThat(h.snapshot()).extracting(LagHistory.Series::group).containsExactly("a", "b");
  }
}
