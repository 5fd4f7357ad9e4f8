package io.newswire.publish;

import io.newswire.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The layering rules of every module ({@link ArchitectureRules}) on this one. */
class ArchitectureTest {
  @Test
  void followsTheLayeringRules() {
    ArchitectureRules.check(
        "io.newswire.publish", ArchitectureRules.Option.CORE_MAY_MAP_THE_AVRO_CONTRACT);
  }
}
