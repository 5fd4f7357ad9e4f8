package io.newswire.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newswire.platform.core.access.Scope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side every service shares: {@code /health/live}, {@code /health/ready} (open to all),
 * {@code /metrics} (Prometheus text format, Micrometer; only for a key with the {@code admin}
 * scope, e.g. Prometheus' {@code authorization} with a {@code NEWSWIRE_ADMIN_KEYS} key), JSON
 * through Jackson, and errors as problem+json.
 */
public final class ServiceHttp {
  private static final Logger log = LoggerFactory.getLogger(ServiceHttp.class);

  /** Jackson as every service writes JSON: ISO-8601 times, no nulls dropped silently. */
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private ServiceHttp() {}

  /** Whether a service can do its work now, and if not, why. */
  public record Readiness(boolean ready, String detail) {
    public static Readiness up(String detail) {
      return new Readiness(true, detail);
    }

    public static Readiness down(String detail) {
      return new Readiness(false, detail);
    }

    /** Ready when both are; the details of both. */
    public Readiness and(Readiness other) {
      return new Readiness(ready && other.ready, detail + "; " + other.detail);
    }
  }

  /** A Prometheus registry with the JVM's own metrics bound, tagged with the service name. */
  public static PrometheusMeterRegistry meterRegistry(String service) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("service", service);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  /**
   * A Javalin app with the shared endpoints and error handling; {@code custom} adds the service's
   * own routes and settings, {@code access} is who may call (the service's one {@link HttpAccess}:
   * {@code /metrics} requires {@code admin}). Start it with {@link Javalin#start(String, int)}.
   */
  public static Javalin create(
      String service,
      PrometheusMeterRegistry metrics,
      Supplier<Readiness> readiness,
      HttpAccess access,
      Consumer<JavalinConfig> custom) {
    return create(service, metrics, readiness, null, access, custom);
  }

  /**
   * The same, for a service with background loops: {@code /health/ready} is also down while one of
   * {@code loops}' essential loops is failing, and lists every loop's state under {@code loops}.
   */
  public static Javalin create(
      String service,
      PrometheusMeterRegistry metrics,
      Supplier<Readiness> readiness,
      Supervisor loops,
      HttpAccess access,
      Consumer<JavalinConfig> custom) {
    Objects.requireNonNull(access, "access");
    return Javalin.create(
        config -> {
          config.jsonMapper(new JavalinJackson(JSON, false));
          config.startup.showJavalinBanner = false;
          config.routes.get(
              "/health/live", ctx -> ctx.json(Map.of("status", "UP", "service", service)));
          config.routes.get(
              "/health/ready",
              ctx -> {
                Readiness r =
                    loops == null ? readiness.get() : readiness.get().and(loops.readiness());
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", r.ready() ? "UP" : "DOWN");
                body.put("service", service);
                body.put("detail", r.detail());
                if (loops != null) {
                  body.put("loops", loops.states());
                }
                ctx.status(r.ready() ? 200 : 503).json(body);
              });
          config.routes.get(
              "/metrics",
              ctx -> {
                access.require(ctx, Scope.ADMIN);
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape());
              });
          config.routes.exception(
              ProblemException.class,
              (e, ctx) -> {
                e.headers().forEach(ctx::header);
                problem(ctx, e.problem());
              });
          config.routes.exception(
              Exception.class,
              (e, ctx) -> {
                log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                problem(
                    ctx,
                    Problem.of(
                        "internal-error",
                        "Internal server error",
                        500,
                        "The server failed to handle the request; it has been logged."));
              });
          config.routes.error(
              404,
              ctx -> {
                if (!Problem.MEDIA_TYPE.equals(ctx.res().getContentType())) {
                  problem(
                      ctx,
                      Problem.of("not-found", "Not found", 404, "No resource at " + ctx.path()));
                }
              });
          custom.accept(config);
        });
  }

  /** Answers {@code p} as problem+json. */
  public static void problem(Context ctx, Problem p) {
    try {
      ctx.status(p.status())
          .contentType(Problem.MEDIA_TYPE)
          .result(JSON.writeValueAsString(p.withInstance(ctx.path())));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
