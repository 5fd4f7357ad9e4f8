package io.newswire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code newswire sources} against an HTTP server on 127.0.0.1 answering publish's documented
 * contract (the real endpoint is exercised end to end by the local module's SourcesIT).
 */
class SourcesCommandTest {
  static final String KEY = "desk-test-key";
  static final String LIST =
      """
      {"sources":[
       {"source":"vna","kind":"agency","state":"erroring","lastReceivedAt":"2026-11-27T08:50:00Z",
        "storiesLast24h":12,"perHour":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,2,4,5],
        "usualGapSeconds":600,"idleForSeconds":null,"refusals":{"invalid-story":3,"rate-limited":1},
        "refusalsLast24h":4,"lastError":{"at":"2026-11-27T08:55:00Z","type":"invalid-story",
        "status":400,"title":"Invalid story","detail":"The headline is missing."}},
       {"source":"vov@rss.vov.example","kind":"feed","state":"idle","lastReceivedAt":"2026-11-27T05:00:00Z",
        "storiesLast24h":30,"perHour":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,10,0,0,0],
        "usualGapSeconds":1800,"idleForSeconds":14400,"refusals":{},"refusalsLast24h":0,"lastError":null},
       {"source":"pna","kind":"agency","state":"ok","lastReceivedAt":"2026-11-27T08:59:00Z",
        "storiesLast24h":1,"perHour":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1],
        "usualGapSeconds":60,"idleForSeconds":null,"refusals":{},"refusalsLast24h":0,"lastError":null}
      ]}
      """;

  HttpServer server;
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  volatile int status = 200;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/sources",
        ex -> {
          requests.add(
              ex.getRequestURI().getRawPath()
                  + " "
                  + ex.getRequestHeaders().getFirst("Authorization"));
          String body;
          if (status != 200) {
            body =
                "{\"type\":\"https://newswire.dev/problems/store-unavailable\",\"title\":\"Service"
                    + " unavailable\",\"status\":503,\"detail\":\"Source health is not queryable"
                    + " right now (REBALANCING); retry shortly.\"}";
            ex.getResponseHeaders().set("Retry-After", "2");
          } else if (ex.getRequestURI().getPath().equals("/v1/sources")) {
            body = LIST;
          } else {
            body =
                LIST.substring(
                    LIST.indexOf("{\"source\":\"vna\""),
                    LIST.indexOf("},\n {\"source\":\"vov") + 1);
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, bytes.length);
          ex.getResponseBody().write(bytes);
          ex.close();
        });
    server.start();
    SourcesCommand.environmentOverride =
        Map.of(
            SourcesCommand.KEY_ENV,
            KEY,
            SourcesCommand.URL_ENV,
            "http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    SourcesCommand.environmentOverride = null;
    server.stop(0);
  }

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Newswire.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("sources"));
    all.addAll(List.of(args));
    int rc = cl.execute(all.toArray(String[]::new));
    return new Run(rc, out.toString(), err.toString());
  }

  @Test
  void printsEverySourceAsATableInTheOrderPublishGave_withTheKeyOfTheEnvironment() {
    Run r = run();
    assertThat(r.exitCode()).isZero();
    assertThat(requests).containsExactly("/v1/sources Bearer " + KEY);
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("SOURCE").contains("STATE", "USUAL GAP", "LAST ERROR");
    assertThat(lines.get(1))
        .startsWith("vna ")
        .contains("agency", "erroring", "10m0s", "400 invalid-story")
        .contains("▂▄▇█"); // 1, 2, 4, 5 scaled to the busiest hour
    assertThat(lines.get(1).split("\\s+")[5]).isEqualTo("12"); // stories in 24 h, after LAST
    assertThat(lines.get(2)).startsWith("vov@rss.vov.example").contains("feed", "idle", "4h0m");
    assertThat(lines.get(3)).startsWith("pna ").contains(" ok ");
    assertThat(r.out()).doesNotContain(KEY);
  }

  @Test
  void oneSourceWithItsRefusalsAndLastError_theJsonAsItCame_andCheckFailsOnAnUnhealthySource(
      @TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("key");
    Files.writeString(keyFile, "other-key\n");
    Run one = run("vna", "--key-file", keyFile.toString());
    assertThat(one.exitCode()).isZero();
    assertThat(requests).containsExactly("/v1/sources/vna Bearer other-key");
    assertThat(one.out())
        .contains("Refusals by type:", "invalid-story", "rate-limited")
        .contains("Last error: 2026-11-27T08:55:00Z 400 invalid-story", "The headline is missing.");

    Run json = run("--json");
    assertThat(json.out().trim()).isEqualTo(LIST.trim());
    assertThat(run("--check").exitCode()).isEqualTo(SourcesCommand.EXIT_UNHEALTHY);
  }

  @Test
  void aRefusalOrNoKeyIsAClearErrorAndExitCode1() {
    status = 503;
    Run refused = run();
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        .contains("publish-service answered 503: Service unavailable", "retry in 2 s");

    SourcesCommand.environmentOverride = Map.of();
    Run noKey = run();
    assertThat(noKey.exitCode()).isEqualTo(1);
    assertThat(noKey.err()).contains("no publish key", SourcesCommand.KEY_ENV);

    Run help = run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Source health", "--key-file", "--json", "--check");
  }
}
