package io.newswire.publish.webhooks;

import io.newswire.platform.core.net.AddressPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client of one webhook: POSTs a delivery and says what went wrong, in words that reveal
 * nothing internal ("address not allowed", "connection refused", "timed out", "HTTP 500").
 *
 * <p>It never reaches inside the network unless the allow-list says so: the host is resolved
 * through {@link AddressPolicy#check} (its own reading of numeric hosts, the resolver of the
 * settings), which gives only permitted addresses, and every socket checks the address it is about
 * to connect to once more, so the address checked is the address connected to (DNS rebinding
 * fails). TLS still verifies the certificate against the URL's host name (SNI too). Redirects are
 * not followed (a 3xx is a failed attempt), no proxy is used, nothing is retried here (the worker
 * retries with backoff), and the response body is never read.
 */
final class WebhookHttp implements AutoCloseable {
  /** A connection refused by the address policy. */
  static final class NotAllowed extends UnknownHostException {
    NotAllowed(String message) {
      super(message);
    }
  }

  private final AddressPolicy policy;
  private final CloseableHttpClient client;
  private volatile HttpPost current;

  WebhookHttp(WebhookSettings settings) {
    this.policy = settings.addresses();
    AddressPolicy.Resolver resolver = settings.resolver();
    DnsResolver dns =
        new DnsResolver() {
          @Override
          public InetAddress[] resolve(String host) throws UnknownHostException {
            try {
              return policy.check(host, resolver).toArray(new InetAddress[0]);
            } catch (AddressPolicy.Refused e) {
              if (e.getMessage().equals("address not allowed")) {
                throw new NotAllowed(e.getMessage());
              }
              throw new UnknownHostException(e.getMessage());
            }
          }

          @Override
          public List<InetSocketAddress> resolve(String host, int port)
              throws UnknownHostException {
            return java.util.Arrays.stream(resolve(host))
                .map(a -> new InetSocketAddress(a, port))
                .toList();
          }

          @Override
          public String resolveCanonicalHostname(String host) {
            return host; // never looked up: the name is used as given
          }
        };
    DetachedSocketFactory sockets =
        proxy -> {
          if (proxy != null && proxy.type() != Proxy.Type.DIRECT) {
            throw new IOException("no proxy is used for webhooks");
          }
          return new GuardedSocket(policy);
        };
    Timeout timeout = Timeout.of(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    PoolingHttpClientConnectionManager connections =
        new PoolingHttpClientConnectionManager(
            new DefaultHttpClientConnectionOperator(
                sockets,
                DefaultSchemePortResolver.INSTANCE,
                dns,
                RegistryBuilder.<TlsSocketStrategy>create()
                    .register("https", DefaultClientTlsStrategy.createDefault())
                    .build()),
            PoolConcurrencyPolicy.STRICT,
            PoolReusePolicy.LIFO,
            TimeValue.ofMinutes(1),
            null);
    connections.setDefaultConnectionConfig(
        ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build());
    connections.setMaxTotal(2);
    connections.setDefaultMaxPerRoute(2);
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setRedirectsEnabled(false)
                    .setConnectionRequestTimeout(timeout)
                    .setResponseTimeout(timeout)
                    .build())
            .setUserAgent("Newswire-Webhooks/1")
            .build();
  }

  /** A socket that connects only to an address the policy permits. */
  static final class GuardedSocket extends Socket {
    private final AddressPolicy policy;

    GuardedSocket(AddressPolicy policy) {
      this.policy = policy;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (!(endpoint instanceof InetSocketAddress a)
          || a.isUnresolved()
          || !policy.permits(a.getAddress())) {
        close();
        throw new NotAllowed("address not allowed");
      }
      super.connect(endpoint, timeout);
    }
  }

  /** POSTs {@code body}: null when the subscriber answered 2xx, else what went wrong. */
  String post(URI url, Map<String, String> headers, byte[] body, ContentType type) {
    HttpPost req = new HttpPost(url);
    headers.forEach(req::setHeader);
    req.setEntity(new ByteArrayEntity(body, type));
    current = req;
    ClassicHttpResponse res;
    try {
      res = client.executeOpen(null, req, null);
    } catch (IOException | RuntimeException e) {
      current = null;
      return describe(e, req.isCancelled() || Thread.currentThread().isInterrupted());
    }
    int code = res.getCode();
    req.cancel(); // the body is not read: the connection is dropped
    current = null;
    try {
      res.close();
    } catch (IOException | RuntimeException e) {
      // the request was cancelled: closing says so, the answer is known already
    }
    if (code / 100 == 2) {
      return null;
    }
    return code / 100 == 3 ? "HTTP " + code + " (redirects are not followed)" : "HTTP " + code;
  }

  /** What went wrong, in words that reveal nothing internal (no address, no internal message). */
  static String describe(Throwable e, boolean cancelled) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof NotAllowed) {
        return "address not allowed";
      }
    }
    if (cancelled) {
      return "interrupted";
    }
    if (e instanceof UnknownHostException) {
      return "host not found";
    }
    if (e instanceof ConnectTimeoutException
        || e instanceof java.net.SocketTimeoutException
        || (e instanceof InterruptedIOException && !(e instanceof ConnectException))) {
      return "timed out";
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof NoRouteToHostException) {
      return "no route to host";
    }
    if (e instanceof SSLException) {
      return "TLS handshake failed";
    }
    if (e instanceof org.apache.hc.core5.http.NoHttpResponseException) {
      return "no HTTP response";
    }
    return "connection failed";
  }

  /** Aborts the request under way, if any (the worker is stopping). */
  void abort() {
    HttpPost req = current;
    if (req != null) {
      req.cancel();
    }
  }

  @Override
  public void close() {
    client.close(CloseMode.IMMEDIATE);
  }
}
