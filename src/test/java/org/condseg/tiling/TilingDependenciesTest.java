package org.condseg.tiling;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The tiling package sees only the JDK and imglib2: no ImageJ, no DJL, no other CondSeg package. */
class TilingDependenciesTest {

    @Test
    void usesOnlyTheJdkAndImglib2() {
        JavaClasses tiling = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.condseg.tiling");
        classes().that().resideInAPackage("org.condseg.tiling..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "net.imglib2..", "org.condseg.tiling..")
                .check(tiling);
    }
}
