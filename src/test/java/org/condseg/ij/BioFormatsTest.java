package org.condseg.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.condseg.model.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.process.ByteProcessor;

/** The Bio-Formats bridge, with a stand-in for {@code loci.plugins.BF} (Bio-Formats is not on Maven Central). */
class BioFormatsTest {

    @TempDir
    Path tmp;

    /** Stands in for loci.plugins.BF. */
    public static final class FakeBF {
        public static ImagePlus[] openImagePlus(String path) throws IOException {
            if (path.endsWith(".bad"))
                throw new IOException("Unknown file format\nsecond line");
            return new ImagePlus[] {new ImagePlus("first", new ByteProcessor(3, 2)), new ImagePlus("second", new ByteProcessor(1, 1))};
        }
    }

    @Test
    void whereAbsentItSaysSoInOneLine() throws Exception {
        Path f = Files.writeString(tmp.resolve("cells.czi"), "x");
        if (BioFormats.present())
            return;
        InputException e = assertThrows(InputException.class, () -> ImageFiles.read(f));
        assertTrue(e.getMessage().startsWith("Bio-Formats is not on the class path; cannot open .czi"), e.getMessage());
        assertEquals(1, e.oneLine().lines().count());
    }

    @Test
    void wherePresentItOpensTheFirstSeriesWithANote() throws Exception {
        Path f = Files.writeString(tmp.resolve("cells.lif"), "x");
        ImagePlus imp = BioFormats.open(f, FakeBF.class.getName());
        assertEquals(3, imp.getWidth());
        assertTrue(MedicalImages.notes(imp).get(0).contains("2 series"));
        Path bad = Files.writeString(tmp.resolve("x.bad"), "x");
        InputException e = assertThrows(InputException.class, () -> BioFormats.open(bad, FakeBF.class.getName()));
        assertEquals("Bio-Formats cannot open it: IOException: Unknown file format", e.getMessage());
    }
}
