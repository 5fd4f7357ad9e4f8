package io.newswire.enrich.core;

/**
 * The one {@link Enricher} the tests of the whole enricher share: it loads the Lingua models, which
 * is costly.
 */
final class SharedEnricher {
  private SharedEnricher() {}

  private static final class Holder {
    private static final Enricher ENRICHER = new Enricher();
  }

  static Enricher get() {
    return Holder.ENRICHER;
  }
}
