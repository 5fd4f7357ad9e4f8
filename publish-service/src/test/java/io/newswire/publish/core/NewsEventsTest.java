package io.newswire.publish.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class NewsEventsTest {

  @Test
  void storyTimesAreRfc3339WithSecondsInTheirOwnOffset() {
    // NITF's 20020225T143000-0500: zero seconds are written, not dropped
    Instant t = OffsetDateTime.parse("2002-02-25T14:30:00-05:00").toInstant();
    assertThat(NewsEvents.rfc3339(t, "-05:00")).isEqualTo("2002-02-25T14:30:00-05:00");
    assertThat(NewsEvents.rfc3339(t, "Z")).isEqualTo("2002-02-25T19:30:00Z");
    assertThat(NewsEvents.rfc3339(Instant.parse("2026-11-27T02:30:00.250Z"), "+07:00"))
        .isEqualTo("2026-11-27T09:30:00.25+07:00");
    assertThat(OffsetDateTime.parse(NewsEvents.rfc3339(t, "+05:45"))).isEqualTo(t.atOffset(
        java.time.ZoneOffset.of("+05:45")));
  }

  @Test
  void anUnreadableTimeIsLeftOut() {
    assertThat(NewsEvents.rfc3339(null, null)).isNull();
    assertThat(NewsEvents.rfc3339(Instant.parse("2026-11-27T02:30:00Z"), "not an offset"))
        .isEqualTo("2026-11-27T02:30:00Z");
  }
}
