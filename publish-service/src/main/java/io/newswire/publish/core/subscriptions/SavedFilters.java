package io.newswire.publish.core.subscriptions;

import java.util.Optional;

/** Where a saved subscription's filter is found by its owner and name. */
@FunctionalInterface
public interface SavedFilters {
  /**
   * The filter of {@code owner}'s subscription {@code name}; empty when it has none of that name,
   * or when the subscriptions are not known yet: never a filter that lets everything through in
   * place of one that is missing.
   */
  Optional<Filter> find(String owner, String name);
}
