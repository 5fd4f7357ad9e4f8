package io.newswire.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.newswire.chaos.core.History;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two kinds of subscriber the harness runs: an SSE client and a webhook receiver, both on
 * 127.0.0.1.
 */
final class Subscribers {
  private static final Logger log = LoggerFactory.getLogger(Subscribers.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private Subscribers() {}

  /** A CloudEvent (JSON structured format) as a delivery; null when it is not a NewsEvent. */
  static History.Delivered delivered(String json, long atMillis) throws IOException {
    JsonNode e = JSON.readTree(json);
    JsonNode data = e.path("data");
    if (!data.hasNonNull("uri")) {
      return null;
    }
    return new History.Delivered(
        e.path("id").asText(),
        data.path("uri").asText(),
        Integer.parseInt(data.path("version").asText("0")),
        data.path("eventType").asText(),
        atMillis);
  }

  /**
   * Follows {@code GET /v1/stream} of the publish instances: after every drop (an instance killed,
   * a stream ended) it reconnects to the next instance with {@code Last-Event-ID}, the id of the
   * last event it received.
   */
  static final class SseClient implements AutoCloseable {
    private final List<String> publishUrls;
    private final Queue<History.Delivered> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread thread;
    private volatile String lastEventId;
    private volatile boolean ready;
    private volatile boolean closed;

    SseClient(List<String> publishUrls) {
      this.publishUrls = List.copyOf(publishUrls);
      this.thread = new Thread(this::run, "chaos-sse");
      thread.setDaemon(true);
      thread.start();
    }

    /** True once the first connection announced its position (events from then on are received). */
    boolean ready() {
      return ready;
    }

    private void run() {
      for (int n = 0; !closed; n++) {
        String url = publishUrls.get(n % publishUrls.size()) + "/v1/stream";
        try {
          HttpRequest.Builder req =
              HttpRequest.newBuilder(URI.create(url))
                  .header("Accept", "text/event-stream")
                  .header("Authorization", "Bearer " + ChaosRun.SUBSCRIBER_KEY);
          if (lastEventId != null) {
            req.header("Last-Event-ID", lastEventId);
          }
          HttpResponse<Stream<String>> r =
              http.send(req.build(), HttpResponse.BodyHandlers.ofLines());
          if (r.statusCode() != 200) {
            log.debug("SSE {}: {}", url, r.statusCode());
            r.body().close();
          } else {
            read(r.body());
          }
        } catch (IOException e) {
          log.debug("SSE {}: {}", url, e.toString());
        } catch (InterruptedException e) {
          return;
        } catch (
            RuntimeException
                e) { // UncheckedIOException out of the line stream when the server dies
          log.debug("SSE {}: {}", url, e.toString());
        }
        if (!closed) {
          reconnects.incrementAndGet();
          sleepQuietly(200);
        }
      }
    }

    private void read(Stream<String> lines) throws IOException {
      try (lines) {
        String id = null;
        String event = null;
        StringBuilder data = new StringBuilder();
        Iterator<String> it = lines.iterator();
        while (!closed && it.hasNext()) {
          String line = it.next();
          if (line.isEmpty()) {
            if (data.length() > 0 && (event == null || event.equals("message"))) {
              History.Delivered d = delivered(data.toString(), System.currentTimeMillis());
              if (d != null) {
                received.add(d);
              }
            }
            if (id != null) {
              lastEventId = id;
              ready = true;
            }
            id = null;
            event = null;
            data.setLength(0);
          } else if (line.startsWith("id:")) {
            id = line.substring(3).trim();
          } else if (line.startsWith("event:")) {
            event = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            if (data.length() > 0) {
              data.append('\n');
            }
            data.append(line.substring(5).stripLeading());
          }
        }
      }
    }

    List<History.Delivered> received() {
      return List.copyOf(received);
    }

    int reconnects() {
      return reconnects.get();
    }

    @Override
    public void close() {
      closed = true;
      thread.interrupt();
    }
  }

  /** An HTTP endpoint on 127.0.0.1 that records every webhook delivery and answers 200. */
  static final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final Queue<History.Delivered> received = new ConcurrentLinkedQueue<>();

    WebhookReceiver() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      server.setExecutor(
          Executors.newFixedThreadPool(
              4,
              r -> {
                Thread t = new Thread(r, "chaos-webhook");
                t.setDaemon(true);
                return t;
              }));
      server.createContext(
          "/hook",
          exchange -> {
            try (exchange) {
              byte[] body = exchange.getRequestBody().readAllBytes();
              History.Delivered d =
                  delivered(
                      new String(body, java.nio.charset.StandardCharsets.UTF_8),
                      System.currentTimeMillis());
              if (d != null) {
                received.add(d);
              }
              exchange.sendResponseHeaders(200, -1);
            }
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<History.Delivered> received() {
      return List.copyOf(received);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
