package io.newswire.platform.core.access;

import java.util.Set;

/**
 * Who a request comes from, once its key is recognised: an agency (ingest) or a subscriber
 * (publish), by name, with the scopes its key was given.
 */
public record Principal(String name, Set<Scope> scopes) {
  public Principal {
    scopes = Set.copyOf(scopes);
  }

  /**
   * Whether this principal may do what {@code scope} covers; {@code admin} covers every scope but
   * {@code ingest} (an operator does not write stories as an agency).
   */
  public boolean may(Scope scope) {
    return scopes.contains(scope) || (scope != Scope.INGEST && scopes.contains(Scope.ADMIN));
  }

  public boolean isAdmin() {
    return scopes.contains(Scope.ADMIN);
  }
}
