package io.newswire.platform.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoryIdTest {
  @Test
  void formatsAndReadsBackAUrn_agencyInLowerCase() {
    StoryId id = StoryId.of("VOV", "vov-asean:2026-1");
    assertThat(id.urn()).isEqualTo("urn:newswire:vov:vov-asean:2026-1");
    assertThat(StoryId.parse(id.urn())).contains(id);
    assertThat(StoryId.urnPrefix("AFP")).isEqualTo("urn:newswire:afp:");
  }

  @Test
  void storyIdsMayHoldColons_theAgencyEndsAtTheFirst() {
    assertThat(StoryId.parse("urn:newswire:ap:tag:ap.org,2026:1"))
        .isEmpty(); // a comma is not allowed
    assertThat(StoryId.parse("urn:newswire:ap:tag:ap.org:2026:1"))
        .contains(new StoryId("ap", "tag:ap.org:2026:1"));
  }

  @Test
  void whatIsNotAStoryUrnIsNotRead() {
    assertThat(StoryId.parse(null)).isEmpty();
    assertThat(StoryId.parse("urn:other:vov:1")).isEmpty();
    assertThat(StoryId.parse("urn:newswire:vov")).isEmpty();
    assertThat(StoryId.parse("urn:newswire:VOV:1")).isEmpty();
    assertThat(StoryId.parse("urn:newswire:vov:a b")).isEmpty();
    assertThat(StoryId.parse("urn:newswire:vov:a/b")).isEmpty();
    assertThat(StoryId.parse("urn:newswire:vov:" + "x".repeat(400))).isEmpty();
  }

  @Test
  void anInvalidIdentityCannotBeMade() {
    assertThatThrownBy(() -> StoryId.of("v o v", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agency");
    assertThatThrownBy(() -> StoryId.of("vov", "../etc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("story id");
  }
}
