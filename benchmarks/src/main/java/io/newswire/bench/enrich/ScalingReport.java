package io.newswire.bench.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a JMH JSON result of {@link EnrichScalingBenchmark} and prints, per kind of text, the cost
 * per KB at each size and its ratio to the same kind's cost per KB at the smallest size (the floor
 * of that run), plus the largest ratio.
 *
 * <p>{@code java -cp ... io.newswire.bench.enrich.ScalingReport result.json}
 */
public final class ScalingReport {
  private ScalingReport() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ScalingReport <jmh-result.json>");
      System.exit(2);
    }
    Map<String, Map<Integer, Double>> usPerKb = new TreeMap<>();
    for (JsonNode run : new ObjectMapper().readTree(new File(args[0]))) {
      String kind = run.get("params").get("kind").asText();
      int kb = run.get("params").get("sizeKb").asInt();
      double usPerOp = run.get("primaryMetric").get("score").asDouble();
      usPerKb.computeIfAbsent(kind, k -> new TreeMap<>()).put(kb, usPerOp / kb);
    }
    StringBuilder header = new StringBuilder(String.format("%-26s", "kind (µs per KB)"));
    usPerKb.values().stream()
        .findFirst()
        .ifPresent(m -> m.keySet().forEach(kb -> header.append(String.format("%16s", kb + " KB"))));
    System.out.println(header.append(String.format("%12s", "max ratio")));
    usPerKb.forEach(
        (kind, sizes) -> {
          double floor = sizes.values().iterator().next();
          StringBuilder line = new StringBuilder(String.format("%-26s", kind));
          double worst = 0;
          for (double v : sizes.values()) {
            double ratio = v / floor;
            worst = Math.max(worst, ratio);
            line.append(String.format("%9.1f (%4.2fx)", v, ratio));
          }
          System.out.println(line.append(String.format("%11.2fx", worst)));
        });
  }
}
