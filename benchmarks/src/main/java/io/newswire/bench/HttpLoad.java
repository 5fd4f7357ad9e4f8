package io.newswire.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The HTTP load generator of the benchmarks: Apache HttpClient 5 (classic, blocking), HTTP/1.1
 * keep-alive, a pool of up to {@code connections} connections, one request per connection at a
 * time. Callers post from as many threads as they want requests in flight.
 *
 * <p>Why not {@code java.net.http.HttpClient}: the load generator runs on the same two cores as the
 * service it measures, so its own cost per request is taken from the service. Posting 3 KB bodies
 * to a Javalin handler that answers at once, on this machine: the JDK client reached about 6,000
 * requests/s, Apache's classic client about 10,000 (docs/performance-ingest.md).
 */
public final class HttpLoad implements AutoCloseable {
  private final CloseableHttpClient client;

  public HttpLoad(int connections) {
    this.client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(connections)
                    .setMaxConnPerRoute(connections)
                    .build())
            .disableAutomaticRetries()
            .build();
  }

  /**
   * Posts {@code body} as JSON with the given headers and returns the status code; the answer is
   * read and dropped.
   */
  public int postJson(String url, Map<String, String> headers, byte[] body) {
    HttpPost post = new HttpPost(url);
    headers.forEach(post::setHeader);
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    try {
      return client.execute(
          post,
          response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
