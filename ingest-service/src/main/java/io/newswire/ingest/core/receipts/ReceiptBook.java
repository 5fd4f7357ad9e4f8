package io.newswire.ingest.core.receipts;

import io.newswire.ingest.core.StorySubmission;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ingest's idempotency memory: which (agency, agency story id, version) were accepted, with the ingest id of the
 * first answer and a hash of the parsed content. A story is identified by its URN and version; sending the same
 * content again is a retry, different content under the same version is a conflict.
 */
public final class ReceiptBook {
  /** One accepted version of a story. */
  public record Receipt(String urn, int version, String ingestId, String contentHash, long acceptedAtMillis,
      List<String> warnings) {
    public Receipt {
      warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public Receipt(String urn, int version, String ingestId, String contentHash, long acceptedAtMillis) {
      this(urn, version, ingestId, contentHash, acceptedAtMillis, List.of());
    }

    public String key() {
      return ReceiptBook.key(urn, version);
    }
  }

  /** What to do with a submission, given what was accepted before. */
  public sealed interface Decision {}

  /** Never seen: write it. */
  public record New() implements Decision {}

  /** The same content was accepted before: answer as then, write nothing. */
  public record Duplicate(Receipt receipt) implements Decision {}

  /** Different content was accepted under the same id and version. */
  public record Conflict(Receipt receipt) implements Decision {}

  private final Map<String, Receipt> receipts = new ConcurrentHashMap<>();
  private final Map<String, Integer> latest = new ConcurrentHashMap<>();

  public static String key(String urn, int version) {
    return urn + "#" + version;
  }

  public Decision decide(String urn, int version, String contentHash) {
    Receipt r = receipts.get(key(urn, version));
    if (r == null) {
      return new New();
    }
    return r.contentHash().equals(contentHash) ? new Duplicate(r) : new Conflict(r);
  }

  public void record(Receipt r) {
    receipts.put(r.key(), r);
    latest.merge(r.urn(), r.version(), Math::max);
  }

  public Optional<Receipt> get(String urn, int version) {
    return Optional.ofNullable(receipts.get(key(urn, version)));
  }

  /** The highest accepted version of a story, if any. */
  public Optional<Integer> latestVersion(String urn) {
    return Optional.ofNullable(latest.get(urn));
  }

  public int size() {
    return receipts.size();
  }

  /**
   * SHA-256 of a submission's parsed content (not its bytes: the same story re-sent in another format or with other
   * whitespace in its JSON is still a retry).
   */
  public static String contentHash(StorySubmission s) {
    String canonical = String.join("\u0000", s.agencyStoryId(), Integer.toString(s.version()), s.body(),
        String.valueOf(s.headline()), String.valueOf(s.language()), String.valueOf(s.firstCreated()),
        String.valueOf(s.versionCreated()), String.valueOf(s.byline()), String.valueOf(s.slugline()),
        s.canceled() ? "canceled" : s.withheld() ? "withheld" : "usable", String.valueOf(s.dateline()),
        String.join("\u0001", s.subjects()));
    if (!s.metadata().isEmpty()) { // only then: the hash of a story without these stays what it was before them
      StorySubmission.Metadata m = s.metadata();
      canonical = String.join("\u0000", canonical, m.altIds().toString(), m.agencySubjects().toString(),
          m.places().toString(), m.captions().toString());
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
