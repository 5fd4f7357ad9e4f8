package io.newswire.enrich.core.tagging;

/** A per-match disambiguation rule attached to a lexicon term: it can veto one candidate match. */
@FunctionalInterface
interface MatchRule {
  /** True when the candidate described by {@code ctx} must be rejected. */
  boolean rejects(MatchContext ctx);
}
