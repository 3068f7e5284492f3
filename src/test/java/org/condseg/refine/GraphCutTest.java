package org.condseg.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The graph cut moves boundaries onto the image's edges: known shapes, seeded noise. */
class GraphCutTest {

    /** An image of 10 inside the truth's label and 0 outside, plus Gaussian noise of σ = noise. */
    private static float[] image(LabelGrid truth, double noise, long seed) {
        Random rnd = new Random(seed);
        float[] img = new float[truth.size()];
        for (int i = 0; i < img.length; i++)
            img[i] = (float) ((truth.get(i) != 0 ? 10 : 0) + noise * rnd.nextGaussian());
        return img;
    }

    @Test
    void snapsAShiftedDiskOntoTheEdgesOfTheImage() {
        LabelGrid truth = Grids.empty(61, 53, 1);
        Grids.ellipsoid(truth, 1, 30, 26, 0, 15, 12, 1);
        LabelGrid labels = Grids.empty(61, 53, 1);
        Grids.ellipsoid(labels, 1, 33, 24, 0, 13, 13, 1); // off by 3 px, the wrong shape
        float[] img = image(truth, 2, 1);
        double before = Grids.dice(labels, truth);
        GraphCut.parse("5px").apply(labels, new RefineContext(img, null, () -> false));
        double after = Grids.dice(labels, truth);
        assertTrue(before < 0.9 && after > 0.98, "Dice " + before + " → " + after);
    }

    @Test
    void followsTheProbabilityMapWhereTheImageHasNoEdge() {
        // a flat image: only the model's probability (a disk of radius 10) and smoothness decide
        LabelGrid truth = Grids.empty(40, 40, 1);
        Grids.ellipsoid(truth, 1, 20, 20, 0, 10, 10, 1);
        LabelGrid labels = Grids.empty(40, 40, 1);
        Grids.ellipsoid(labels, 1, 20, 20, 0, 12, 12, 1);
        float[] prob = new float[truth.size()];
        for (int i = 0; i < prob.length; i++)
            prob[i] = truth.get(i) != 0 ? 0.9f : 0.1f;
        GraphCut.parse("4px").apply(labels, new RefineContext(new float[truth.size()], prob, () -> false));
        int differ = 0;
        for (int i = 0; i < truth.size(); i++)
            differ += truth.get(i) != labels.get(i) ? 1 : 0;
        assertTrue(differ <= 4, differ + " voxels differ; the disk's four one-voxel tips may be smoothed away, nothing else");
    }

    @Test
    void growsAnErodedBallToItsEdgesIn3dOnAnAnisotropicGrid() {
        LabelGrid truth = Grids.empty(32, 30, 14, 0.8, 0.8, 2);
        Grids.ellipsoid(truth, 2, 16, 15, 7, 10, 9, 4);
        LabelGrid labels = Grids.empty(32, 30, 14, 0.8, 0.8, 2);
        Grids.ellipsoid(labels, 2, 16, 15, 7, 7.5, 6.5, 3);
        labels.set(labels.index(2, 2, 2), 5); // another label, far away, stays as it is
        float[] img = image(truth, 1.5, 2);
        double before = Grids.dice(labels, truth);
        GraphCut.parse("3mm").apply(labels, new RefineContext(img, null, () -> false));
        labels.set(labels.index(2, 2, 2), 0);
        double after = Grids.dice(labels, truth);
        assertTrue(before < 0.8 && after > 0.97, "Dice " + before + " → " + after);
        assertEquals(2, labels.maxLabel());
    }

    @Test
    void neverTakesAnotherLabelsVoxels() {
        LabelGrid truth = Grids.empty(30, 20, 1);
        for (int y = 4; y < 16; y++)
            for (int x = 3; x < 27; x++)
                truth.set(truth.index(x, y, 0), 1); // one bright bar ...
        LabelGrid labels = Grids.empty(30, 20, 1);
        for (int y = 4; y < 16; y++)
            for (int x = 3; x < 27; x++)
                labels.set(labels.index(x, y, 0), x < 12 ? 1 : x > 16 ? 2 : 0); // ... labelled as two with a gap
        GraphCut.parse("6px").apply(labels, new RefineContext(image(truth, 0.5, 3), null, () -> false));
        for (int y = 4; y < 16; y++) {
            assertEquals(1, labels.get(labels.index(3, y, 0)));
            assertEquals(2, labels.get(labels.index(26, y, 0)));
        }
        for (int i = 0; i < labels.size(); i++)
            if (i % 30 > 16)
                assertTrue(labels.get(i) != 1, "label 1 stays out of label 2");
    }

    @Test
    void needsTheImageAndALengthForTheBand() {
        LabelGrid g = Grids.parse("11\n11");
        assertThrows(IllegalArgumentException.class, () -> GraphCut.parse("4px").apply(g, RefineContext.NONE));
        assertThrows(IllegalArgumentException.class, () -> GraphCut.parse("4mm2"));
        assertEquals("graphcut", GraphCut.parse(null).text());
        assertEquals("graphcut:2mm", GraphCut.parse("2mm").text());
    }
}
