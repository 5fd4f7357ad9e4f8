package io.newswire.enrich.core.text;

/**
 * The caption scanner's limits, for tests of the whole enricher (in another package): no credit is
 * longer.
 */
public final class CaptionLimits {
  private CaptionLimits() {}

  /** Longest credit a caption keeps, in chars ({@link CaptionScanner#MAX_CREDIT}). */
  public static final int MAX_CREDIT = CaptionScanner.MAX_CREDIT;
}
