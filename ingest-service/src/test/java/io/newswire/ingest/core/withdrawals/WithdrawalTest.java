package io.newswire.ingest.core.withdrawals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.ingest.core.InvalidSubmissionException;
import io.newswire.ingest.core.StorySubmission;
import io.newswire.ingest.core.Submissions;
import io.newswire.ingest.core.receipts.ReceiptBook;
import io.newswire.platform.core.StoryId;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The withdraw endpoint's request, parsed and decided without HTTP: each accepted body, each
 * refusal, each version.
 */
class WithdrawalTest {
  static final String URN = "urn:newswire:vov:s-1";

  static Withdrawal parse(String id, String body) throws InvalidSubmissionException {
    return Withdrawal.parse(id, body.getBytes(StandardCharsets.UTF_8));
  }

  static InvalidSubmissionException refusal(String id, String body) {
    try {
      parse(id, body);
    } catch (InvalidSubmissionException e) {
      assertThat(e.kind())
          .as("a 400 invalid-story")
          .isEqualTo(InvalidSubmissionException.Kind.INVALID);
      assertThat(e.line()).isZero();
      return e;
    }
    throw new AssertionError("accepted: " + body);
  }

  static void accept(ReceiptBook book, StorySubmission s) {
    book.record(
        new ReceiptBook.Receipt(
            StoryId.urn("vov", s.agencyStoryId()),
            s.version(),
            "id-" + s.version(),
            s.content().hash(),
            0));
  }

  static StorySubmission story(int version) {
    return Submissions.story("s-1", version, "The story.", null);
  }

