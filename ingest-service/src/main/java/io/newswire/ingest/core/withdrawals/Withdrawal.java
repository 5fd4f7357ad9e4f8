package io.newswire.ingest.core.withdrawals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.receipts.ReceiptBook;
import io.newswire.platform.core.StoryId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * An agency's withdrawal (a kill) of one of its stories, {@code POST
 * /v1/stories/{agencyStoryId}/withdraw}: the story id of the path and the optional JSON body {@code
 * {"version": n, "reason": "…"}}, parsed and validated ({@link #parse}), then the kill to write
 * decided from the receipts ({@link #decide}). Plain Java, like every other submission: the HTTP
 * layer only passes the path's id, the body's bytes and the receipts in.
 *
 * <p>Every refusal of the request is an {@link InvalidSubmissionException} of kind {@code INVALID}
 * naming the field at fault; a withdrawal without a version of a story of which no version was
 * accepted is decided {@link Unknown}.
 *
 * @param agencyStoryId the story's id, from the path
 * @param version the version to write the kill as; null when the body gives none (then {@link
 *     #decide} chooses)
 * @param reason the kill's body, trimmed; null when the body gives none or a blank one ({@value
 *     #DEFAULT_REASON})
 */
public record Withdrawal(String agencyStoryId, Integer version, String reason) {
  /** The story id's name in refusals: the path parameter's. */
  public static final String STORY_ID = "agencyStoryId";

  /** The body of a kill without a reason. */
  public static final String DEFAULT_REASON = "Withdrawn by the agency.";

  /** The longest reason, in characters. */
  public static final int MAX_REASON = 1_000;

  /** Jackson's defaults, as the service's HTTP mapper reads. */
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a withdrawal becomes, given the versions accepted before. */
  public sealed interface Decision permits Kill, Unknown {}

  /**
   * The kill to store: a canceled submission whose body is the reason, and its payload, the
   * submission as Newswire JSON ({@code agencyStoryId}, {@code version}, {@code pubStatus}, {@code
   * body}).
   */
  public record Kill(StorySubmission submission, byte[] payload) implements Decision {}

  /** No version given and none of the story accepted: there is nothing to withdraw. */
  public record Unknown(String urn) implements Decision {
    /** Why, and what to send instead. */
    public String detail() {
      return "No version of "
          + urn
          + " was accepted; give the version to withdraw in the body ({\"version\": n}).";
    }
  }

  /**
   * Refuses an id that is not a Newswire story id. {@link #parse} checks it too; the HTTP layer
   * checks it first, so a bad id is refused before the body is read.
   */
  public static void checkStoryId(String agencyStoryId) throws InvalidSubmissionException {
    if (agencyStoryId == null || !StoryId.STORY_ID.matcher(agencyStoryId).matches()) {
      throw new InvalidSubmissionException(
          STORY_ID, "agencyStoryId must be 1-200 letters, digits or ._:@+-");
    }
  }

  /**
   * Parses a withdrawal of the story {@code agencyStoryId}. An empty or blank body gives neither
   * version nor reason; otherwise it must be a JSON object, whose {@code version} (absent or null:
   * none) is a whole number of at least 1 and whose {@code reason} (absent or null: none) a string
   * of at most {@value #MAX_REASON} characters. Other members are ignored.
   */
  public static Withdrawal parse(String agencyStoryId, byte[] body)
      throws InvalidSubmissionException {
    checkStoryId(agencyStoryId);
    if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
      return new Withdrawal(agencyStoryId, null, null);
    }
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      throw new InvalidSubmissionException(
          null, "the body must be a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (n == null || !n.isObject()) {
      throw new InvalidSubmissionException(null, "the body must be a JSON object");
    }
    Integer version = null;
    JsonNode v = n.get("version");
    if (v != null && !v.isNull()) {
      if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
        throw new InvalidSubmissionException(
            "version", "version must be a whole number of at least 1");
      }
      version = v.asInt();
    }
    String reason = null;
    JsonNode r = n.get("reason");
    if (r != null && !r.isNull()) {
      if (!r.isTextual() || r.asText().length() > MAX_REASON) {
        throw new InvalidSubmissionException(
            "reason", "reason must be a string of at most " + MAX_REASON + " characters");
      }
      reason = r.asText().isBlank() ? null : r.asText().trim();
    }
    return new Withdrawal(agencyStoryId, version, reason);
  }

  /**
   * The kill to write for {@code agency}: at the version given; without one, at the latest accepted
   * version + 1, or at the latest itself when that is this very kill (a retry: it is then a
   * duplicate, answered as before and not written again); {@link Unknown} when no version of the
   * story was accepted.
   */
  public Decision decide(String agency, ReceiptBook book) {
    String urn = StoryId.urn(agency, agencyStoryId);
    int at;
    if (version != null) {
      at = version;
    } else {
      Optional<Integer> latest = book.latestVersion(urn);
      if (latest.isEmpty()) {
        return new Unknown(urn);
      }
      Optional<ReceiptBook.Receipt> last = book.get(urn, latest.get());
      boolean lastIsThisKill =
          last.isPresent() && last.get().contentHash().equals(kill(latest.get()).content().hash());
      at = lastIsThisKill ? latest.get() : latest.get() + 1;
    }
    StorySubmission s = kill(at);
    ObjectNode json =
        JSON.createObjectNode()
            .put("agencyStoryId", agencyStoryId)
            .put("version", s.version())
            .put("pubStatus", "canceled")
            .put("body", s.body());
    return new Kill(s, json.toString().getBytes(StandardCharsets.UTF_8));
  }

  private StorySubmission kill(int atVersion) {
    return new StorySubmission(
        agencyStoryId,
        atVersion,
        reason == null ? DEFAULT_REASON : reason,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        true,
        false,
        null,
        List.of(),
        StorySubmission.Metadata.NONE,
        null,
        null);
  }
}
