package io.newswire.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A submission's content hash is the one its receipts were written with before the hash moved to
 * the platform's StoryContent: receipts are kept for ever, so a resend of a story accepted then
 * must still be recognized.
 */
class StorySubmissionContentTest {
  static String receiptHashAsItWas(StorySubmission s) throws Exception {
    String canonical =
        String.join(
            "\u0000",
            s.agencyStoryId(),
            Integer.toString(s.version()),
            s.body(),
            String.valueOf(s.headline()),
            String.valueOf(s.language()),
            String.valueOf(s.firstCreated()),
            String.valueOf(s.versionCreated()),
            String.valueOf(s.byline()),
            String.valueOf(s.slugline()),
            s.canceled() ? "canceled" : s.withheld() ? "withheld" : "usable",
            String.valueOf(s.dateline()),
            String.join("\u0001", s.subjects()));
    if (!s.metadata().isEmpty()) {
      StorySubmission.Metadata m = s.metadata();
      canonical =
          String.join(
              "\u0000",
              canonical,
              m.altIds().toString(),
              m.agencySubjects().toString(),
              m.places().toString(),
              m.captions().toString());
    }
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256")
                .digest(canonical.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void withoutMetadata() throws Exception {
    StorySubmission s =
        new StorySubmission(
            "s-1",
            2,
            "Body.",
            null,
            "fr",
            "2026-11-30T10:00:00+07:00",
            null,
            "By A",
            null,
            "vov",
            false,
            true,
            "HANOI",
            List.of("medtop:04000000"),
            StorySubmission.Metadata.NONE,
            null,
            null);
    assertThat(s.content().hash()).isEqualTo(receiptHashAsItWas(s));
  }

  @Test
  void withEveryKindOfMetadata() throws Exception {
    StorySubmission.Metadata m =
        new StorySubmission.Metadata(
            List.of(new StorySubmission.AltId("guid", "tag:vov.vn,2026:1")),
            List.of(
                new StorySubmission.Subject("medtop", "04000000", "economy", null, "iptc"),
                new StorySubmission.Subject("vov", "x", null, "http://vov.vn/x", null)),
            List.of(new StorySubmission.Place("Hanoi", "VN-HN", null)),
            List.of(new StorySubmission.Caption("Ministers at the meeting", "VOV")),
            List.of(new StorySubmission.Warning("byline", "unreadable")));
    StorySubmission s =
        new StorySubmission(
            "s-1",
            1,
            "Body.",
            "Headline",
            null,
            null,
            null,
            null,
            "slug",
            null,
            true,
            false,
            null,
            List.of(),
            m,
            null,
            null);
    assertThat(s.content().hash()).isEqualTo(receiptHashAsItWas(s));
  }
}
