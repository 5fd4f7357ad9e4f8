package io.newswire.enrich.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The core stays plain Java: no Kafka, Avro, HTTP or generated-schema types, and no static mutable state. */
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
}
