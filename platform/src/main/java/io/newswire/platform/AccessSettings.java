package io.newswire.platform;

import io.newswire.platform.core.access.AdminKeys;
import io.newswire.platform.core.access.AuthThrottle;
import io.newswire.platform.core.access.ClientAddress;
import io.newswire.platform.core.access.KeyRing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The access settings every service shares: operators' keys (scope {@code admin}: {@code /metrics},
 * internal routes) and the throttle of failed authentications.
 *
 * <ul>
 *   <li>{@code NEWSWIRE_ADMIN_KEYS}: {@code name:sha256hex,...} ({@link AdminKeys}); none by
 *       default, and then {@code /metrics} refuses everyone (401)
 *   <li>{@code NEWSWIRE_ADMIN_KEYS_FILE}: a file of the same entries, re-read within a second of a
 *       change
 *   <li>{@code NEWSWIRE_AUTH_MAX_FAILURES} (10): failed authentications from one address within a
 *       minute before it is locked out (429 with Retry-After)
 *   <li>{@code NEWSWIRE_AUTH_LOCKOUT_SECONDS} (60): how long a lockout lasts
 *   <li>{@code NEWSWIRE_TRUSTED_PROXIES}: reverse proxies whose {@code X-Forwarded-For} says who
 *       the client is ({@link ClientAddress}); none by default
 * </ul>
 */
public record AccessSettings(
    KeyRing adminKeys,
    Path adminKeysFile,
    int maxFailures,
    Duration lockout,
    ClientAddress clients) {
  public static final String HELP =
      """
        NEWSWIRE_ADMIN_KEYS       operators' keys, name:sha256hex[,...] (SHA-256 of each key): scope admin, the
                                  only one /metrics accepts (Authorization: Bearer <key>); none by default
        NEWSWIRE_ADMIN_KEYS_FILE  file of the same entries (one a line, # comments), re-read within 1 s of a change
        NEWSWIRE_AUTH_MAX_FAILURES    failed authentications from one address within a minute before it is
                                  refused with 429 and Retry-After, whatever key it sends (default 10)
        NEWSWIRE_AUTH_LOCKOUT_SECONDS how long such an address is refused (default 60)
        NEWSWIRE_TRUSTED_PROXIES  reverse proxies (addresses, CIDRs) whose X-Forwarded-For names the client's
                                  address for that count; none by default (the TCP peer is the client)
      """;

  public AccessSettings {
    if (adminKeys == null) {
      adminKeys = KeyRing.empty();
    }
    if (clients == null) {
      clients = ClientAddress.direct();
    }
    if (maxFailures < 1) {
      throw new IllegalArgumentException(
          "NEWSWIRE_AUTH_MAX_FAILURES must be at least 1, got " + maxFailures);
    }
    if (lockout.isNegative() || lockout.isZero()) {
      throw new IllegalArgumentException("NEWSWIRE_AUTH_LOCKOUT_SECONDS must be at least 1");
    }
  }

  /** No operator keys, the default throttle. */
  public static AccessSettings defaults() {
    return new AccessSettings(
        KeyRing.empty(),
        null,
        AuthThrottle.DEFAULT_MAX_FAILURES,
        AuthThrottle.DEFAULT_LOCKOUT,
        ClientAddress.direct());
  }

  public static AccessSettings from(Env env) {
    String file = env.string("NEWSWIRE_ADMIN_KEYS_FILE", "");
    return new AccessSettings(
        AdminKeys.parse(env.string("NEWSWIRE_ADMIN_KEYS", "")),
        file.isBlank() ? null : Path.of(file),
        env.integer("NEWSWIRE_AUTH_MAX_FAILURES", AuthThrottle.DEFAULT_MAX_FAILURES),
        Duration.ofSeconds(
            env.integer(
                "NEWSWIRE_AUTH_LOCKOUT_SECONDS", (int) AuthThrottle.DEFAULT_LOCKOUT.toSeconds())),
        ClientAddress.trusting(env.string("NEWSWIRE_TRUSTED_PROXIES", "")));
  }

  /** With these operator keys (and no key file). */
  public AccessSettings withAdminKeys(KeyRing keys) {
    return new AccessSettings(keys, null, maxFailures, lockout, clients);
  }

  public AccessSettings withAdminKeysFile(Path file) {
    return new AccessSettings(adminKeys, file, maxFailures, lockout, clients);
  }

  /**
   * With another throttle: {@code maxFailures} within a minute lock an address out for {@code
   * lockout}.
   */
  /** Trusting these reverse proxies' {@code X-Forwarded-For}. */
  public AccessSettings withTrustedProxies(ClientAddress c) {
    return new AccessSettings(adminKeys, adminKeysFile, maxFailures, lockout, c);
  }

  public AccessSettings withThrottle(int failures, Duration lockoutFor) {
    return new AccessSettings(adminKeys, adminKeysFile, failures, lockoutFor, clients);
  }

  /**
   * The one {@link HttpAccess} of a service: its own key rings ({@code serviceKeys}, looked up
   * first), then the operators'; one throttle for all its routes.
   */
  public HttpAccess access(List<KeyRingFile> serviceKeys, String keyHolder) {
    List<KeyRingFile> rings = new ArrayList<>(serviceKeys);
    rings.add(new KeyRingFile(adminKeys, adminKeysFile, AdminKeys.OPERATORS));
    return new HttpAccess(
        rings,
        new AuthThrottle(
            maxFailures,
            AuthThrottle.DEFAULT_WINDOW,
            lockout,
            AuthThrottle.DEFAULT_MAX_CLIENTS,
            System::nanoTime),
        keyHolder,
        clients);
  }
}
