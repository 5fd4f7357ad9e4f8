package io.newswire.enrich.versions;

import java.util.Objects;

/**
 * Decides what an incoming version of a story is, given what was last seen of it. Plain Java: the topology keeps
 * {@link Seen} in a state store keyed by story URN and calls {@link #decide}.
 *
 * <ul>
 *   <li>first sight of a story: NEW (or KILL when the first thing we hear is a kill);
 *   <li>a higher version: UPDATE, or KILL when it cancels the story;
 *   <li>the same version with the same content: a duplicate transmission, dropped;
 *   <li>the same version with different content: a CORRECTION;
 *   <li>a lower version than one already seen: stale (arrived late), dropped;
 *   <li>anything after a kill, except a repeated kill, is dropped: a killed story stays killed.
 * </ul>
 */
public final class VersionPolicy {
  private VersionPolicy() {}

  /** What a story version is to downstream. */
  public enum Change { NEW, UPDATE, CORRECTION, KILL }

  /** What was last accepted of a story. */
  public record Seen(int version, String contentHash, boolean killed) {
    public Seen {
      Objects.requireNonNull(contentHash);
    }

    /** Compact form for the state store: {@code version|hash|killed}. */
    public String encode() {
      return version + "|" + contentHash + "|" + (killed ? "K" : "-");
    }

    public static Seen decode(String s) {
      String[] p = s.split("\\|", 3);
      if (p.length != 3) {
        throw new IllegalArgumentException("not an encoded Seen: " + s);
      }
      return new Seen(Integer.parseInt(p[0]), p[1], p[2].equals("K"));
    }
  }

  /** The outcome: emit with a change type and remember {@code next}, or drop for a reason. */
  public sealed interface Decision permits Emit, Drop {}

  public record Emit(Change change, Seen next) implements Decision {}

  public record Drop(String reason) implements Decision {}

  public static Decision decide(Seen previous, int version, String contentHash, boolean kill) {
    Seen next = new Seen(version, contentHash, kill);
    if (previous == null) {
      return new Emit(kill ? Change.KILL : Change.NEW, next);
    }
    if (previous.killed()) {
      return new Drop(kill ? "duplicate kill" : "story was killed at version " + previous.version());
    }
    if (version < previous.version()) {
      return new Drop("stale: version " + version + " arrived after version " + previous.version());
    }
    if (kill) {
      return new Emit(Change.KILL, next);
    }
    if (version > previous.version()) {
      return new Emit(Change.UPDATE, next);
    }
    return previous.contentHash().equals(contentHash)
        ? new Drop("duplicate of version " + version)
        : new Emit(Change.CORRECTION, next);
  }
}
