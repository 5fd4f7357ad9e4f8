package io.newswire.platform;

import io.newswire.platform.core.AclPlan;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/** {@link AclPlan} for the topic catalogue ({@link Topics}), as Kafka ACL bindings. */
public final class KafkaAcls {
  private KafkaAcls() {}

  /** The catalogue's names the plan grants on. */
  public static AclPlan.Catalogue catalogue() {
    return new AclPlan.Catalogue(
        Topics.RAW,
        Topics.ENRICHED,
        Topics.PUBLISHED,
        Topics.EMBARGOED,
        Topics.STORIES_LATEST,
        Topics.DLQ,
        Topics.INGEST_RECEIPTS,
        Topics.INGEST_REFUSALS,
        Topics.CONTROL,
        Topics.WEBHOOKS,
        Topics.WEBHOOKS_PARKED,
        Topics.SUBSCRIPTIONS,
        Topics.TAG_TOPIC_PREFIX,
        Topics.PIPELINE_PREFIX);
  }

  /** The plan's grants for the catalogue, with the default principals and application ids. */
  public static List<AclPlan.Grant> defaultPlan() {
    return AclPlan.grants(catalogue(), AclPlan.Principals.defaults(), AclPlan.Apps.defaults());
  }

  /** The bindings of {@code grants}: each an ALLOW for {@code User:<principal>} from any host. */
  public static List<AclBinding> bindings(List<AclPlan.Grant> grants) {
    return grants.stream().map(KafkaAcls::binding).toList();
  }

  static AclBinding binding(AclPlan.Grant g) {
    return new AclBinding(
        new ResourcePattern(
            ResourceType.valueOf(g.resource().name()),
            g.name(),
            PatternType.valueOf(g.match().name())),
        new AccessControlEntry(
            "User:" + g.principal(),
            "*",
            AclOperation.valueOf(g.operation().name()),
            AclPermissionType.ALLOW));
  }

  /** Creates the bindings (creating one that exists is a no-op in Kafka). */
  public static void apply(Admin admin, List<AclBinding> bindings)
      throws InterruptedException, ExecutionException, TimeoutException {
    admin.createAcls(bindings).all().get(60, TimeUnit.SECONDS);
  }
}
