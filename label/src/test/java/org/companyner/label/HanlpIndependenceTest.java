package org.companyner.label;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** HanLP lives in this module only: core (on this test's classpath) must not use it. */
class HanlpIndependenceTest {
    @Test
    void coreNeverUsesHanlp() {
        JavaClasses core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/label/"))
                .importPackages("org.companyner");
        assertThat(core.contain("org.companyner.text.Document")).isTrue();
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.hankcs..")
                .because("core and serve stay light; weak labelling with HanLP is the label module's job")
                .check(core);
    }
}
