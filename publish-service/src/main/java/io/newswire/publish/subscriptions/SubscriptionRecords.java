package io.newswire.publish.subscriptions;

import io.newswire.publish.core.subscriptions.Filter;
import io.newswire.publish.core.subscriptions.Subscription;
import java.util.List;

/** Saved subscriptions to and from their Avro records in news.subscriptions.v1. */
final class SubscriptionRecords {
  private SubscriptionRecords() {}

  static io.newswire.schema.v1.Subscription record(Subscription s) {
    Filter f = s.filter();
    return io.newswire.schema.v1.Subscription.newBuilder()
        .setOwner(s.owner())
        .setName(s.name())
        .setTags(f.tags())
        .setLanguages(f.languages())
        .setAgencies(f.agencies())
        .setMaxUrgency(f.maxUrgency())
        .setTerms(f.terms())
        .setCreatedAt(s.createdAt())
        .setUpdatedAt(s.updatedAt())
        .build();
  }

  /** A record read back; one that is not valid is an IllegalArgumentException. */
  static Subscription subscription(io.newswire.schema.v1.Subscription r) {
    return new Subscription(
        r.getOwner(),
        r.getName(),
        new Filter(
            strings(r.getTags()),
            strings(r.getLanguages()),
            strings(r.getAgencies()),
            r.getMaxUrgency(),
            strings(r.getTerms())),
        r.getCreatedAt(),
        r.getUpdatedAt());
  }

  private static List<String> strings(List<? extends CharSequence> values) {
    return values.stream().map(CharSequence::toString).toList();
  }
}
