package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** {@code models info}: what the model is for, its held-out accuracy, licence and citation before its tensors. */
class ModelsInfoCliTest extends CapturedCli {

    @Test
    void infoSaysWhatTheModelIsForHowAccurateItIsItsLicenceAndCitation() {
        assertEquals(0, run("models", "info", "interactive-3d"), errText());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("CondSeg interactive-3d (interactive-3d)\nwhat it is:  Class-agnostic promptable 3D segmenter"), text);
        assertTrue(text.contains("held out:    spleen CT: n 1, box dice 0.591,") && text.contains("baseline box inscribed ellipsoid 0.614"),
                text);
        assertTrue(text.contains("licence:     BSD-2-Clause") && text.contains("cite:        Cicek et al."), text);
        assertTrue(text.contains("model card:  ") && text.contains("task:      interactive"), text);
    }
}
