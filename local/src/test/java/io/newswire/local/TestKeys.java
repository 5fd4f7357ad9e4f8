package io.newswire.local;

import io.newswire.platform.AccessSettings;
import io.newswire.platform.core.access.AdminKeys;
import io.newswire.platform.core.access.KeyRing;
import io.newswire.publish.PublishService;
import io.newswire.publish.core.SubscriberKeys;
import java.net.URI;
import java.net.http.HttpRequest;

/** The keys the pipeline tests read publish and metrics with. */
final class TestKeys {
  private TestKeys() {}

  /** A subscriber's key (scopes read and webhooks). */
  static final String READER = "test-reader-key";

  /** An operator's key (admin: /metrics of every service). */
  static final String OPS = "test-ops-key";

  static AccessSettings access() {
    return AccessSettings.defaults()
        .withAdminKeys(AdminKeys.parse("ops:" + KeyRing.sha256Hex(OPS)));
  }

  /** {@code config} with the reader's key and the operator's. */
  static PublishService.Config publish(PublishService.Config config) {
    return config
        .withSubscriberKeys(
            SubscriberKeys.parse("reader:" + KeyRing.sha256Hex(READER) + ":read+webhooks"))
        .withAccess(access());
  }

  /** A request with the reader's key. */
  static HttpRequest.Builder asReader(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + READER);
  }

  /** A request with the operator's key. */
  static HttpRequest.Builder asOps(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + OPS);
  }
}
