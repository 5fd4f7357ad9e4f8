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
import io.newswire.publish.core.Urgency;
import io.newswire.publish.core.Webhook;
import io.newswire.publish.core.subscriptions.Filter;
import io.newswire.publish.core.subscriptions.Subscription;
import io.newswire.publish.subscriptions.SubscriptionRegistry;
import io.newswire.publish.webhooks.WebhookRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Saved subscriptions: {@code PUT /v1/subscriptions/{name}} (save a named {@link Filter}: JSON
 * {@code {"tags":[],"languages":[],"agencies":[],"maxUrgency":2,"terms":[]}}, every field optional;
 * 201 when new, 200 when it replaced one, either only once Kafka has acknowledged it), {@code GET
 * /v1/subscriptions} (the caller's, by name; an admin's: everyone's), {@code GET} and {@code DELETE
 * /v1/subscriptions/{name}} (204; 409 while one of the owner's webhooks names it). The story list
 * and the stream take one by name ({@code ?subscription=}), a webhook registration in its {@code
 * subscription} field ({@link #savedFilter}).
 *
 * <p>Every route needs a key with the scope {@code read} (what the list and the stream need: a
 * subscription is how a reader reads). Each subscriber sees and manages its own only; another's
 * answers 404 as one that does not exist. An admin sees every one, and reaches a subscriber's with
 * {@code ?owner=}. Names are 1 to 64 of a-z, 0-9, '-' and '_'; a subscriber has at most {@code
 * PUBLISH_MAX_SUBSCRIPTIONS_PER_SUBSCRIBER} (409 beyond).
 */
public final class SubscriptionsApi {
  /** The fields a subscription's body may have. */
  static final Set<String> FIELDS =
      Set.of("tags", "languages", "agencies", Urgency.MAX_URGENCY, "terms");

  private final SubscriptionRegistry registry;
  private final WebhookRegistry webhooks;
  private final HttpAccess access;

  public SubscriptionsApi(
      SubscriptionRegistry registry, WebhookRegistry webhooks, HttpAccess access) {
    this.registry = registry;
    this.webhooks = webhooks;
    this.access = access;
  }

  public void configure(JavalinConfig c) {
    c.routes.before("/v1/subscriptions", ctx -> access.require(ctx, Scope.READ));
    c.routes.before("/v1/subscriptions/*", ctx -> access.require(ctx, Scope.READ));
    c.routes.get(
        "/v1/subscriptions",
        ctx -> {
          Principal p = access.require(ctx, Scope.READ);
          String asked = ctx.queryParam("owner");
          boolean everyone = p.isAdmin() && (asked == null || asked.isBlank());
          String owner = p.isAdmin() && !everyone ? asked : p.name();
          List<Subscription> list = available(() -> everyone ? registry.all() : registry.of(owner));
          ObjectNode out = ServiceHttp.JSON.createObjectNode();
          ArrayNode items = out.putArray("items");
          list.forEach(s -> items.add(json(s)));
          ctx.json(out);
        });
    c.routes.get(
        "/v1/subscriptions/{name}",
        ctx -> {
          Principal p = access.require(ctx, Scope.READ);
          String owner = owner(ctx, p);
          String name = name(ctx);
          ctx.json(json(find(owner, name)));
        });
    c.routes.put("/v1/subscriptions/{name}", this::put);
    c.routes.delete("/v1/subscriptions/{name}", this::delete);
  }

  private void put(Context ctx) {
    Principal p = access.require(ctx, Scope.READ);
    String owner = owner(ctx, p);
    String name = name(ctx);
    Filter filter = filter(WebhooksApi.jsonBody(ctx, false, SubscriptionsApi::invalid));
    SubscriptionRegistry.Saved saved;
    try {
      saved = kafka(() -> registry.put(owner, name, filter, Instant.now()));
    } catch (SubscriptionRegistry.LimitReached e) {
      throw new ProblemException(
          Problem.of(
              "subscription-limit-reached",
              "Too many subscriptions",
              409,
              e.total()
                  ? "This deployment holds as many saved subscriptions as it may"
                      + " (PUBLISH_MAX_SUBSCRIPTIONS = "
                      + registry.settings().maxTotal()
                      + "): ask its operators, or replace one of yours."
                  : "A subscriber has at most "
                      + registry.settings().maxPerSubscriber()
                      + " saved subscriptions: delete one, or replace one by saving it under its"
                      + " name."));
    }
    if (saved.created()) {
      ctx.status(201).header("Location", "/v1/subscriptions/" + name);
    }
    ctx.json(json(saved.subscription()));
  }

  private void delete(Context ctx) {
    Principal p = access.require(ctx, Scope.READ);
    String owner = owner(ctx, p);
    String name = name(ctx);
    find(owner, name);
    List<String> using =
        webhooks.all().stream()
            .filter(h -> owner.equals(h.owner()) && name.equals(h.subscription()))
            .map(Webhook::id)
            .toList();
    if (!using.isEmpty()) {
      throw new ProblemException(
          Problem.of(
                  "subscription-in-use",
                  "Subscription in use",
                  409,
                  "Webhooks deliver through '"
                      + name
                      + "' ("
                      + String.join(", ", using.subList(0, Math.min(5, using.size())))
                      + (using.size() > 5 ? ", ..." : "")
                      + "): delete them first, or save the subscription anew instead.")
              .withField("name"));
    }
    kafka(
        () -> {
          registry.remove(owner, name);
          return null;
        });
    ctx.status(204);
  }

  /**
   * The filter of {@code owner}'s saved subscription {@code name}, for the list, the stream and a
   * webhook registration: one saved a moment ago through another instance is found ({@link
   * SubscriptionRegistry#fresh}); an unknown one is a 404 naming the parameter, never no filter.
   */
  Filter savedFilter(String owner, String name, String parameter) {
    try {
      Subscription.checkName(name);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          Problem.of(
                  "invalid-query",
                  "Invalid query",
                  400,
                  parameter + ":" + e.getMessage().substring(5))
              .withField(parameter));
    }
    return available(() -> registry.fresh(owner, name))
        .orElseThrow(() -> notFound(owner, name, parameter))
        .filter();
  }

  private Subscription find(String owner, String name) {
    return available(() -> registry.get(owner, name))
        .orElseThrow(() -> notFound(owner, name, "name"));
  }

  static ProblemException notFound(String owner, String name, String field) {
    return new ProblemException(
        Problem.of(
                "subscription-not-found",
                "Subscription not found",
                404,
                "'" + owner + "' has no saved subscription named '" + name + "'.")
            .withField(field));
  }

  /** The owner a request is about: the caller, or, for an admin, {@code ?owner=}. */
  private static String owner(Context ctx, Principal p) {
    String asked = ctx.queryParam("owner");
    if (asked == null || asked.isBlank() || asked.equals(p.name())) {
      return p.name();
    }
    if (!p.isAdmin()) { // another's subscriptions are not there for it
      throw notFound(shorten(asked), shorten(ctx.pathParam("name")), "owner");
    }
    if (asked.length() > 64 || asked.indexOf('/') >= 0) {
      throw invalid("owner", "owner: a subscriber's name");
    }
    return asked;
  }

  private static String shorten(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }

  private static String name(Context ctx) {
    String name = ctx.pathParam("name");
    try {
      return Subscription.checkName(name);
    } catch (IllegalArgumentException e) {
      throw invalid("name", e.getMessage());
    }
  }

  /** A subscription's body as a filter; every field is optional, no other is taken. */
  static Filter filter(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw invalid(
          "body",
          "a JSON object with any of tags, languages, agencies (arrays of strings), maxUrgency (1"
              + " to 9) and terms (an array of words or phrases)");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw invalid(
            f.length() > 40 ? "body" : f,
            "unknown field '"
                + shorten(f)
                + "': a subscription has tags, languages, agencies, maxUrgency and terms");
      }
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
    try {
      return new Filter(
          strings(body, "tags", Filter.MAX_TAGS),
          strings(body, "languages", Filter.MAX_LANGUAGES),
          strings(body, "agencies", Filter.MAX_AGENCIES),
          maxUrgency,
          strings(body, "terms", Filter.MAX_TERMS));
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      int colon = m.indexOf(':');
      throw invalid(colon > 0 ? m.substring(0, colon) : "body", m);
    }
  }

  /** An array of strings (absent or null: empty), of at most {@code max} of them. */
  static List<String> strings(JsonNode body, String field, int max) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw invalid(field, field + ": an array of strings, e.g. [\"AI\", \"ASEAN\"]");
    }
    if (n.size() > max) {
      throw invalid(field, field + ": at most " + max + " " + field);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode v : n) {
      if (!v.isTextual()) {
        throw invalid(field, field + ": each value is a string");
      }
      out.add(v.asText());
    }
    return out;
  }

  static ProblemException invalid(String field, String detail) {
    return new ProblemException(
        Problem.of("invalid-subscription", "Invalid subscription", 400, detail).withField(field));
  }

  /** A registry call that needs the subscriptions loaded: 503 while they are not (starting). */
  private static <T> T available(Supplier<T> call) {
    try {
      return call.get();
    } catch (SubscriptionRegistry.NotLoaded e) {
      throw new ProblemException(
          Problem.of(
              "subscriptions-unavailable",
              "Service unavailable",
              503,
              "publish-service is still reading the saved subscriptions; retry shortly."),
          Map.of("Retry-After", "2"));
    } catch (WriteUnavailable e) {
      throw new ProblemException(
          Problem.of(
              "subscriptions-unavailable",
              "Service unavailable",
              503,
              "The saved subscriptions could not be brought up to date ("
                  + e.getCause().getClass().getSimpleName()
                  + "); retry shortly."),
          Map.of("Retry-After", "2"));
    }
  }

  /**
   * A registry call that writes to Kafka: when Kafka or the schema registry failed, a 503 that says
   * nothing was changed.
   */
  private static <T> T kafka(Supplier<T> call) {
    return available(
        () -> {
          try {
            return call.get();
          } catch (WriteUnavailable e) {
            throw e.problem();
          }
        });
  }

  /** A subscription as the API shows it. */
  static ObjectNode json(Subscription s) {
    ObjectNode o = ServiceHttp.JSON.createObjectNode();
    o.put("owner", s.owner());
    o.put("name", s.name());
    Filter f = s.filter();
    f.tags().forEach(o.putArray("tags")::add);
    f.languages().forEach(o.putArray("languages")::add);
    f.agencies().forEach(o.putArray("agencies")::add);
    if (f.maxUrgency() == null) {
      o.putNull(Urgency.MAX_URGENCY);
    } else {
      o.put(Urgency.MAX_URGENCY, f.maxUrgency().intValue());
    }
    f.terms().forEach(o.putArray("terms")::add);
    o.put("createdAt", s.createdAt().toString());
    o.put("updatedAt", s.updatedAt().toString());
    return o;
  }

  /** The saved subscription's name a request gives, if any (blank: none). */
  static Optional<String> named(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
