package io.newswire.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswire.chaos.core.History;
import io.newswire.chaos.core.Workload;
import io.newswire.chaos.core.Workload.Kind;
import io.newswire.platform.core.StoryId;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the {@link Workload} through HTTP ingest, like an agency that wants every story in: each
 * story's steps in order, the next only once the previous one was answered; a request that gets a
 * 503, a 429, a timeout or a refused connection is sent again, identical (same agency, id, version
 * and content), to the next ingest instance, until it gets a final answer. Every 202 is recorded
 * with when it was first sent, and every other final answer too.
 *
 * <p>Requests are paced to {@code ratePerSecond} so the load lasts long enough for the nemesis to
 * strike during it.
 */
final class LoadGenerator {
  private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Longer than ingest's worst case (40 s): a client that gives up earlier creates the race it
   * would then see.
   */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(50);

  private final List<String> ingestUrls;
  private final Map<String, String> keys;
  private final double ratePerSecond;
  private final int concurrency;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final Queue<History.Accepted> accepted = new ConcurrentLinkedQueue<>();
  private final Queue<History.Answer> answers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();
  private final AtomicInteger storiesDone = new AtomicInteger();
  private final AtomicLong nextSlot = new AtomicLong();
  private volatile boolean stopped;

  /**
   * @param keys each agency's API key
   */
  LoadGenerator(
      List<String> ingestUrls, Map<String, String> keys, double ratePerSecond, int concurrency) {
    this.ingestUrls = List.copyOf(ingestUrls);
    this.keys = Map.copyOf(keys);
    this.ratePerSecond = ratePerSecond;
    this.concurrency = concurrency;
  }

  /** Sends every story; returns when all are answered (or {@link #stop()} was called). */
  void run(List<Workload.Story> stories) throws InterruptedException {
    ConcurrentLinkedQueue<Workload.Story> todo = new ConcurrentLinkedQueue<>(stories);
    nextSlot.set(System.nanoTime());
    ExecutorService workers =
        Executors.newFixedThreadPool(
            concurrency,
            r -> {
              Thread t = new Thread(r, "chaos-load");
              t.setDaemon(true);
              return t;
            });
    for (int i = 0; i < concurrency; i++) {
      workers.execute(
          () -> {
            Workload.Story s;
            while (!stopped && (s = todo.poll()) != null) {
              send(s);
              storiesDone.incrementAndGet();
            }
          });
    }
    workers.shutdown();
    while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
      // waiting for every story to be answered
    }
  }

  void stop() {
    stopped = true;
  }

  private void send(Workload.Story story) {
    for (Workload.Step step : story.steps()) {
      if (stopped) {
        return;
      }
      sendUntilAnswered(story, step);
    }
  }

  private void sendUntilAnswered(Workload.Story story, Workload.Step step) {
    History.Version id =
        new History.Version(StoryId.urn(story.agency(), story.storyId()), step.version());
    byte[] body = body(story, step);
    String path =
        step.kind() == Kind.WITHDRAWAL
            ? "/v1/stories/"
                + URLEncoder.encode(story.storyId(), StandardCharsets.UTF_8)
                + "/withdraw"
            : "/v1/stories";
    long firstSent = System.currentTimeMillis();
    long backoff = 100;
    for (int attempt = 0; !stopped; attempt++) {
      pace();
      String base = ingestUrls.get((story.number() + attempt) % ingestUrls.size());
      requests.incrementAndGet();
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + keys.get(story.agency()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        int status = r.statusCode();
        if (status == 202 || status == 200) {
          JsonNode answer = JSON.readTree(r.body());
          accepted.add(
              new History.Accepted(
                  id,
                  step.kind(),
                  firstSent,
                  System.currentTimeMillis(),
                  answer.path("ingestId").asText(null),
                  r.headers()
                      .firstValue("Idempotent-Replayed")
                      .map("true"::equalsIgnoreCase)
                      .orElse(false)));
          answered.incrementAndGet();
          return;
        }
        if (status != 503 && status != 429 && status < 500) {
          answers.add(new History.Answer(id, step.kind(), status, problemType(r.body())));
          answered.incrementAndGet();
          return;
        }
        log.debug("{}: {} from {}, sending again", id, status, base);
      } catch (IOException e) {
        log.debug("{}: {} from {}, sending again", id, e.toString(), base);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      retries.incrementAndGet();
      ServiceProcess.sleep(backoff);
      backoff = Math.min(1_000, backoff * 2);
    }
  }

  private static String problemType(String body) {
    try {
      return JSON.readTree(body).path("type").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  private static byte[] body(Workload.Story story, Workload.Step step) {
    ObjectNode o = JSON.createObjectNode();
    if (step.kind() == Kind.WITHDRAWAL) {
      o.put("version", step.version()).put("reason", step.body());
    } else {
      o.put("agencyStoryId", story.storyId())
          .put("version", step.version())
          .put("headline", step.headline())
          .put("body", step.body())
          .put("language", "en")
          .put("firstCreated", "2026-11-30T08:00:00Z");
    }
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Spaces requests (first attempts and retries alike) {@code 1 / ratePerSecond} apart. */
  private void pace() {
    long interval = (long) (1e9 / ratePerSecond);
    long slot = nextSlot.getAndAdd(interval);
    long wait = slot - System.nanoTime();
    if (wait > 0) {
      ServiceProcess.sleep(TimeUnit.NANOSECONDS.toMillis(wait));
    } else if (wait < -1_000_000_000L) {
      nextSlot.compareAndSet(
          slot + interval, System.nanoTime()); // fell behind: do not burst to catch up
    }
  }

  List<History.Accepted> accepted() {
    return List.copyOf(accepted);
  }

  List<History.Answer> answers() {
    return List.copyOf(answers);
  }

  /** Requests that got their final answer (a 202 or a refusal), out of the plan's. */
  int answered() {
    return answered.get();
  }

  int requests() {
    return requests.get();
  }

  int retries() {
    return retries.get();
  }

  int storiesDone() {
    return storiesDone.get();
  }

  /** Progress: a function of the total for log lines. */
  IntFunction<String> progress() {
    return total ->
        storiesDone()
            + "/"
            + total
            + " stories answered, "
            + requests()
            + " requests, "
            + retries()
            + " sent again";
  }
}
