package io.newswire.platform.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoryContentTest {
  static StoryContent content(String body, boolean hasMetadata, List<String> captions) {
    return content(body, hasMetadata, captions, null, null);
  }

  static StoryContent content(
      String body,
      boolean hasMetadata,
      List<String> captions,
      String versionCreated,
      String embargoed) {
    return new StoryContent(
        "s1",
        1,
        body,
        "Headline",
        "fr",
        "2026-11-30T10:00:00+07:00",
        versionCreated,
        null,
        null,
        StoryContent.status(false, false),
        null,
        List.of("medtop:04000000"),
        hasMetadata,
        List.of(),
        List.of(),
        List.of(),
        captions,
        null,
        embargoed);
  }

  @Test
  void anEmbargoIsHashedOnlyWhenPresentAndNotTheVersionTimeItself() {
    String plain = content("Body.", false, List.of()).hash();
    String embargoed = content("Body.", false, List.of(), null, "2026-12-01T12:00:00Z").hash();
    assertThat(embargoed)
        .isNotEqualTo(plain)
        .isNotEqualTo(content("Body.", false, List.of(), null, "2026-12-01T13:00:00Z").hash());
    // NITF's date.release is both the version time and the embargo: hashed once, as before
    String release = "2026-12-01T12:00+01:00";
    assertThat(content("Body.", false, List.of(), release, release).hash())
        .isEqualTo(content("Body.", false, List.of(), release, null).hash());
  }

  @Test
  void theHashIsAFunctionOfTheContent() {
    assertThat(content("Body.", false, List.of()).hash())
        .isEqualTo(content("Body.", false, List.of()).hash())
        .hasSize(64)
        .matches("[0-9a-f]+");
    assertThat(content("Body.", false, List.of()).hash())
        .isNotEqualTo(content("Body!", false, List.of()).hash());
  }

  @Test
  void metadataCountsOnlyWhenTheStoryHasSome() {
    String plain = content("Body.", false, List.of()).hash();
    assertThat(content("Body.", false, List.of(StoryContent.caption("A", "VOV"))).hash())
        .isEqualTo(plain);
    assertThat(content("Body.", true, List.of(StoryContent.caption("A", "VOV"))).hash())
        .isNotEqualTo(plain)
        .isNotEqualTo(content("Body.", true, List.of(StoryContent.caption("B", "VOV"))).hash());
  }

  @Test
  void aKillOrAHoldIsOtherContent() {
    assertThat(StoryContent.status(true, false)).isEqualTo("canceled");
    assertThat(StoryContent.status(false, true)).isEqualTo("withheld");
    assertThat(StoryContent.status(false, false)).isEqualTo("usable");
  }

  /**
   * The canonical rendering is the one ingest's receipts were hashed with: it must never change.
   */
  @Test
  void theCanonicalRenderingOfMetadataIsFixed() {
    assertThat(StoryContent.altId("guid", "x")).isEqualTo("AltId[type=guid, value=x]");
    assertThat(StoryContent.subject("medtop", "1", "n", null, null))
        .isEqualTo("Subject[scheme=medtop, code=1, name=n, uri=null, creator=null]");
    assertThat(StoryContent.place("Hanoi", null, "u"))
        .isEqualTo("Place[name=Hanoi, code=null, uri=u]");
    assertThat(content("Body.", false, List.of()).hash())
        .isEqualTo(
            sha256(
                "s1\u00001\u0000Body.\u0000Headline\u0000fr\u00002026-11-30T10:00:00+07:00"
                    + "\u0000null\u0000null\u0000null\u0000usable\u0000null\u0000medtop:04000000"));
  }

  static String sha256(String s) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
