package io.newswire.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The layering rules on the modules below the test kit (schemas, platform, infra) and on the kit
 * itself; every module above it runs them on its own code.
 */
class ArchitectureTest {
  /** Classes of this test's fixtures, which break the rules on purpose. */
  static com.tngtech.archunit.core.domain.JavaClasses fixture(String pkg) {
    return new com.tngtech.archunit.core.importer.ClassFileImporter().importPackages(pkg);
  }

  @Test
  void platform() {
    ArchitectureRules.check("io.newswire.platform");
  }

  @Test
  void infra() {
    ArchitectureRules.check("io.newswire.infra");
  }

  @Test
  void schemas() {
    ArchitectureRules.check("io.newswire.schema");
  }

  @Test
  void testkit() {
    ArchitectureRules.check("io.newswire.testkit");
  }

  /**
   * The rule can fail: a core class that uses Kafka (this test's fixture) is named in the error.
   */
  @Test
  void aCoreThatUsesKafkaIsRefused() {
    assertThatThrownBy(() -> ArchitectureRules.check(fixture("io.newswire.testkit.fixture")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("io.newswire.testkit.fixture.core.LeakyCore")
        .hasMessageContaining("org.apache.kafka");
  }

  @Test
  void aPackageCycleIsRefused() {
    assertThatThrownBy(() -> ArchitectureRules.check(fixture("io.newswire.testkit.cycle")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected");
  }
}
