package io.newswire.platform.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The agencies that the pipelines run on this machine give API keys: the local pipeline ({@code
 * ./newswire-local}) and the chaos harness ({@code ./chaos}). Each agency's key there is {@code
 * <setup>-<agency>-key}, e.g. {@code local-vna-key}.
 */
public final class DemoAgencies {
  private DemoAgencies() {}

  /**
   * The agency codes both setups know, in a fixed order: the chaos harness draws its seeded
   * workload over them in this order, so the same seed gives the same stories.
   */
  public static final List<String> CODES =
      List.of(
          "vov",
          "vna",
          "afp",
          "reuters",
          "ap",
          "antara",
          "bernama",
          "thainews",
          "dpa",
          "efe",
          "kpl",
          "xinhua");

  /** Each agency's key, {@code <setup>-<agency>-key}, in the order of {@code agencies}. */
  public static Map<String, String> keys(String setup, List<String> agencies) {
    return agencies.stream()
        .collect(
            Collectors.toMap(
                a -> a, a -> setup + "-" + a + "-key", (a, b) -> a, LinkedHashMap::new));
  }
}
