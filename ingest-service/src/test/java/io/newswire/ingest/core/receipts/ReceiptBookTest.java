package io.newswire.ingest.core.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.Submissions;
import org.junit.jupiter.api.Test;

class ReceiptBookTest {
  static StorySubmission story(String body) {
    return Submissions.story("s-1", 2, body, "h");
  }

  @Test
  void sameContentIsADuplicateOtherContentAConflict() {
    ReceiptBook book = new ReceiptBook();
    String hash = story("b").content().hash();
    assertThat(book.decide("urn:newswire:vov:s-1", 2, hash)).isInstanceOf(ReceiptBook.New.class);
    book.record(new ReceiptBook.Receipt("urn:newswire:vov:s-1", 2, "id-1", hash, 0));
    assertThat(book.decide("urn:newswire:vov:s-1", 2, story("b").content().hash()))
        .isEqualTo(new ReceiptBook.Duplicate(book.get("urn:newswire:vov:s-1", 2).orElseThrow()));
    assertThat(book.decide("urn:newswire:vov:s-1", 2, story("c").content().hash()))
        .isInstanceOf(ReceiptBook.Conflict.class);
    assertThat(book.decide("urn:newswire:vov:s-1", 3, hash)).isInstanceOf(ReceiptBook.New.class);
    book.record(new ReceiptBook.Receipt("urn:newswire:vov:s-1", 1, "id-0", "x", 0));
    assertThat(book.latestVersion("urn:newswire:vov:s-1")).hasValue(2);
  }
}
