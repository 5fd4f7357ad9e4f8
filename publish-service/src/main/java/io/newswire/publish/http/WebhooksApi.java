package io.newswire.publish.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.newswire.platform.HttpAccess;
import io.newswire.platform.Problem;
import io.newswire.platform.ProblemException;
import io.newswire.platform.ServiceHttp;
import io.newswire.platform.WriteUnavailable;
import io.newswire.platform.core.access.Principal;
import io.newswire.platform.core.access.Scope;
import io.newswire.platform.core.net.AddressPolicy;
import io.newswire.publish.core.StreamPosition;
import io.newswire.publish.core.Urgency;
import io.newswire.publish.core.Webhook;
import io.newswire.publish.webhooks.WebhookRegistry;
import io.newswire.publish.webhooks.WebhookSettings;
import io.newswire.schema.v1.ParkedDelivery;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The webhook API: {@code POST /v1/webhooks} (register {@code url}, {@code tags}, optionally {@code
 * secret}, {@code maxUrgency}, 1 to 9: only events whose urgency is known and at most it, and
 * {@code subscription}, the name of one of the caller's saved subscriptions, which events must pass
 * as well (400 when it has none of that name); answers with the secret), {@code GET /v1/webhooks}
 * (the caller's registrations, oldest first, without secrets; an admin's: all of them), {@code GET}
 * and {@code DELETE /v1/webhooks/{id}}, {@code GET /v1/webhooks/{id}/parked} (deliveries that
 * failed every attempt), {@code POST /v1/webhooks/{id}/secret} (a new secret, shown once) and, for
 * admins, {@code POST /v1/webhooks/secrets/reseal} (seal every secret again with the current key).
 *
 * <p>Every route needs a key with the scope {@code webhooks} ({@code admin} covers it). A
 * subscriber sees and manages only its own webhooks: another's answers 404 as one that does not
 * exist. A registration's URL must reach an address the policy permits ({@link AddressPolicy},
 * checked again at every delivery); its body is JSON ({@code application/json}, else 415) of at
 * most {@value #MAX_BODY} bytes (else 413); a subscriber has at most {@link
 * WebhookSettings#maxPerSubscriber} webhooks (else 409).
 *
 * <p>It parses requests into core types ({@link Webhook#register} validates a registration),
 * renders JSON and answers errors as problem+json; the registrations, their workers and the parked
 * deliveries are {@link WebhookRegistry}'s.
 */
public final class WebhooksApi {
  /** The largest request body taken, in bytes. */
  public static final int MAX_BODY = 16 * 1024;

  private final WebhookRegistry registry;
  private final HttpAccess access;
  private final WebhookSettings settings;
  private final SubscriptionsApi subscriptions;

  /**
   * {@code access}: who is calling (subscribers' keys); each route requires the scope it needs.
   * {@code subscriptions}: where a registration's {@code subscription} is looked up.
   */
  public WebhooksApi(WebhookRegistry registry, HttpAccess access, SubscriptionsApi subscriptions) {
    this.registry = registry;
    this.access = access;
    this.settings = registry.settings();
    this.subscriptions = subscriptions;
  }

  public void configure(JavalinConfig c) {
    c.routes.post("/v1/webhooks", this::register);
    c.routes.get(
        "/v1/webhooks",
        ctx -> {
          Principal p = access.require(ctx, Scope.WEBHOOKS);
          ObjectNode out = ServiceHttp.JSON.createObjectNode();
          ArrayNode items = out.putArray("items");
          registry.all().stream()
              .filter(h -> h.visibleTo(p.name(), p.isAdmin()))
              .forEach(h -> items.add(json(h, false)));
          ctx.json(out);
        });
    c.routes.post(
        "/v1/webhooks/secrets/reseal",
        ctx -> {
          access.require(ctx, Scope.ADMIN);
          int n = kafka(this::reseal);
          ctx.json(ServiceHttp.JSON.createObjectNode().put("resealed", n));
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
    c.routes.post("/v1/webhooks/{id}/secret", this::rotate);
  }

  private int reseal() {
    try {
      return registry.reseal();
    } catch (WebhookRegistry.NoSecretKey e) {
      throw noSecretKey();
    }
  }

  private void register(Context ctx) {
    Principal caller = access.require(ctx, Scope.WEBHOOKS);
    JsonNode body = jsonBody(ctx, false);
    if (body == null || !body.isObject()) {
      throw invalid(
          "body",
          "a JSON object with url, tags and optionally secret, maxUrgency and subscription");
    }
    String subscription = null;
    JsonNode sub = body.get("subscription");
    if (sub != null && !sub.isNull()) {
      if (!sub.isTextual()) {
        throw invalid("subscription", "subscription: the name of one of your saved subscriptions");
      }
      subscription = sub.asText();
    }
    Integer maxUrgency = null;
    JsonNode mu = body.get(Urgency.MAX_URGENCY);
    if (mu != null && !mu.isNull()) {
      if (!mu.isIntegralNumber() || !mu.canConvertToInt()) {
        throw invalid(
            Urgency.MAX_URGENCY,
            "maxUrgency: must be a whole number from 1 (most urgent) to 9, got " + mu);
      }
      maxUrgency = mu.asInt();
    }
    List<String> tags = new ArrayList<>();
    if (body.has("tags")) {
      if (!body.get("tags").isArray()) {
        throw invalid("tags", "an array of tag ids, e.g. [\"AI\", \"ASEAN\"]");
      }
      if (body.get("tags").size() > Webhook.MAX_TAGS) {
        throw invalid("tags", "tags: at most " + Webhook.MAX_TAGS + " tags");
      }
      for (JsonNode t : body.get("tags")) {
        if (!t.isTextual()) {
          throw invalid("tags", "tags: each tag is a string");
        }
        tags.add(t.asText());
      }
    }
    Webhook h;
    try {
      h =
          Webhook.register(
              caller.name(),
              body.path("url").isTextual() ? body.get("url").asText() : null,
              tags,
              body.path("secret").isTextual() ? body.get("secret").asText() : null,
              Instant.now(),
              null,
              maxUrgency,
              subscription);
    } catch (IllegalArgumentException e) {
      throw invalid(e);
    }
    if (h.subscription() != null) { // it must exist: never delivered unfiltered in its place
      try {
        subscriptions.savedFilter(caller.name(), h.subscription(), "subscription");
      } catch (ProblemException e) {
        if (e.problem().status() != 404) {
          throw e;
        }
        throw invalid(
            "subscription",
            "subscription: you have no saved subscription named '"
                + h.subscription()
                + "' (save it first: PUT /v1/subscriptions/"
                + h.subscription()
                + ")");
      }
    }
    checkAddress(URI.create(h.url()).getHost());
    StreamPosition start = kafka(registry::publishedEnd);
    Webhook withStart = h.withStart(start);
    Webhook stored;
    try {
      stored = kafka(() -> registry.add(withStart));
    } catch (WebhookRegistry.LimitReached e) {
      throw new ProblemException(
          Problem.of(
              "webhook-limit-reached",
              "Too many webhooks",
              409,
              "A subscriber has at most "
                  + settings.maxPerSubscriber()
                  + " webhooks: delete one before registering another."));
    } catch (WebhookRegistry.NoSecretKey e) {
      throw noSecretKey();
    }
    ctx.status(201).header("Location", "/v1/webhooks/" + stored.id()).json(json(stored, true));
  }

  /** Refuses (422, field url) a host the address policy does not let webhooks reach. */
  private void checkAddress(String host) {
    try {
      settings.addresses().check(host, settings.resolver());
    } catch (AddressPolicy.Refused e) {
      throw new ProblemException(
          Problem.of(
                  "webhook-address-not-allowed",
                  "Webhook address not allowed",
                  422,
                  "url: its host cannot be reached by webhooks ("
                      + e.getMessage()
                      + "): it must be a public address or a name that resolves only to public"
                      + " addresses (not loopback, private, link-local, unique-local, multicast or"
                      + " reserved).")
              .withField("url"));
    }
  }

  private void rotate(Context ctx) {
    Webhook h = hook(ctx);
    JsonNode body = jsonBody(ctx, true);
    String secret = null;
    if (body != null && !body.isMissingNode()) {
      if (!body.isObject()
          || (body.has("secret") && !body.get("secret").isTextual())
          || body.size() > 1) {
        throw invalid("body", "empty, or a JSON object with only secret (16 to 256 characters)");
      }
      secret = body.path("secret").isTextual() ? body.get("secret").asText() : null;
    }
    try {
      Webhook.checkSecret(secret);
    } catch (IllegalArgumentException e) {
      throw invalid(e);
    }
    String newSecret = secret != null ? secret : Webhook.newSecret();
    Webhook rotated;
    try {
      rotated = kafka(() -> registry.rotate(h.id(), newSecret)).orElseThrow(() -> notFound(h.id()));
    } catch (WebhookRegistry.NoSecretKey e) {
      throw noSecretKey();
    }
    ctx.json(ServiceHttp.JSON.createObjectNode().put("id", rotated.id()).put("secret", newSecret));
  }

  /**
   * The request's JSON body: at most {@value #MAX_BODY} bytes (413), {@code application/json}
   * (415); null for an empty body when {@code emptyOk}.
   */
  private static JsonNode jsonBody(Context ctx, boolean emptyOk) {
    return jsonBody(ctx, emptyOk, WebhooksApi::invalid);
  }

  /** Like the other, with {@code invalid} making the 400 of a body that is not JSON. */
  static JsonNode jsonBody(
      Context ctx,
      boolean emptyOk,
      java.util.function.BiFunction<String, String, ProblemException> invalid) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BODY) {
      throw tooLarge();
    }
    byte[] bytes;
    try (InputStream in = ctx.req().getInputStream()) {
      bytes = in.readNBytes(MAX_BODY + 1);
    } catch (IOException e) {
      throw invalid.apply("body", "could not be read");
    }
    if (bytes.length > MAX_BODY) {
      throw tooLarge();
    }
    if (bytes.length == 0 && emptyOk) {
      return null;
    }
    String type = ctx.header("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json")) {
      throw new ProblemException(
          Problem.of(
                  "unsupported-media-type",
                  "Unsupported media type",
                  415,
                  "Send the body as JSON with 'Content-Type: application/json'.")
              .withField("Content-Type"));
    }
    try {
      return ServiceHttp.JSON.readTree(bytes);
    } catch (IOException e) {
      throw invalid.apply("body", "not JSON");
    }
  }

  private static ProblemException tooLarge() {
    return new ProblemException(
        Problem.of(
                "request-too-large",
                "Request too large",
                413,
                "The body is at most " + MAX_BODY + " bytes.")
            .withField("body"));
  }

  private static ProblemException noSecretKey() {
    return new ProblemException(
        Problem.of(
            "webhook-secrets-not-configured",
            "Service unavailable",
            503,
            "No key seals webhook secrets (PUBLISH_WEBHOOK_SECRET_KEYS): webhooks cannot be"
                + " registered or rotated on this instance."));
  }

  /**
   * Runs a call of the registry that needs Kafka (and, to write, the schema registry); when either
   * failed, a 503 that says nothing was changed.
   */
  private static <T> T kafka(Supplier<T> call) {
    try {
      return call.get();
    } catch (WriteUnavailable e) {
      throw e.problem();
    }
  }

  /**
   * The webhook of the path that the caller may see (scope webhooks; its own, or any for an admin);
   * 404 otherwise, as for one that does not exist.
   */
  private Webhook hook(Context ctx) {
    Principal p = access.require(ctx, Scope.WEBHOOKS);
    String id = ctx.pathParam("id");
    return registry
        .get(id)
        .filter(h -> h.visibleTo(p.name(), p.isAdmin()))
        .orElseThrow(() -> notFound(id));
  }

  private static ProblemException notFound(String id) {
    String shown = id.length() > 64 ? id.substring(0, 64) + "..." : id;
    return new ProblemException(
        Problem.of(
                "webhook-not-found",
                "Webhook not found",
                404,
                "No webhook has the id '" + shown + "'.")
            .withField("id"));
  }

  private static ProblemException invalid(IllegalArgumentException e) {
    String m = e.getMessage();
    int colon = m.indexOf(':');
    return invalid(colon > 0 ? m.substring(0, colon) : "body", m);
  }

  private static ProblemException invalid(String field, String detail) {
    return new ProblemException(
        Problem.of("invalid-webhook", "Invalid webhook", 400, detail).withField(field));
  }

  /** A registration as the API shows it; the secret only in the answer to its creation. */
  static ObjectNode json(Webhook h, boolean withSecret) {
    ObjectNode o = ServiceHttp.JSON.createObjectNode();
    o.put("id", h.id());
    o.put("owner", h.owner());
    o.put("url", h.url());
    ArrayNode tags = o.putArray("tags");
    h.tags().forEach(tags::add);
    if (withSecret) {
      o.put("secret", h.secret());
    }
    o.put("createdAt", h.createdAt().toString());
    o.put("start", h.start() == null ? null : h.start().encode());
    if (h.maxUrgency() == null) {
      o.putNull(Urgency.MAX_URGENCY);
    } else {
      o.put(Urgency.MAX_URGENCY, h.maxUrgency().intValue());
    }
    o.put("subscription", h.subscription());
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
