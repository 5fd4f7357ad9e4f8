package io.newswire.ingest.core.feeds;

import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.receipts.ReceiptBook;
import java.util.Optional;

/**
 * The "already seen" decision for a feed item, from the durable idempotency memory ({@link
 * ReceiptBook}, filled from the receipts topic, so it survives restarts). Feeds carry no version
 * numbers, so:
 *
 * <ul>
 *   <li>never accepted: version 1;
 *   <li>the latest accepted version has the same parsed content: seen, nothing to write;
 *   <li>the content changed (an edited item under the same guid): the latest version + 1, an
 *       update.
 * </ul>
 *
 * Deterministic given the receipts: every instance, before or after a restart, reaches the same
 * decision.
 */
public final class SeenItems {
  private SeenItems() {}

  /**
   * The submission to write for an item parsed at version 1, or empty when it was seen already.
   *
   * @param urn the story's URN ({@code urn:newswire:<agency>:<id>})
   */
  public static Optional<StorySubmission> toWrite(
      ReceiptBook book, String urn, StorySubmission item) {
    Optional<Integer> latest = book.latestVersion(urn);
    if (latest.isEmpty()) {
      return Optional.of(withVersion(item, 1));
    }
    StorySubmission atLatest = withVersion(item, latest.get());
    Optional<ReceiptBook.Receipt> last = book.get(urn, latest.get());
    if (last.isPresent() && last.get().contentHash().equals(atLatest.content().hash())) {
      return Optional.empty();
    }
    return Optional.of(withVersion(item, latest.get() + 1));
  }

  static StorySubmission withVersion(StorySubmission s, int version) {
    return new StorySubmission(
        s.agencyStoryId(),
        version,
        s.body(),
        s.headline(),
        s.language(),
        s.firstCreated(),
        s.versionCreated(),
        s.byline(),
        s.slugline(),
        s.claimedAgency(),
        s.canceled(),
        s.withheld(),
        s.dateline(),
        s.subjects(),
        StorySubmission.Metadata.NONE,
        null,
        null); // feed items carry no metadata, urgency or embargo
  }
}
