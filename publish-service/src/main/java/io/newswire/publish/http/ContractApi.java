package io.newswire.publish.http;

import io.javalin.config.JavalinConfig;
import io.newswire.platform.HttpAccess;
import io.newswire.platform.core.access.Scope;
import io.newswire.publish.contract.AsyncApi;

/**
 * {@code GET /asyncapi.json}: the AsyncAPI 3.0 document of the public topics ({@link AsyncApi}),
 * for any subscriber with the scope {@code read}.
 */
public final class ContractApi {
  private final HttpAccess access;
  private final String document = AsyncApi.json();

  public ContractApi(HttpAccess access) {
    this.access = access;
  }

  public void configure(JavalinConfig c) {
    c.routes.before("/asyncapi.json", ctx -> access.require(ctx, Scope.READ));
    c.routes.get("/asyncapi.json", ctx -> ctx.contentType("application/json").result(document));
  }
}
