package io.newswire.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RawStory;
import org.junit.jupiter.api.Test;

class RawStoryCheckTest {
  static final String URN = "urn:newswire:vov:s1";

  static RawStory.Builder valid() {
    return RawStory.newBuilder(
        EnrichTopologyTest.story("s1", 1, "ASEAN ministers meet.", PubStatus.usable));
  }

  @Test
  void aStoryAsIngestWritesItPasses() {
    RawStory s = valid().build();
    assertThat(RawStoryCheck.problem(URN, s)).isNull();
    assertThat(RawStoryCheck.require(URN, s)).isSameAs(s);
    assertThat(RawStoryCheck.problem(null, s)).isNull();
  }

  @Test
  void aBlankBodyIsRefused() {
    RawStory s = valid().setParsed(ParsedFields.newBuilder().setBody(" \n\t ").build()).build();
    assertThatThrownBy(() -> RawStoryCheck.require(URN, s))
        .isInstanceOf(RawStoryCheck.InvalidRawStoryException.class)
        .hasMessageContaining("blank body")
        .hasMessageContaining(URN);
  }

  @Test
  void aTombstoneIsRefused() {
    assertThat(RawStoryCheck.problem(URN, null)).contains("tombstone").contains(URN);
  }

  @Test
  void aVersionBelowOneIsRefused() {
    assertThat(RawStoryCheck.problem(URN, valid().setVersion(0).build())).contains("version 0");
  }

  @Test
  void aUrnThatIsNotAgencyAndIdIsRefused() {
    assertThat(
            RawStoryCheck.problem(
                "urn:newswire:vna:s1", valid().setUrn("urn:newswire:vna:s1").build()))
        .contains("is not urn:newswire:vov:s1");
  }

  @Test
  void aKeyThatIsNotTheUrnIsRefused() {
    assertThat(RawStoryCheck.problem("urn:newswire:vov:other", valid().build()))
        .contains("record key");
  }
}
