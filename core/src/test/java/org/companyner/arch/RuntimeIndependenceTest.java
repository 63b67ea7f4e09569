package org.companyner.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The serving side (everything in core) must run without DJL or PyTorch. */
class RuntimeIndependenceTest {
    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.companyner");

    @Test
    void coreNeverUsesDjl() {
        assertThat(core).isNotEmpty();
        assertThat(core.contain("org.companyner.runtime.OnnxEmitter")).isTrue();
        noClasses().should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
                .because("the runtime serves models through ONNX Runtime only")
                .check(core);
    }
}
