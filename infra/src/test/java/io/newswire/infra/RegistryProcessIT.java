package io.newswire.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real Apicurio Registry runner jar (build it with {@code ./mvnw -pl registry package}).
 */
@Timeout(180)
class RegistryProcessIT {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final String STORY_V1 =
      """
            {"type":"record","name":"Story","namespace":"io.newswire.test",
             "fields":[{"name":"id","type":"string"}]}""";

  /** Adds a field without a default: readers of v2 cannot read v1 data, so BACKWARD refuses it. */
  private static final String STORY_V2_BREAKING =
      """
            {"type":"record","name":"Story","namespace":"io.newswire.test",
             "fields":[{"name":"id","type":"string"},{"name":"headline","type":"string"}]}""";

  /** Adds a field with a default: BACKWARD compatible. */
  private static final String STORY_V2_COMPATIBLE =
      """
            {"type":"record","name":"Story","namespace":"io.newswire.test",
             "fields":[{"name":"id","type":"string"},{"name":"headline","type":"string","default":""}]}""";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void servesTheConfluentCompatibleApiAndEnforcesBackwardCompatibility(@TempDir Path tmp)
      throws Exception {
    try (RegistryProcess registry =
        RegistryProcess.start(
            RegistryProcess.Options.defaults().withLogFile(tmp.resolve("registry.log")))) {
      assertThat(registry.port()).isPositive();
      assertThat(registry.baseUrl()).isEqualTo("http://127.0.0.1:" + registry.port());
      assertThat(registry.registryV2Url()).isEqualTo(registry.baseUrl() + "/apis/registry/v2");
      assertThat(registry.ccompatUrl()).isEqualTo(registry.baseUrl() + "/apis/ccompat/v7");
      assertThat(registry.pid()).isNotEqualTo(ProcessHandle.current().pid());
      assertThat(get(registry.registryV2Url() + "/system/info").statusCode()).isEqualTo(200);

      String ccompat = registry.ccompatUrl();
      HttpResponse<String> registered =
          post(ccompat + "/subjects/t-value/versions", schemaRequest(STORY_V1));
      assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
      int id = schemaId(registered.body());

      HttpResponse<String> config =
          put(ccompat + "/config/t-value", "{\"compatibility\":\"BACKWARD\"}");
      assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
      assertThat(get(ccompat + "/config/t-value").body()).contains("BACKWARD");

      HttpResponse<String> refused =
          post(ccompat + "/subjects/t-value/versions", schemaRequest(STORY_V2_BREAKING));
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);

      HttpResponse<String> evolved =
          post(ccompat + "/subjects/t-value/versions", schemaRequest(STORY_V2_COMPATIBLE));
      assertThat(evolved.statusCode()).as(evolved.body()).isEqualTo(200);
      assertThat(schemaId(evolved.body())).isNotEqualTo(id);

      HttpResponse<String> byId = get(ccompat + "/schemas/ids/" + id);
      assertThat(byId.statusCode()).as(byId.body()).isEqualTo(200);
      assertThat(byId.body()).contains("io.newswire.test").doesNotContain("headline");

      registry.close();
      assertThat(registry.isAlive()).isFalse();
      registry.close(); // idempotent
    }
  }

  @Test
  void aDataDirectoryKeepsSubjectsAcrossARestart(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("registry-data");
    RegistryProcess.Options options =
        RegistryProcess.Options.defaults()
            .withDataDir(data)
            .withLogFile(tmp.resolve("registry.log"));

    int id;
    try (RegistryProcess first = RegistryProcess.start(options)) {
      HttpResponse<String> registered =
          post(first.ccompatUrl() + "/subjects/kept-value/versions", schemaRequest(STORY_V1));
      assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
      id = schemaId(registered.body());
    }
    assertThat(data).isDirectory();
    try (Stream<Path> files = Files.list(data)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("registry"));
    }

    try (RegistryProcess second = RegistryProcess.start(options)) {
      HttpResponse<String> subjects = get(second.ccompatUrl() + "/subjects");
      assertThat(subjects.statusCode()).isEqualTo(200);
      assertThat(subjects.body()).contains("\"kept-value\"");
      assertThat(get(second.ccompatUrl() + "/schemas/ids/" + id).body())
          .contains("io.newswire.test");
    }
  }

  @Test
  void aMissingRunnerJarIsReportedWithTheBuildCommand(@TempDir Path tmp) {
    RegistryProcess.Options options =
        RegistryProcess.Options.defaults().withRunnerJar(tmp.resolve("nope.jar"));
    assertThatThrownBy(() -> RegistryProcess.start(options))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("./mvnw -pl registry package");
  }

  // ---- HTTP helpers
  // ----------------------------------------------------------------------------------------

  /** {"schema": "<the schema as a JSON string>"} */
  private static String schemaRequest(String avroSchema) {
    String compact = avroSchema.replaceAll("\\s*\\n\\s*", " ");
    return "{\"schema\":\"" + compact.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
  }

  private static int schemaId(String body) {
    Matcher m = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(body);
    assertThat(m.find()).as("an id in %s", body).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  private HttpResponse<String> post(String url, String json)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private HttpResponse<String> put(String url, String json)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request
            .header("Content-Type", CONTENT_TYPE)
            .header("Accept", CONTENT_TYPE + ", application/json")
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
