package io.newswire.local;

import io.newswire.platform.Topics;

/**
 * What the local pipeline prints once it is up: where everything is, the keys, and a first request
 * to try.
 */
final class Banner {
  private Banner() {}

  /** The web console of publish-service. */
  static String consoleUrl(LocalPipeline p) {
    return "http://127.0.0.1:" + p.publish().port() + "/console/";
  }

  static String text(LocalPipeline p, long startupMillis) {
    String ingest = "http://127.0.0.1:" + p.ingest().port();
    StringBuilder b = new StringBuilder();
    b.append("\nNewswire is up (").append(startupMillis).append(" ms)\n\n");
    b.append("  Kafka bootstrap    ").append(p.bootstrapServers()).append('\n');
    if (p.cluster() != null) {
      b.append("  Kafka brokers      ")
          .append(p.brokers())
          .append(" KRaft nodes, one process each (")
          .append(
              String.join(
                  ", ",
                  p.cluster().nodeIds().stream()
                      .map(id -> id + ": :" + p.cluster().port(id))
                      .toList()))
          .append("); topics: replication factor ")
          .append(p.replicationFactor())
          .append(", min.insync.replicas ")
          .append(p.cluster().minInsyncReplicas())
          .append('\n');
      b.append("  Kafka node logs    ")
          .append(p.cluster().dataDir())
          .append("/node-<id>/node.log\n");
    } else {
      b.append("  Kafka brokers      1 (in-process)\n");
    }
    b.append("  Schema registry    ")
        .append(p.registry().baseUrl())
        .append("  (Confluent-compatible API: ")
        .append(p.registry().ccompatUrl())
        .append(")\n");
    b.append("  ingest-service     ").append(ingest).append("   POST /v1/stories\n");
    b.append("  enrich-service     http://127.0.0.1:")
        .append(p.enrich().port())
        .append("   /health/ready /metrics (the ops key)\n");
    b.append("  publish-service    http://127.0.0.1:")
        .append(p.publish().port())
        .append("   GET /v1/stories/{urn} /v1/stream, /v1/webhooks, /v1/sources (a publish key)\n");
    b.append("  console            ")
        .append(consoleUrl(p))
        .append("   sign in with a publish key (desk; ops also sees the pipeline)\n");
    b.append("  topics             ")
        .append(String.join(", ", Topics.RAW, Topics.ENRICHED, Topics.PUBLISHED, Topics.DLQ))
        .append("\n\n");
    b.append("  Local API keys (agency: key)\n");
    p.apiKeys()
        .forEach(
            (agency, key) ->
                b.append("    ").append(String.format("%-9s", agency)).append(key).append('\n'));
    b.append("\n  Local publish keys (name: key, scopes)\n");
    p.publishKeys()
        .forEach(
            (name, key) ->
                b.append("    ")
                    .append(String.format("%-9s", name))
                    .append(key)
                    .append(
                        name.equals(LocalPipeline.OPS)
                            ? "   admin (also /metrics of every service)"
                            : "   read+webhooks")
                    .append('\n'));
    String desk = p.publishKeys().get(LocalPipeline.DESK);
    String publish = "http://127.0.0.1:" + p.publish().port();
    b.append("\n  Try it:\n");
    b.append("    curl -i -X POST ").append(ingest).append("/v1/stories \\\n");
    b.append("      -H 'Authorization: Bearer ").append(p.apiKeys().get("vov")).append("' \\\n");
    b.append(
        "      -H 'Content-Type: text/plain; charset=utf-8' -H 'X-Story-Id: vov-demo-1' -H 'X-Story-Version: 1' \\\n");
    b.append("      --data-binary @corpus/vov-asean-digital-ministers.fr.txt\n");
    b.append("    curl -s -H 'Authorization: Bearer ")
        .append(desk)
        .append("' ")
        .append(publish)
        .append("/v1/stories/urn:newswire:vov:vov-demo-1\n");
    b.append("    curl -N -H 'Accept: text/event-stream' -H 'Authorization: Bearer ")
        .append(desk)
        .append("' ")
        .append(publish)
        .append("/v1/stream\n");
    b.append("    NEWSWIRE_PUBLISH_KEY=")
        .append(desk)
        .append(" PUBLISH_URL=")
        .append(publish)
        .append(" ./newswire sources   # source health\n");
    b.append("    curl -s -H 'Authorization: Bearer ")
        .append(p.publishKeys().get(LocalPipeline.OPS))
        .append("' ")
        .append(publish)
        .append("/metrics | head\n");
    return b.toString();
  }
}
