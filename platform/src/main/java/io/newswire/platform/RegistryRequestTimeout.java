package io.newswire.platform;

import io.apicurio.rest.client.JdkHttpClientProvider;
import io.apicurio.rest.client.auth.Auth;
import io.apicurio.rest.client.error.ApicurioRestClientException;
import io.apicurio.rest.client.error.RestClientErrorHandler;
import io.apicurio.rest.client.request.Request;
import io.apicurio.rest.client.spi.ApicurioHttpClient;
import io.apicurio.rest.client.spi.ApicurioHttpClientFactory;
import io.apicurio.rest.client.spi.ApicurioHttpClientProvider;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registry request that got no answer within {@link #LIMIT}.
 *
 * <p>Apicurio's JDK HTTP client (2.6) sets no timeout at all: a registry that accepts the
 * connection and never answers (a frozen process, a half-open connection) blocks the caller — a
 * stream thread, an ingest writer — until the connection breaks, which may be never ({@code
 * RegistryFailuresTest} shows it). {@link #install()} wraps that client so that each request is
 * abandoned (its thread interrupted) after {@link #LIMIT} and this is thrown instead; the serdes
 * pass it on as they do the client's own failures, and {@link RegistryFailures} calls it {@link
 * RegistryFailures.Kind#UNAVAILABLE}.
 */
public final class RegistryRequestTimeout extends ApicurioRestClientException {
  private static final Logger log = LoggerFactory.getLogger(RegistryRequestTimeout.class);

  /** The longest one registry request may take. */
  public static final Duration LIMIT = Duration.ofSeconds(10);

  /** Runs the requests; daemon threads, created as needed and dropped after a minute idle. */
  private static final ExecutorService REQUESTS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "newswire-registry-request");
            t.setDaemon(true);
            return t;
          });

  RegistryRequestTimeout(String message) {
    super(message);
  }

  /**
   * Makes every Apicurio registry client created from now on in this JVM time its requests out
   * after {@link #LIMIT}. Called before the first serde is made ({@link AvroSerdes}); later calls
   * do nothing.
   */
  static synchronized void install() {
    if (!ApicurioHttpClientFactory.setProvider(new Provider(new JdkHttpClientProvider(), LIMIT))) {
      log.debug(
          "an Apicurio HTTP client provider is already set; registry requests keep its timeouts");
    }
  }

  /** Creates Apicurio's JDK clients, each wrapped in {@link Bounded}. */
  record Provider(ApicurioHttpClientProvider inner, Duration limit)
      implements ApicurioHttpClientProvider {
    @Override
    public ApicurioHttpClient create(
        String endpoint,
        Map<String, Object> configs,
        Auth auth,
        RestClientErrorHandler errorHandler) {
      return new Bounded(inner.create(endpoint, configs, auth, errorHandler), limit);
    }
  }

  /** A client whose requests run on {@link #REQUESTS} and are given up after {@code limit}. */
  static final class Bounded implements ApicurioHttpClient {
    private final ApicurioHttpClient inner;
    private final Duration limit;

    /**
     * Headers for the calling thread's next request (the wrapped client keeps them per thread too).
     */
    private final ThreadLocal<Map<String, String>> nextHeaders = new ThreadLocal<>();

    Bounded(ApicurioHttpClient inner, Duration limit) {
      this.inner = inner;
      this.limit = limit;
    }

    @Override
    public <T> T sendRequest(Request<T> request) {
      Map<String, String> headers = nextHeaders.get();
      nextHeaders.remove();
      Future<T> answer =
          REQUESTS.submit(
              () -> {
                if (headers != null) {
                  inner.setNextRequestHeaders(headers);
                }
                return inner.sendRequest(request);
              });
      try {
        return answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        answer.cancel(true);
        throw new RegistryRequestTimeout(
            "no answer from the registry within "
                + limit.toSeconds()
                + " s ("
                + request.getOperation()
                + " "
                + request.getRequestPath()
                + ")");
      } catch (InterruptedException e) {
        answer.cancel(true);
        Thread.currentThread().interrupt();
        throw new RegistryRequestTimeout(
            "interrupted while waiting for the registry ("
                + request.getOperation()
                + " "
                + request.getRequestPath()
                + ")");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(e.getCause());
      }
    }

    @Override
    public void setNextRequestHeaders(Map<String, String> headers) {
      nextHeaders.set(headers);
    }

    @Override
    public Map<String, String> getHeaders() {
      return inner.getHeaders();
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
