package io.newswire.enrich.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.enrich.core.budget.WorkBudget;
import io.newswire.enrich.core.corpus.CorpusSupport;
import io.newswire.enrich.core.tagging.Mention;
import io.newswire.enrich.core.tagging.TagResult;
import io.newswire.enrich.core.tagging.Tagger;
import io.newswire.enrich.core.text.CaptionLimits;
import io.newswire.enrich.core.text.NormalizedStory;
import io.newswire.enrich.core.text.StoryText;
import io.newswire.enrich.core.text.TextNormalizer;
import io.newswire.testkit.HostileText;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Enrichment on hostile text ({@link HostileText}): every kind, at 64 KB and at 1 MiB, is enriched
 * with sound results, and a well-formed story behind hostile text keeps its tags and captions. How
 * the cost grows with the size is measured by the enrich benchmark ({@code
 * docs/performance-enrich.md}), not here; the timeout on this class is only a guard against a hang
 * (the slowest case took minutes before the normalizer and the tagger were made linear).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostileTextTest {

  private static final Set<String> LANGUAGES =
      Set.of("und", "en", "fr", "vi", "id", "ms", "fil", "zh", "es", "de", "th", "km", "lo", "my");
  private final Enricher enricher = SharedEnricher.get();

  @TestFactory
  Stream<DynamicTest> everyKindIsEnrichedSoundlyAt64KbAnd1Mib() {
    return HostileText.kinds().entrySet().stream()
        .flatMap(
            kind ->
                Stream.of(64 * 1024, 1 << 20)
                    .map(
                        size ->
                            DynamicTest.dynamicTest(
                                kind.getKey() + " " + size / 1024 + " KB",
                                () -> {
                                  String body = kind.getValue().apply(size);
                                  assertSound(
                                      enricher.enrich(new StoryText("afp", null, body, null)));
                                })));
  }

  /**
   * The report that opened this work: 32,000 pairs of "- " before an inline caption held a stream
   * thread.
   */
  @Test
  void aRunOfDashesBeforeACaptionIsACaption() {
    String body = "- ".repeat(32_000) + "… Photo: AFP | ASEAN ministers met in Hanoi.";
    Enrichment e = enricher.enrich(new StoryText("afp", null, body, null));
    assertThat(e.story().captions())
        .singleElement()
        .satisfies(c -> assertThat(c.credit()).isEqualTo("AFP"));
    assertThat(e.story().body()).isEqualTo("ASEAN ministers met in Hanoi.");
    assertThat(e.tags()).extracting(TagResult::id).contains("ASEAN");
  }

  @Test
  void aFloodOfMentionsReportsTheFirstOnesAndCountsThemAll() {
    Enrichment e =
        enricher.enrich(new StoryText("afp", null, HostileText.repeat("AI ", 1 << 20), "en"));
    TagResult ai = e.tags().stream().filter(t -> t.id().equals("AI")).findFirst().orElseThrow();
    assertThat(ai.mentions()).hasSize(Tagger.MAX_MENTIONS);
    assertThat(ai.mentions().get(0).start()).isZero();
    assertThat(ai.confidence()).isEqualTo(100);
  }

  @Test
  void deepMarkupLeavesItsText() {
    Enrichment e =
        enricher.enrich(
            new StoryText("afp", null, HostileText.kinds().get("deep-html").apply(1 << 20), null));
    assertThat(e.story().body()).isEqualTo("ASEAN");
    assertThat(e.tags()).extracting(TagResult::id).containsExactly("ASEAN");
  }

  @Test
  void anExhaustedBudgetStopsEnrichmentWithItsReason() {
    long[] now = {0};
    WorkBudget budget =
        WorkBudget.of(Duration.ofMillis(50), () -> now[0] += 1_000_000); // 1 ms a look
    assertThatThrownBy(
            () ->
                enricher.enrich(new StoryText("afp", null, "ASEAN\n\n".repeat(200), null), budget))
        .isInstanceOf(WorkBudget.Exceeded.class)
        .hasMessageContaining("time budget of 50 ms");
    assertThat(
            enricher
                .enrich(
                    new StoryText("afp", null, "ASEAN\n\n".repeat(200), null),
                    WorkBudget.of(Duration.ofMinutes(1)))
                .tags())
        .isNotEmpty();
  }

  /** A well-formed story after hostile text keeps the tags and captions it has alone. */
  @Property(tries = 60)
  void hostileTextBeforeAStoryChangesNothingOfTheStory(@ForAll("hostile") String hostile) {
    String reference = CorpusSupport.read("vov-asean-digital-ministers.fr.txt");
    // the story's lines as blank-line paragraphs, so that hostile text with blank lines (or block
    // markup) in it
    // does not change how the story is cut into paragraphs
    String story = String.join("\n\n", reference.lines().toList());
    Enrichment e = enricher.enrich(new StoryText("vov", null, hostile + "\n\n" + story, "fr"));
    assertSound(e);
    assertThat(e.tags())
        .extracting(TagResult::id)
        .contains("ASEAN", "DIGITAL_TRANSFORMATION", "AI");
    assertThat(e.story().captions()).filteredOn(c -> c.credit().equals("Lai Hoa/VOV")).hasSize(3);
    assertThat(e.story().body())
        .doesNotContain("Lai Hoa/VOV")
        .contains("Tel est le message délivré");
  }

  @Provide
  Arbitrary<String> hostile() {
    List<Map.Entry<String, java.util.function.IntFunction<String>>> kinds =
        List.copyOf(HostileText.kinds().entrySet());
    return Arbitraries.of(kinds)
        .flatMap(k -> Arbitraries.integers().between(1, 40_000).map(n -> k.getValue().apply(n)));
  }

  private static void assertSound(Enrichment e) {
    NormalizedStory s = e.story();
    assertThat(LANGUAGES).contains(e.language().code());
    assertThat(s.body()).isEqualTo(String.join("\n\n", s.paragraphs()));
    assertThat(validSurrogates(s.body())).as("no lone surrogate in the body").isTrue();
    assertThat(s.headline().codePointCount(0, s.headline().length()))
        .isLessThanOrEqualTo(TextNormalizer.MAX_HEADLINE);
    s.captions()
        .forEach(
            c -> assertThat(c.credit().length()).isLessThanOrEqualTo(CaptionLimits.MAX_CREDIT));
    Map<String, String> fields =
        Map.of(
            Mention.HEADLINE,
            s.headline(),
            Mention.BODY,
            s.body(),
            Mention.CAPTION,
            s.captionText());
    for (TagResult t : e.tags()) {
      assertThat(t.mentions()).isNotEmpty().hasSizeLessThanOrEqualTo(Tagger.MAX_MENTIONS);
      t.mentions()
          .forEach(
              m ->
                  assertThat(fields.get(m.field()).substring(m.start(), m.end()))
                      .isEqualTo(m.text()));
    }
  }

  /** Whether every surrogate in {@code s} is half of a valid pair. */
  private static boolean validSurrogates(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(++i)))) {
        return false;
      }
      if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
