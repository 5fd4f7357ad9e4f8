package io.newswire.enrich.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The core stays plain Java: no Kafka, Avro, HTTP or generated-schema types, and no static mutable state. Its
 * concerns (core.text, core.language, core.tagging, …) never use the composition in core itself, and no two of them
 * use each other.
 */
class CoreArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.newswire.enrich.core");

    @Test
    void noTransportTypes() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka..", "org.apache.avro..", "io.javalin..", "io.apicurio..",
                        "io.newswire.schema..", "io.newswire.platform..")
                .check(CORE);
    }

    @Test
    void noStaticMutableFields() {
        fields().that().areStatic().should().beFinal().check(CORE);
    }

    @Test
    void theConcernsDoNotUseTheComposition() {
        noClasses().that().resideInAPackage("io.newswire.enrich.core.*..")
                .should().dependOnClassesThat().resideInAPackage("io.newswire.enrich.core")
                .check(CORE);
    }

    @Test
    void theConcernsAreFreeOfCycles() {
        slices().matching("io.newswire.enrich.core.(*)..").should().beFreeOfCycles().check(CORE);
    }
}
