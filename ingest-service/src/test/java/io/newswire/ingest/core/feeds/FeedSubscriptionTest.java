package io.newswire.ingest.core.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FeedSubscriptionTest {
  @Test
  void parsesAgenciesUrlsAndIntervals() {
    assertThat(
            FeedSubscription.parseAll(
                "vna=https://vna.example/rss?lang=en&x=1@60; VOV=http://127.0.0.1:8080/atom"))
        .containsExactly(
            new FeedSubscription(
                "vna", URI.create("https://vna.example/rss?lang=en&x=1"), Duration.ofSeconds(60)),
            new FeedSubscription(
                "vov", URI.create("http://127.0.0.1:8080/atom"), Duration.ofSeconds(300)));
    assertThat(FeedSubscription.parseAll("")).isEmpty();
    assertThat(FeedSubscription.parseAll(null)).isEmpty();
  }

  @Test
  void eachFeedIsNamedByItsAgencyAndHost_withoutPathOrQuery_numberedWhenTheyRepeat() {
    var subs =
        FeedSubscription.parseAll(
            "vna=https://RSS.vna.example/en?token=s3cret@60;vov=https://vov.example/atom;"
                + "vna=https://rss.vna.example/vi?token=s3cret;vna=https://other.example/rss");
    assertThat(FeedSubscription.ids(subs))
        .containsExactly(
            "vna@rss.vna.example", "vov@vov.example", "vna@rss.vna.example~2", "vna@other.example");
    assertThat(FeedSubscription.ids(subs)).noneMatch(id -> id.contains("s3cret"));
  }

  @Test
  void refusesBadEntries() {
    for (String bad :
        new String[] {
          "https://x.example/rss",
          "=https://x.example/rss",
          "Bad Agency=https://x/rss",
          "vna=ftp://x.example/rss",
          "vna=https://x.example/rss@0",
          "vna=not a url"
        }) {
      assertThatThrownBy(() -> FeedSubscription.parseAll(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
