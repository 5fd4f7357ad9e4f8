package io.newswire.testkit;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The layering rules every module's main code keeps, checked by one test per module ({@code
 * ArchitectureRules.check("io.newswire.ingest")}):
 *
 * <ul>
 *   <li>a {@code ..core..} package is plain Java: it uses no Kafka, HTTP (Javalin, Jetty,
 *       servlets), Avro, registry, metrics or generated-contract types, and no Newswire class
 *       outside a core package (the platform's shells included). A module whose core maps one
 *       contract record to another may be allowed the generated contract ({@link
 *       Option#CORE_MAY_MAP_THE_AVRO_CONTRACT}; publish's core builds NewsEvents from
 *       EnrichedStories);
 *   <li>a core holds no static mutable state;
 *   <li>no two packages depend on each other, directly or through others (no package cycles).
 * </ul>
 */
public final class ArchitectureRules {
  private ArchitectureRules() {}

  /** Exceptions a module may ask for, each documented where it is used. */
  public enum Option {
    /**
     * The core may use the generated Avro contract classes ({@code io.newswire.schema..}), not Avro
     * itself.
     */
    CORE_MAY_MAP_THE_AVRO_CONTRACT
  }

  /** Transport, serialization and infrastructure packages a core never uses. */
  static final String[] NOT_IN_A_CORE = {
    "org.apache.kafka..", "org.apache.avro..", "io.apicurio..", "io.javalin..",
        "org.eclipse.jetty..",
    "jakarta.servlet..", "javax.servlet..", "io.micrometer..", "org.slf4j..", "ch.qos.logback..",
    "picocli.."
  };

  /** The main classes of the packages under {@code rootPackage}, as compiled. */
  public static JavaClasses mainClasses(String rootPackage) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(rootPackage);
  }

  /** The rules, with the exceptions {@code options} allow. */
  public static List<ArchRule> rules(Option... options) {
    boolean contract = List.of(options).contains(Option.CORE_MAY_MAP_THE_AVRO_CONTRACT);
    DescribedPredicate<JavaClass> forbidden =
        resideInAnyPackage(NOT_IN_A_CORE)
            .or(
                resideInAPackage("io.newswire..")
                    .and(not(resideInAPackage("..core..")))
                    .and(
                        contract
                            ? not(resideInAPackage("io.newswire.schema.."))
                            : DescribedPredicate.alwaysTrue()))
            .as(
                "Kafka, HTTP, Avro, registry, metrics, logging or CLI types, or Newswire classes outside a core"
                    + (contract ? " (the generated contract excepted)" : ""));
    List<ArchRule> rules = new ArrayList<>();
    rules.add(
        noClasses()
            .that()
            .resideInAPackage("..core..")
            .should()
            .dependOnClassesThat(forbidden)
            .because("a core is plain Java: the shells wire it to Kafka and HTTP")
            .allowEmptyShould(true));
    rules.add(
        fields()
            .that()
            .areDeclaredInClassesThat()
            .resideInAPackage("..core..")
            .and()
            .areStatic()
            .should()
            .beFinal()
            .because("a core holds no static mutable state")
            .allowEmptyShould(true));
    rules.add(
        slices()
            .matching("io.newswire.(**)")
            .should()
            .beFreeOfCycles()
            .because("packages depend one way: a newcomer reads them bottom up")
            .allowEmptyShould(true));
    return rules;
  }

  /**
   * Checks {@link #rules} on the main classes under {@code rootPackage}; throws an AssertionError
   * naming each breach.
   */
  public static void check(String rootPackage, Option... options) {
    check(mainClasses(rootPackage), options);
  }

  /** Checks {@link #rules} on {@code classes}; throws an AssertionError naming each breach. */
  public static void check(JavaClasses classes, Option... options) {
    if (classes.isEmpty()) {
      throw new AssertionError(
          "no classes to check: the package name is wrong or nothing was compiled");
    }
    for (ArchRule rule : rules(options)) {
      rule.check(classes);
    }
  }
}
