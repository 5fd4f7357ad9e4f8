package io.newswire.ingest.core.receipts;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ingest's idempotency memory: which (agency, agency story id, version) were accepted, with the
 * ingest id of the first answer and a hash of the parsed content. A story is identified by its URN
 * and version; sending the same content again is a retry, different content under the same version
 * is a conflict.
 */
public final class ReceiptBook {
  /** One accepted version of a story. */
  public record Receipt(
      String urn,
      int version,
      String ingestId,
      String contentHash,
      long acceptedAtMillis,
      List<String> warnings) {
    public Receipt {
      warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public Receipt(
        String urn, int version, String ingestId, String contentHash, long acceptedAtMillis) {
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
}