  static Withdrawal.Kill kill(Withdrawal w, ReceiptBook book) {
    Withdrawal.Decision d = w.decide("vov", book);
    assertThat(d).isInstanceOf(Withdrawal.Kill.class);
    return (Withdrawal.Kill) d;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "\n\t ",
        "{}",
        "{\"version\": null, \"reason\": null}",
        "{\"other\": [1, 2]}"
      })
  void aBodyWithoutVersionOrReasonGivesNeither(String body) throws Exception {
    assertThat(parse("s-1", body)).isEqualTo(new Withdrawal("s-1", null, null));
  }

  @Test
  void versionAndReasonAreRead() throws Exception {
    assertThat(parse("VNA-2026-1127-001", "{\"version\": 3, \"reason\": \"  Legal: withdrawn \"}"))
        .isEqualTo(new Withdrawal("VNA-2026-1127-001", 3, "Legal: withdrawn"));
    assertThat(parse("s-1", "{\"version\": 2147483647}").version()).isEqualTo(Integer.MAX_VALUE);
    assertThat(parse("s-1", "{\"reason\": \"" + "r".repeat(1000) + "\"}").reason()).hasSize(1000);
    assertThat(parse("s-1", "{\"reason\": \"   \"}").reason())
        .as("a blank reason is none")
        .isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "bad id", "bad/id", "-leading", "é", "LONG"})
  void anIdThatIsNotAStoryIdIsRefused(String given) {
    String id = given.equals("LONG") ? "x".repeat(201) : given;
    var e = refusal(id, "{}");
    assertThat(e.field()).isEqualTo("agencyStoryId");
    assertThat(e.getMessage()).isEqualTo("agencyStoryId must be 1-200 letters, digits or ._:@+-");
    assertThatThrownBy(() -> Withdrawal.checkStoryId(id))
        .isInstanceOf(InvalidSubmissionException.class)
        .hasMessage(e.getMessage());
  }

  @Test
  void theIdIsCheckedBeforeTheBody() {
    assertThat(refusal("bad id", "{").field()).isEqualTo("agencyStoryId");
  }

  @Test
  void malformedJsonIsRefusedWithTheParsersFirstLine() {
    var e = refusal("s-1", "{\"version\": ");
    assertThat(e.field()).isNull();
    assertThat(e.getMessage())
        .startsWith("the body must be a JSON object: ")
        .doesNotContain("\n")
        .hasSizeGreaterThan("the body must be a JSON object: ".length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1]", "\"kill\"", "42", "null", "true"})
  void aBodyThatIsNotAnObjectIsRefused(String body) {
    var e = refusal("s-1", body);
    assertThat(e.field()).isNull();
    assertThat(e.getMessage()).isEqualTo("the body must be a JSON object");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "1.5", "\"2\"", "2147483648", "true", "[2]", "{}"})
  void aVersionThatIsNotAWholeNumberOfAtLeastOneIsRefused(String version) {
    var e = refusal("s-1", "{\"version\": " + version + "}");
    assertThat(e.field()).isEqualTo("version");
    assertThat(e.getMessage()).isEqualTo("version must be a whole number of at least 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"7", "true", "[\"a\"]", "{\"text\": \"a\"}", "\"LONG\""})
  void aReasonThatIsNotAStringOfAtMost1000CharactersIsRefused(String reason) {
    var e = refusal("s-1", "{\"reason\": " + reason.replace("LONG", "r".repeat(1001)) + "}");
    assertThat(e.field()).isEqualTo("reason");
    assertThat(e.getMessage()).isEqualTo("reason must be a string of at most 1000 characters");
  }

  @Test
  void withoutAVersionAStoryNeverAcceptedIsUnknown() throws Exception {
    Withdrawal.Decision d = parse("never-sent", "").decide("VOV", new ReceiptBook());
    assertThat(d).isEqualTo(new Withdrawal.Unknown("urn:newswire:vov:never-sent"));
    assertThat(((Withdrawal.Unknown) d).detail())
        .isEqualTo(
            "No version of urn:newswire:vov:never-sent was accepted; "
                + "give the version to withdraw in the body ({\"version\": n}).");
  }

  @Test
  void aGivenVersionIsTakenAsItIsEvenForAStoryNeverAccepted() throws Exception {
    Withdrawal.Kill k = kill(parse("s-1", "{\"version\": 2}"), new ReceiptBook());
    assertThat(k.submission().version()).isEqualTo(2);
  }

  @Test
  void withoutAVersionTheKillIsTheLatestVersionPlusOneAndCarriesTheReason() throws Exception {
    ReceiptBook book = new ReceiptBook();
    accept(book, story(1));
    accept(book, story(3));
    Withdrawal.Kill k = kill(parse("s-1", "{\"reason\": \"Legal: withdrawn\"}"), book);
    StorySubmission s = k.submission();
    assertThat(s.agencyStoryId()).isEqualTo("s-1");
    assertThat(s.version()).isEqualTo(4);
    assertThat(s.body()).isEqualTo("Legal: withdrawn");
    assertThat(s.canceled()).isTrue();
    assertThat(s.withheld()).isFalse();
    assertThat(s.headline()).isNull();
    assertThat(s.subjects()).isEmpty();
    assertThat(new String(k.payload(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"agencyStoryId\":\"s-1\",\"version\":4,\"pubStatus\":\"canceled\",\"body\":\"Legal: withdrawn\"}");
  }

  @Test
  void withoutAReasonTheBodyIsTheDefault() throws Exception {
    ReceiptBook book = new ReceiptBook();
    accept(book, story(1));
    Withdrawal.Kill k = kill(parse("s-1", ""), book);
    assertThat(k.submission().body()).isEqualTo("Withdrawn by the agency.");
    assertThat(new String(k.payload(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"agencyStoryId\":\"s-1\",\"version\":2,\"pubStatus\":\"canceled\",\"body\":\"Withdrawn by the agency.\"}");
  }

  @Test
  void aRetryOfTheSameKillIsDecidedAtTheSameVersionAnotherKillAtTheNext() throws Exception {
    ReceiptBook book = new ReceiptBook();
    accept(book, story(3));
    Withdrawal.Kill first = kill(parse("s-1", "{\"reason\": \"Legal\"}"), book);
    assertThat(first.submission().version()).isEqualTo(4);
    accept(book, first.submission());

    Withdrawal.Kill retry = kill(parse("s-1", "{\"reason\": \" Legal \"}"), book);
    assertThat(retry.submission()).isEqualTo(first.submission());
    assertThat(retry.payload()).isEqualTo(first.payload());
    assertThat(book.decide(URN, 4, retry.submission().content().hash()))
        .isInstanceOf(ReceiptBook.Duplicate.class);

    assertThat(kill(parse("s-1", "{\"reason\": \"Other reason\"}"), book).submission().version())
        .isEqualTo(5);
    assertThat(kill(parse("s-1", ""), book).submission().version())
        .as("the default reason is another kill")
        .isEqualTo(5);
  }
}
