package io.newswire.publish.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.newswire.platform.core.net.AddressPolicy;
import io.newswire.publish.core.Backoff;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.core5.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook HTTP client against servers on 127.0.0.1 only; names are resolved by a resolver the
 * test gives (never the system's), so no lookup leaves the machine.
 */
class WebhookHttpTest {
  static final WebhookSettings BASE =
      new WebhookSettings(
          new Backoff(Duration.ofMillis(10), Duration.ofMillis(10), 1), Duration.ofSeconds(2));
  static final byte[] BODY = "{}".getBytes();

  HttpServer server;
  HttpServer other;
  final AtomicInteger hits = new AtomicInteger();
  final AtomicInteger otherHits = new AtomicInteger();
  final List<String> hosts = Collections.synchronizedList(new ArrayList<>());
  final List<String> resolved = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    other.createContext(
        "/",
        ex -> {
          otherHits.incrementAndGet();
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        ex -> {
          hits.incrementAndGet();
          hosts.add(ex.getRequestHeaders().getFirst("Host"));
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.createContext(
        "/redirect",
        ex -> {
          hits.incrementAndGet();
          ex.getResponseHeaders()
              .add("Location", "http://127.0.0.1:" + other.getAddress().getPort() + "/");
          ex.sendResponseHeaders(302, -1);
          ex.close();
        });
    server.createContext(
        "/fail",
        ex -> {
          hits.incrementAndGet();
          byte[] b = "internal stack trace at 10.1.2.3".getBytes();
          ex.sendResponseHeaders(500, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
    other.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    other.stop(0);
  }

  String post(WebhookSettings s, String url) {
    try (WebhookHttp http = new WebhookHttp(s)) {
      return http.post(URI.create(url), Map.of("X-Test", "1"), BODY, ContentType.APPLICATION_JSON);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  AddressPolicy.Resolver to127(String name) {
    return host -> {
      resolved.add(host);
      if (host.equals(name)) {
        return new InetAddress[] {InetAddress.getByAddress(name, new byte[] {127, 0, 0, 1})};
      }
      throw new UnknownHostException(host);
    };
  }

  @Test
  void loopbackIsRefusedWithoutTheAllowList_inEveryNotation() {
    for (String host : List.of("127.0.0.1", "127.1", "0x7f.1", "2130706433", "localhost")) {
      assertThat(post(BASE.withResolver(to127("none")), "http://" + host + ":" + port() + "/hook"))
          .as(host)
          .isEqualTo("address not allowed");
    }
    assertThat(hits).hasValue(0);
    assertThat(resolved).isEmpty();
  }

  @Test
  void theAllowListLetsTheDeliveryThrough() {
    WebhookSettings s = BASE.withAddresses(AddressPolicy.allowing("127.0.0.1"));
    assertThat(post(s, "http://127.0.0.1:" + port() + "/hook")).isNull();
    assertThat(hits).hasValue(1);
  }

  @Test
  void aNameIsConnectedToTheAddressTheResolverGave_andRefusedWhenItIsInside() {
    // DNS rebinding: the name resolved to a public address at registration; now it is loopback
    assertThat(
            post(
                BASE.withResolver(to127("hooks.example")),
                "http://hooks.example:" + port() + "/hook"))
        .isEqualTo("address not allowed");
    assertThat(hits).hasValue(0);
    WebhookSettings allowed =
        BASE.withResolver(to127("hooks.example"))
            .withAddresses(AddressPolicy.allowing("127.0.0.1"));
    assertThat(post(allowed, "http://hooks.example:" + port() + "/hook")).isNull();
    assertThat(hits).hasValue(1);
    assertThat(hosts).containsExactly("hooks.example:" + port()); // the Host header is the name
    assertThat(resolved).containsOnly("hooks.example");
  }

  @Test
  void aRedirectIsAFailedAttemptAndIsNotFollowed() {
    WebhookSettings s = BASE.withAddresses(AddressPolicy.allowing("127.0.0.1"));
    assertThat(post(s, "http://127.0.0.1:" + port() + "/redirect"))
        .isEqualTo("HTTP 302 (redirects are not followed)");
    assertThat(hits).hasValue(1);
    assertThat(otherHits).hasValue(0);
  }

  @Test
  void failuresAreDescribedWithoutInternalDetails() throws Exception {
    WebhookSettings s = BASE.withAddresses(AddressPolicy.allowing("127.0.0.1"));
    assertThat(post(s, "http://127.0.0.1:" + port() + "/fail")).isEqualTo("HTTP 500");
    int closed;
    try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = socket.getLocalPort();
    }
    assertThat(post(s, "http://127.0.0.1:" + closed + "/hook")).isEqualTo("connection refused");
    assertThat(post(s.withResolver(to127("x")), "http://unknown.example/hook"))
        .isEqualTo("host not found");
    assertThat(WebhookHttp.describe(new SocketTimeoutException("Read timed out"), false))
        .isEqualTo("timed out");
    assertThat(WebhookHttp.describe(new ConnectException("Connection refused: 10.0.0.7"), false))
        .isEqualTo("connection refused");
    assertThat(WebhookHttp.describe(new SSLHandshakeException("PKIX path at internal-ca"), false))
        .isEqualTo("TLS handshake failed");
    assertThat(WebhookHttp.describe(new java.io.IOException("secret internals"), false))
        .isEqualTo("connection failed");
    assertThat(
            WebhookHttp.describe(
                new java.io.IOException(new WebhookHttp.NotAllowed("address not allowed")), false))
        .isEqualTo("address not allowed");
  }

  @Test
  void theGuardedSocketRefusesAnInsideAddressBeforeConnecting() throws Exception {
    var socket = new WebhookHttp.GuardedSocket(AddressPolicy.strict());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> socket.connect(new InetSocketAddress("127.0.0.1", port()), 1000))
        .isInstanceOf(WebhookHttp.NotAllowed.class);
    assertThat(socket.isConnected()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> socket.connect(InetSocketAddress.createUnresolved("example.org", 80), 1000))
        .isInstanceOf(java.io.IOException.class);
  }
}
