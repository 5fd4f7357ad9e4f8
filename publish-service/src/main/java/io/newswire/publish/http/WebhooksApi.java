package io.newswire.publish.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.newswire.platform.HttpAccess;
import io.newswire.platform.Problem;
import io.newswire.platform.ProblemException;
import io.newswire.platform.RegistryFailures;
import io.newswire.platform.ServiceHttp;
import io.newswire.publish.core.Webhook;
import io.newswire.publish.webhooks.WebhookRegistry;
import io.newswire.schema.v1.ParkedDelivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The webhook API: {@code POST /v1/webhooks} (register: answers with the secret), {@code GET
 * /v1/webhooks} (every registration, oldest first, without secrets), {@code GET} and {@code DELETE
 * /v1/webhooks/{id}}, and {@code GET /v1/webhooks/{id}/parked} (deliveries that failed every
 * attempt).
 *
 * <p>It parses requests into core types ({@link Webhook#register} validates a registration),
 * renders JSON and answers errors as problem+json; the registrations, their workers and the parked
 * deliveries are {@link WebhookRegistry}'s.
 */
public final class WebhooksApi {
  private final WebhookRegistry registry;
  private final HttpAccess access;

  /** {@code access}: who is calling (subscribers' keys); each route requires the scope it needs. */
  public WebhooksApi(WebhookRegistry registry, HttpAccess access) {
    this.registry = registry;
    this.access = access;
  }

  public void configure(JavalinConfig c) {
    c.routes.post("/v1/webhooks", this::register);
    c.routes.get(
        "/v1/webhooks",
        ctx -> {
          ObjectNode out = ServiceHttp.JSON.createObjectNode();
          ArrayNode items = out.putArray("items");
          registry.all().forEach(h -> items.add(json(h, false)));
          ctx.json(out);
        });
    c.routes.get("/v1/webhooks/{id}", ctx -> ctx.json(json(hook(ctx), false)));
    c.routes.delete(
        "/v1/webhooks/{id}",
        ctx -> {
          Webhook h = hook(ctx);
          kafka(
              () -> {
                registry.remove(h.id());
                return null;
              });
          ctx.status(204);
        });
    c.routes.get(
        "/v1/webhooks/{id}/parked",
        ctx -> {
          Webhook h = hook(ctx);
          ObjectNode out = ServiceHttp.JSON.createObjectNode();
          ArrayNode items = out.putArray("items");
          registry.parked(h.id()).forEach(p -> items.add(json(p)));
          ctx.json(out);
        });
  }

  private void register(Context ctx) {
    JsonNode body;
    try {
      body = ServiceHttp.JSON.readTree(ctx.body());
    } catch (java.io.IOException e) {
      throw invalid("body", "not JSON");
    }
    if (body == null || !body.isObject()) {
      throw invalid("body", "a JSON object with url, tags and optionally secret");
    }
    List<String> tags = new ArrayList<>();
    if (body.has("tags")) {
      if (!body.get("tags").isArray()) {
        throw invalid("tags", "an array of tag ids, e.g. [\"AI\", \"ASEAN\"]");
      }
      body.get("tags").forEach(t -> tags.add(t.asText()));
    }
    Webhook h;
    try {
      h =
          Webhook.register(
              body.path("url").isTextual() ? body.get("url").asText() : null,
              tags,
              body.path("secret").isTextual() ? body.get("secret").asText() : null,
              Instant.now(),
              kafka(registry::publishedEnd));
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      int colon = m.indexOf(':');
      throw invalid(colon > 0 ? m.substring(0, colon) : "body", m);
    }
    Webhook stored = kafka(() -> registry.add(h));
    ctx.status(201).header("Location", "/v1/webhooks/" + stored.id()).json(json(stored, true));
  }

  /**
   * Runs a call of the registry that needs Kafka (and, to write, the schema registry); when either
   * failed, a 503 that says nothing was changed.
   */
  private static <T> T kafka(Supplier<T> call) {
    try {
      return call.get();
    } catch (WebhookRegistry.Unavailable e) {
      Problem p =
          e.registry()
              ? Problem.of(
                  "registry-unavailable",
                  "Service unavailable",
                  503,
                  "The schema registry failed ("
                      + RegistryFailures.describe(e.getCause())
                      + "); nothing was changed.")
              : Problem.of(
                  "kafka-unavailable",
                  "Service unavailable",
                  503,
                  "Kafka did not answer in time ("
                      + e.getCause().getClass().getSimpleName()
                      + "); nothing was changed.");
      throw new ProblemException(p, Map.of("Retry-After", "5"));
    }
  }

  private Webhook hook(Context ctx) {
    return registry
        .get(ctx.pathParam("id"))
        .orElseThrow(
            () ->
                new ProblemException(
                    Problem.of(
                            "webhook-not-found",
                            "Webhook not found",
                            404,
                            "No webhook has the id '" + ctx.pathParam("id") + "'.")
                        .withField("id")));
  }

  private static ProblemException invalid(String field, String detail) {
    return new ProblemException(
        Problem.of("invalid-webhook", "Invalid webhook", 400, detail).withField(field));
  }

  /** A registration as the API shows it; the secret only in the answer to its creation. */
  static ObjectNode json(Webhook h, boolean withSecret) {
    ObjectNode o = ServiceHttp.JSON.createObjectNode();
    o.put("id", h.id());
    o.put("url", h.url());
    ArrayNode tags = o.putArray("tags");
    h.tags().forEach(tags::add);
    if (withSecret) {
      o.put("secret", h.secret());
    }
    o.put("createdAt", h.createdAt().toString());
    o.put("start", h.start() == null ? null : h.start().encode());
    return o;
  }

  /** A parked delivery as the API shows it: {@code event} is the CloudEvent that was POSTed. */
  static ObjectNode json(ParkedDelivery p) {
    ObjectNode o = ServiceHttp.JSON.createObjectNode();
    o.put("webhookId", p.getWebhookId());
    o.put("eventId", p.getEventId());
    o.put("uri", p.getUri());
    o.put("attempts", p.getAttempts());
    o.put("lastError", p.getLastError());
    o.put("parkedAt", p.getParkedAt().toString());
    o.put("partition", p.getPartition());
    o.put("offset", p.getOffset());
    try {
      o.set("event", ServiceHttp.JSON.readTree(p.getEvent()));
    } catch (java.io.IOException e) {
      o.put("event", p.getEvent()); // not written by publish-service: shown as it is
    }
    return o;
  }
}
