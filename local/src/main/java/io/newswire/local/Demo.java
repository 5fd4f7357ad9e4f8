package io.newswire.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --demo}: pushes the corpus through the running pipeline over HTTP, as agencies would, and
 * prints what comes out of publish-service. The reference story goes in as text/plain, the labelled
 * set as JSON.
 */
final class Demo {
  static final String REFERENCE_ID = "vov-asean-digital-ministers";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalPipeline pipeline;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Duration before;
  private final Duration between;

  Demo(LocalPipeline pipeline, PrintStream out) {
    this(pipeline, out, Duration.ZERO, Duration.ZERO);
  }

  /**
   * A demo that waits {@code before} its first story and {@code between} stories, so that someone
   * who opened the console sees them arrive.
   */
  Demo(LocalPipeline pipeline, PrintStream out, Duration before, Duration between) {
    this.pipeline = pipeline;
    this.out = out;
    this.before = before;
    this.between = between;
  }

  void run() throws IOException, InterruptedException {
    out.println(
        "Watch the demo stories arrive in the console: "
            + Banner.consoleUrl(pipeline)
            + " (sign in with "
            + pipeline.publishKeys().get(LocalPipeline.DESK)
            + ", or "
            + pipeline.publishKeys().get(LocalPipeline.OPS)
            + " for the pipeline page)");
    if (!before.isZero()) {
      out.println("The first story goes in " + before.toSeconds() + " s from now.");
      Thread.sleep(before.toMillis());
    }
    Map<String, String> urns = new LinkedHashMap<>();
    String reference = resource("corpus/vov-asean-digital-ministers.fr.txt");
    urns.put(submitText("vov", REFERENCE_ID, reference), "reference story (text/plain)");
    for (String line : resource("corpus/dev-stories.jsonl").split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Thread.sleep(between.toMillis());
      JsonNode story = JSON.readTree(line);
      ObjectNode body = JSON.createObjectNode();
      body.put("agencyStoryId", story.get("id").asText());
      body.put("version", 1);
      body.put("body", story.get("body").asText());
      if (story.hasNonNull("headline")) {
        body.put("headline", story.get("headline").asText());
      }
      urns.put(submitJson(story.get("agency").asText(), body), story.get("id").asText());
    }
    out.println("Pushed " + urns.size() + " stories; waiting for their published events...\n");
    out.printf("%-46s %-5s %-45s %s%n", "URN", "LANG", "TAGS", "CAPTIONS");
    JsonNode referenceEvent = null;
    for (var e : urns.entrySet()) {
      JsonNode event = awaitPublished(e.getKey(), Duration.ofSeconds(60));
      if (event == null) {
        out.printf("%-46s not published within 60 s (see the logs and news.dlq.v1)%n", e.getKey());
        continue;
      }
      List<String> tags = new ArrayList<>();
      event.get("subjects").forEach(s -> tags.add(s.get("code").asText()));
      out.printf(
          "%-46s %-5s %-45s %d%n",
          e.getKey(),
          event.get("language").asText(),
          String.join(",", tags),
          event.get("captions").size());
      if (e.getValue().startsWith("reference")) {
        referenceEvent = event;
      }
    }
    if (referenceEvent != null) {
      out.println(
          "\nThe reference story's published event:\n"
              + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(referenceEvent)
              + "\n");
    }
  }

  private String submitText(String agency, String storyId, String text)
      throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(ingestUrl()))
            .header("Authorization", "Bearer " + pipeline.apiKeys().get(agency))
            .header("Content-Type", "text/plain; charset=utf-8")
            .header("X-Story-Id", storyId)
            .header("X-Story-Version", "1")
            .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8))
            .build();
    return accepted(http.send(req, HttpResponse.BodyHandlers.ofString()));
  }

  private String submitJson(String agency, ObjectNode body)
      throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(ingestUrl()))
            .header("Authorization", "Bearer " + pipeline.apiKeys().get(agency))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    return accepted(http.send(req, HttpResponse.BodyHandlers.ofString()));
  }

  private static String accepted(HttpResponse<String> res) throws IOException {
    if (res.statusCode() != 202) {
      throw new IllegalStateException(
          "ingest refused a demo story: HTTP " + res.statusCode() + " " + res.body());
    }
    return JSON.readTree(res.body()).get("urn").asText();
  }

  private JsonNode awaitPublished(String urn, Duration timeout)
      throws IOException, InterruptedException {
    URI uri =
        URI.create(
            "http://127.0.0.1:"
                + pipeline.publish().port()
                + "/v1/stories/"
                + URLEncoder.encode(urn, StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> res =
          http.send(
              HttpRequest.newBuilder(uri)
                  .header(
                      "Authorization", "Bearer " + pipeline.publishKeys().get(LocalPipeline.DESK))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() == 200) {
        return JSON.readTree(res.body());
      }
      Thread.sleep(200);
    }
    return null;
  }

  private String ingestUrl() {
    return "http://127.0.0.1:" + pipeline.ingest().port() + "/v1/stories";
  }

  private static String resource(String name) {
    try (InputStream in = Demo.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
