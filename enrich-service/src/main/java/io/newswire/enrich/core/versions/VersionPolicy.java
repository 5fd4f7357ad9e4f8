package io.newswire.enrich.core.versions;

import java.util.Objects;

/**
 * Decides what an incoming version of a story is (NEW, UPDATE, CORRECTION, KILL, or dropped), given
 * what was last seen of it. Plain Java: the topology keeps {@link Seen} in a state store keyed by
 * story URN and calls {@link #decide}. The rules, with their reasons, are written once, in
 * docs/enrichment.md ("Versions and duplicates"); this class is their one implementation and
 * VersionPolicyTest checks each.
 */
public final class VersionPolicy {
  private VersionPolicy() {}

  /** What a story version is to downstream. */
  public enum Change {
    NEW,
    UPDATE,
    CORRECTION,
    KILL
  }

  /** What was last accepted of a story, and what it was to downstream. */
  public record Seen(int version, String contentHash, boolean killed, Change change) {
    public Seen {
      Objects.requireNonNull(contentHash);
      Objects.requireNonNull(change);
    }

    public Seen(int version, String contentHash, boolean killed) {
      this(
          version,
          contentHash,
          killed,
          killed ? Change.KILL : version == 1 ? Change.NEW : Change.UPDATE);
    }

    /** Compact form for the state store: {@code version|hash|killed|change}. */
    public String encode() {
      return version + "|" + contentHash + "|" + (killed ? "K" : "-") + "|" + change.name();
    }

    /** Reads {@link #encode()}'s form, and the older one without the change. */
    public static Seen decode(String s) {
      String[] p = s.split("\\|", 4);
      if (p.length < 3) {
        throw new IllegalArgumentException("not an encoded Seen: " + s);
      }
      int version = Integer.parseInt(p[0]);
      boolean killed = p[2].equals("K");
      return p.length == 4
          ? new Seen(version, p[1], killed, Change.valueOf(p[3]))
          : new Seen(version, p[1], killed);
    }
  }

  /** The outcome: emit with a change type and remember {@code next}, or drop for a reason. */
  public sealed interface Decision permits Emit, Drop {}

  public record Emit(Change change, Seen next) implements Decision {}

  public record Drop(String reason) implements Decision {}

  public static Decision decide(Seen previous, int version, String contentHash, boolean kill) {
    return decide(previous, version, contentHash, kill, false);
  }

  public static Decision decide(
      Seen previous, int version, String contentHash, boolean kill, boolean replay) {
    if (replay && previous != null) {
      boolean current = version == previous.version() && contentHash.equals(previous.contentHash());
      return current
          ? new Emit(previous.change(), previous)
          : new Drop(
              "replay of a superseded version: version "
                  + version
                  + ", current "
                  + previous.version());
    }
    if (previous == null) {
      return new Emit(
          kill ? Change.KILL : Change.NEW,
          new Seen(version, contentHash, kill, kill ? Change.KILL : Change.NEW));
    }
    if (previous.killed()) {
      return new Drop(
          kill ? "duplicate kill" : "story was killed at version " + previous.version());
    }
    if (version < previous.version()) {
      return new Drop("stale: version " + version + " arrived after version " + previous.version());
    }
    if (kill) {
      return new Emit(Change.KILL, new Seen(version, contentHash, true, Change.KILL));
    }
    if (version > previous.version()) {
      return new Emit(Change.UPDATE, new Seen(version, contentHash, false, Change.UPDATE));
    }
    return previous.contentHash().equals(contentHash)
        ? new Drop("duplicate of version " + version)
        : new Emit(Change.CORRECTION, new Seen(version, contentHash, false, Change.CORRECTION));
  }
}
