package io.newswire.publish.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.Subject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class StoryQueryTest {
  @Test
  void filtersByTagAndLanguageSubtag() {
    NewsEvent e = CloudEventsTest.event("urn:x:1", "1", EventType.PUBLISHED, "b");
    e.setSubjects(List.of(new Subject("AI", "Artificial intelligence", null, 50, 90, null, null)));
    e.setLanguage("fr-CA");
    assertThat(StoryQuery.parse("ai", "fr", null, null, null).matches(e)).isTrue();
    assertThat(StoryQuery.parse("AI", "fr-ca", null, null, null).matches(e)).isTrue();
    assertThat(StoryQuery.parse("ASEAN", null, null, null, null).matches(e)).isFalse();
    assertThat(StoryQuery.parse(null, "en", null, null, null).matches(e)).isFalse();
  }

  @Test
  void theIndexKeyOrdersByReceivedTime() {
    NewsEvent e = CloudEventsTest.event("urn:x:1", "1", EventType.PUBLISHED, "b");
    e.setReceivedAt(Instant.ofEpochMilli(1234));
    assertThat(StoryQuery.indexKey(e)).isEqualTo("0000000001234|urn:x:1");
    StoryQuery q = StoryQuery.parse(null, null, "1970-01-01T00:00:01.000Z", null, "10");
    assertThat(q.fromKey()).isEqualTo("0000000001000|");
    assertThat(StoryQuery.indexKey(e)).isGreaterThanOrEqualTo(q.fromKey());
  }

  @Test
  void refusesBadParametersNamingThem() {
    assertThatThrownBy(() -> StoryQuery.parse(null, null, "yesterday", null, null))
        .hasMessageStartingWith("since:");
    assertThatThrownBy(() -> StoryQuery.parse(null, null, null, "!!", null))
        .hasMessageStartingWith("cursor:");
    assertThatThrownBy(() -> StoryQuery.parse(null, null, null, null, "0"))
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> StoryQuery.parse(null, null, null, null, "x"))
        .hasMessageStartingWith("limit:");
  }

  /** Following `next` over keys spread across instances returns every key once, in order. */
  @Property
  void pagingAcrossInstancesReturnsEveryStoryOnceInOrder(
      @ForAll @Size(max = 60) Set<@IntRange(min = 0, max = 1_000_000) Integer> times,
      @ForAll @IntRange(min = 1, max = 4) int instances,
      @ForAll @IntRange(min = 1, max = 7) int limit) {
    List<TreeSet<String>> stores = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      stores.add(new TreeSet<>());
    }
    TreeSet<String> all = new TreeSet<>();
    for (int t : times) {
      String key = StoryQuery.indexKey(Instant.ofEpochMilli(t), "urn:x:" + t);
      stores.get(t % instances).add(key);
      all.add(key);
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    for (int guard = 0; guard <= all.size() + 1; guard++) {
      StoryQuery q = StoryQuery.parse(null, null, null, cursor, Integer.toString(limit));
      List<StoryQuery.Page<String>> pages = new ArrayList<>();
      for (TreeSet<String> s : stores) {
        List<StoryQuery.Hit<String>> hits = new ArrayList<>();
        boolean more = false;
        for (String k : q.fromKey() == null ? s : s.tailSet(q.fromKey(), !q.exclusiveFrom())) {
          if (hits.size() == limit) {
            more = true;
            break;
          }
          hits.add(new StoryQuery.Hit<>(k, k));
        }
        pages.add(new StoryQuery.Page<>(hits, more ? "more" : null));
      }
      StoryQuery.Page<String> page = q.merge(pages);
      page.items().forEach(h -> seen.add(h.key()));
      cursor = page.next();
      if (cursor == null) {
        break;
      }
    }
    assertThat(seen).containsExactlyElementsOf(all);
  }
}
