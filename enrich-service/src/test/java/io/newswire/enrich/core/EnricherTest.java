package io.newswire.enrich.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.enrich.core.corpus.CorpusSupport;
import io.newswire.enrich.core.tagging.TagResult;
import io.newswire.enrich.core.tagging.Taxonomy;
import io.newswire.enrich.core.text.StoryText;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class EnricherTest {

  private final Enricher enricher = SharedEnricher.get();

  @Test
  void declaredLanguageDisagreementIsReported() {
    Enrichment e =
        enricher.enrich(
            new StoryText(
                "afp",
                "L'ANASE et l'IA",
                "Les pays de l'ANASE veulent harmoniser leurs règles sur l'intelligence artificielle.",
                "en"));
    assertThat(e.language().code()).isEqualTo("en");
    assertThat(e.language().disagreesWithDeclared()).isTrue();
    assertThat(e.tags()).extracting(TagResult::id).contains("ASEAN", "AI");
  }

  @Test
  void emptyAndNullInputsAreSafe() {
    Enrichment e = enricher.enrich(new StoryText(null, null, null, null));
    assertThat(e.tags()).isEmpty();
    assertThat(e.language().code()).isEqualTo("und");
    assertThat(e.story().body()).isEmpty();
    assertThat(e.taggerVersion()).isEqualTo(Enricher.taggerVersion());
  }

  @Test
  void theTaggerVersionIsTheDefaultTaxonomysVersion() {
    assertThat(Enricher.taggerVersion()).isEqualTo(Taxonomy.load().version());
  }

  @Test
  void isThreadSafe() throws Exception {
    List<StoryText> inputs =
        CorpusSupport.devStories().stream().map(s -> s.toStoryText(false)).toList();
    List<Enrichment> sequential = inputs.stream().map(enricher::enrich).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 3; round++) {
        List<Future<Enrichment>> futures =
            inputs.stream().map(s -> pool.submit(() -> enricher.enrich(s))).toList();
        for (int i = 0; i < inputs.size(); i++) {
          assertThat(futures.get(i).get()).isEqualTo(sequential.get(i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
