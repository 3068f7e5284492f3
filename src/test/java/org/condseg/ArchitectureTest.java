package org.condseg;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Keeps the arrows of STYLE.md pointing one way, towards the core. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.condseg");

    @Test
    void layersDependInwardsOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("model").definedBy("org.condseg.model..")
                .layer("conditioning").definedBy("org.condseg.conditioning..")
                .layer("tiling").definedBy("org.condseg.tiling..")
                .layer("runtime").definedBy("org.condseg.runtime..")
                .layer("refine").definedBy("org.condseg.refine..")
                .layer("segment").definedBy("org.condseg.segment..")
                .layer("evaluate").definedBy("org.condseg.evaluate..")
                .layer("io").definedBy("org.condseg.io..")
                .layer("ij").definedBy("org.condseg.ij..")
                .layer("batch").definedBy("org.condseg.batch..")
                .layer("frontends").definedBy("org.condseg.cli..", "org.condseg.commands..", "org.condseg.plugins..")
                .whereLayer("frontends").mayNotBeAccessedByAnyLayer()
                .whereLayer("batch").mayOnlyBeAccessedByLayers("frontends")
                .whereLayer("ij").mayOnlyBeAccessedByLayers("frontends")
                .whereLayer("io").mayOnlyBeAccessedByLayers("ij", "batch", "frontends")
                .whereLayer("evaluate").mayOnlyBeAccessedByLayers("ij", "batch", "frontends")
                .whereLayer("segment").mayOnlyBeAccessedByLayers("evaluate", "io", "ij", "batch", "frontends")
                .whereLayer("refine").mayOnlyBeAccessedByLayers("evaluate", "segment", "io", "ij", "batch", "frontends")
                .whereLayer("runtime").mayOnlyBeAccessedByLayers("evaluate", "segment", "io", "ij", "batch", "frontends")
                .whereLayer("tiling").mayOnlyBeAccessedByLayers("runtime", "segment", "evaluate", "io", "ij", "batch", "frontends")
                .whereLayer("conditioning").mayOnlyBeAccessedByLayers("tiling", "runtime", "segment", "evaluate", "io", "ij", "batch", "frontends")
                .check(CLASSES);
    }

    @Test
    void onlyRuntimeTouchesTheEngine() {
        noClasses().that().resideOutsideOfPackage("org.condseg.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "ai.onnxruntime..")
                .check(CLASSES);
    }

    @Test
    void onlyTheImageJLayersTouchImageJ() {
        noClasses().that().resideInAnyPackage("org.condseg.model..", "org.condseg.conditioning..",
                "org.condseg.tiling..", "org.condseg.runtime..", "org.condseg.refine..", "org.condseg.segment..", "org.condseg.evaluate..", "org.condseg.io..")
                .should().dependOnClassesThat().resideInAnyPackage("ij..")
                .check(CLASSES);
    }

    /**
     * Headless I/O without ImageJ in the middle: batch (and so Spark) and the command line's segment,
     * evaluate and evaluate-prompts read and write through org.condseg.io.image; ImageJ reaches them only
     * as the TIFF/PNG PlaneFormat service.
     */
    @Test
    void headlessFrontEndsDoNotGoThroughImageJ() {
        noClasses().that().resideInAnyPackage("org.condseg.batch..")
                .or().haveFullyQualifiedName("org.condseg.cli.SegmentCommand")
                .or().haveFullyQualifiedName("org.condseg.cli.BatchCommand")
                .or().haveFullyQualifiedName("org.condseg.cli.EvaluateCommand")
                .or().haveFullyQualifiedName("org.condseg.cli.EvaluatePromptsCommand")
                .should().dependOnClassesThat().resideInAnyPackage("ij..", "org.condseg.ij..")
                .check(CLASSES);
    }

    @Test
    void coreNeverPrints() {
        noClasses().that().resideInAnyPackage("org.condseg.model..", "org.condseg.conditioning..",
                "org.condseg.tiling..", "org.condseg.runtime..", "org.condseg.refine..", "org.condseg.segment..",
                "org.condseg.evaluate..", "org.condseg.io..", "org.condseg.batch..")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .check(CLASSES);
    }
}
