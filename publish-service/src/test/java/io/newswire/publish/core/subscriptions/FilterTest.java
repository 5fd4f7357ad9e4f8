package io.newswire.publish.core.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterTest {
  static EventFields event(
      String tag, String language, String agency, Integer urgency, String text) {
    return new EventFields(tag == null ? List.of() : List.of(tag), language, agency, urgency, text);
  }

  static final EventFields FLASH =
      event("ASEAN", "vi", "vna", 1, "Thủ tướng gặp Bộ trưởng ASEAN tại Hà Nội\nToàn văn.");

  @Test
  void anEmptyFilterLetsEveryEventThrough() {
    assertThat(Filter.ANY.isAny()).isTrue();
    assertThat(Filter.ANY.matches(FLASH)).isTrue();
    assertThat(Filter.ANY.matches(event(null, "", "", null, ""))).isTrue();
  }

  @Test
  void everyGivenCriterionMustPass_oneValueOfEachListIsEnough() {
    Filter f =
        new Filter(
            List.of("AI", "asean"), List.of("en", "vi"), List.of("VNA"), 2, List.of("ha noi"));
    assertThat(f.matches(FLASH)).isTrue();
    assertThat(f.matches(event("ASEAN", "vi", "vna", 3, "Hà Nội"))).as("urgency").isFalse();
    assertThat(f.matches(event("ASEAN", "vi", "vna", null, "Hà Nội")))
        .as("unknown urgency is never urgent")
        .isFalse();
    assertThat(f.matches(event("SPORT", "vi", "vna", 1, "Hà Nội"))).as("tag").isFalse();
    assertThat(f.matches(event("ASEAN", "fr", "vna", 1, "Hà Nội"))).as("language").isFalse();
    assertThat(f.matches(event("ASEAN", "vi", "afp", 1, "Hà Nội"))).as("agency").isFalse();
    assertThat(f.matches(event("ASEAN", "vi", "vna", 1, "Hanoi"))).as("term").isFalse();
    assertThat(f.matches(event("ai", "EN-gb", "vna", 2, "in ha noi")))
        .as("case and language subtags")
        .isTrue();
    assertThat(
            new Filter(null, List.of("fr"), null, null, null)
                .matches(event(null, "fra", "", 1, "")))
        .as("fr is not a prefix of fra")
        .isFalse();
  }

  @Test
  void allMatchIsTheIntersectionOfAnAdHocAndASavedFilter() {
    Filter adHoc = Filter.of(List.of("ASEAN"), null);
    Filter saved = new Filter(null, null, null, null, List.of("bộ trưởng"));
    assertThat(Filter.allMatch(List.of(adHoc, saved), FLASH)).isTrue();
    assertThat(Filter.allMatch(List.of(adHoc, saved), event("ASEAN", "vi", "vna", 1, "x")))
        .isFalse();
    assertThat(Filter.allMatch(List.of(adHoc, saved), event("AI", "vi", "vna", 1, "bo truong")))
        .isFalse();
    assertThat(Filter.allMatch(List.of(), FLASH)).isTrue();
  }

  @Test
  void valuesAreTrimmedAndRepeatsDropped() {
    Filter f =
        new Filter(List.of(" AI ", "AI", "ASEAN"), List.of("en"), List.of(), null, List.of("x"));
    assertThat(f.tags()).containsExactly("AI", "ASEAN");
  }

  @Test
  void refusesWhatIsNotValidNamingTheField() {
    assertThatThrownBy(() -> new Filter(Collections.nCopies(51, "T"), null, null, null, null))
        .hasMessageStartingWith("tags: at most 50");
    assertThatThrownBy(() -> new Filter(List.of(" "), null, null, null, null))
        .hasMessageStartingWith("tags: must not contain an empty tag");
    assertThatThrownBy(() -> new Filter(List.of("x".repeat(65)), null, null, null, null))
        .hasMessageStartingWith("tags: a tag is at most 64");
    assertThatThrownBy(() -> new Filter(List.of("A\nB"), null, null, null, null))
        .hasMessageStartingWith("tags:");
    for (String bad : List.of("e n", "1en", "en-", "en--gb", "ẽn")) {
      assertThatThrownBy(() -> new Filter(null, List.of(bad), null, null, null))
          .as(bad)
          .hasMessageStartingWith("languages:");
    }
    assertThatThrownBy(() -> new Filter(null, List.of("x".repeat(36)), null, null, null))
        .hasMessageStartingWith("languages:");
    assertThatThrownBy(() -> new Filter(null, null, Collections.nCopies(51, "a"), null, null))
        .hasMessageStartingWith("agencies:");
    assertThatThrownBy(() -> new Filter(null, null, null, 0, null))
        .hasMessageStartingWith("maxUrgency:");
    assertThatThrownBy(() -> new Filter(null, null, null, 10, null))
        .hasMessageStartingWith("maxUrgency:");
    assertThatThrownBy(() -> new Filter(null, null, null, null, Collections.nCopies(21, "w")))
        .hasMessageStartingWith("terms: at most 20");
    assertThatThrownBy(() -> new Filter(null, null, null, null, List.of("--!")))
        .hasMessageStartingWith("terms:")
        .hasMessageContaining("no letter or digit");
    assertThatThrownBy(() -> new Filter(null, null, null, null, List.of("w".repeat(65))))
        .hasMessageStartingWith("terms: a term is at most 64");
    assertThatThrownBy(() -> new Filter(null, null, null, null, List.of("\uFDFA".repeat(20))))
        .hasMessageStartingWith("terms:")
        .hasMessageContaining("too long once normalized");
  }
}
