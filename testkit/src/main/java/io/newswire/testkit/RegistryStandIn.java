package io.newswire.testkit;

import com.sun.net.httpserver.HttpServer;
import io.newswire.platform.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for the schema registry on a local port, so that the platform's DeadLetterHandler,
 * configured by the production Streams properties, can write its dead letters in a
 * TopologyTestDriver test: it answers every request as Apicurio Registry answers the registration
 * of a schema ({@code POST /apis/registry/v2/groups/…/artifacts}), with content id {@value
 * #CONTENT_ID}, which the serializer then writes in the dead letter's header. It knows no schema,
 * so it cannot serve reads; the dead letters are read back without it. (The real registry is in the
 * integration tests.)
 */
public final class RegistryStandIn implements AutoCloseable {
  public static final int CONTENT_ID = 1;

  private final HttpServer server;

  private RegistryStandIn(HttpServer server) {
    this.server = server;
  }

  public static RegistryStandIn start() {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        x -> {
          x.getRequestBody().readAllBytes();
          byte[] body =
              ("{\"groupId\":\"default\",\"id\":\""
                      + Topics.DLQ
                      + "-value\",\"version\":\"1\",\"type\":\"AVRO\","
                      + "\"state\":\"ENABLED\",\"globalId\":"
                      + CONTENT_ID
                      + ",\"contentId\":"
                      + CONTENT_ID
                      + "}")
                  .getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "application/json");
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    server.start();
    return new RegistryStandIn(server);
  }

  /** The registry's base URL, as {@code REGISTRY_URL} names it. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
