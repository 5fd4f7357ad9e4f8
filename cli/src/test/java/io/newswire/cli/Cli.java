package io.newswire.cli;

import io.newswire.testkit.PipelineInfra;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in-process against the test infrastructure and captures what it prints. */
record Cli(int exitCode, String out, String err) {

  static Cli run(PipelineInfra infra, String... args) {
    return run(infra.bootstrapServers(), infra.registryUrl(), args);
  }

  static Cli run(String bootstrap, String registry, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Newswire.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--help")) {
      all.addAll(List.of("-b", bootstrap, "--registry-url", registry));
    }
    int rc = cl.execute(all.toArray(String[]::new));
    return new Cli(rc, out.toString(), err.toString());
  }
}
