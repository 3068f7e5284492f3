package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.condseg.Fixtures;
import org.condseg.Tools;
import org.condseg.ij.ImageFiles;
import org.condseg.ij.ImagePlusAdapter;
import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.junit.jupiter.api.Test;

import net.imglib2.RandomAccess;
import net.imglib2.view.Views;

/**
 * The shipped {@code brain-regions-2d} on Debian mricron-data's ch2 T1, read from its NIfTI file:
 * the region asked for by name is found on the held-out axial slabs ((k / 8) % 4 == 2), against the
 * AAL atlas, as well as the model card says. To stay fast it segments every second slice of the
 * volume (whose intensity percentiles, which the model's scaling uses, are those of the whole
 * volume to within 1 of 178).
 */
class BrainRegionsModelTest {

    /** Mean Dice over held-out slices that hold the region, for each region (the card's per-region means are a little higher or lower). */
    static final String[] REGIONS = {"Frontal_Mid_L", "Temporal_Mid_R"};
    static final double[] AT_LEAST = {0.75, 0.65};

    @Test
    void findsNamedRegionsOnHeldOutSlicesOfCh2() throws Exception {
        Path t1 = Tools.requireFile("/usr/share/mricron/templates/ch2.nii.gz", "mricron-data");
        Path atlas = Tools.requireFile("/usr/share/mricron/templates/aal.nii.gz", "mricron-data");
        ModelSpec spec = ModelPackageReader.read(Fixtures.model("brain-regions-2d"));
        Volume full = ImagePlusAdapter.toVolume(ImageFiles.read(t1));
        Volume image = new Volume(Views.subsample(full.pixels(), 1, 1, 2), full.calibration(), "ch2 (every 2nd slice)");
        Volume fullAal = ImagePlusAdapter.toVolume(ImageFiles.read(atlas));
        Volume aal = new Volume(Views.subsample(fullAal.pixels(), 1, 1, 2), fullAal.calibration(), "aal");
        assertEquals(116, spec.conditioning().classes().size());
        try (Network net = Models.open(spec, SegmentOptions.defaults().withThreads(2), m -> { })) {
            Segmenter seg = new Segmenter(spec, net);
            for (int r = 0; r < REGIONS.length; r++) {
                int label = spec.conditioning().classes().indexOf(REGIONS[r]) + 1;
                SegmentResult res = seg.segment(new SegmentRequest(image, new Prompts(List.of(), List.of(), null,
                        REGIONS[r].toLowerCase(Locale.ROOT)), SegmentOptions.defaults()), Progress.NONE, () -> false);
                double dice = heldOutDice(res, aal, label);
                System.out.printf(Locale.ROOT, "brain-regions-2d %s: held-out Dice %.3f%n", REGIONS[r], dice);
                assertTrue(dice >= AT_LEAST[r], REGIONS[r] + ": held-out Dice " + dice);
            }
        }
    }

    /** Mean over held-out slices (original index 2z) holding >= 30 pixels of the region of the slice's Dice. */
    static double heldOutDice(SegmentResult res, Volume aal, int label) {
        RandomAccess<? extends net.imglib2.type.numeric.RealType<?>> a = aal.pixels().randomAccess();
        var l = res.labels().randomAccess();
        double sum = 0;
        int n = 0;
        for (int z = 0; z < aal.depth(); z++) {
            if ((2 * z / 8) % 4 != 2)
                continue;
            long inter = 0, truth = 0, pred = 0;
            for (int y = 0; y < aal.height(); y++)
                for (int x = 0; x < aal.width(); x++) {
                    a.setPosition(new int[] {x, y, z});
                    l.setPosition(new int[] {x, y, z});
                    boolean t = (int) a.get().getRealDouble() == label, p = l.get().get() == 1;
                    truth += t ? 1 : 0;
                    pred += p ? 1 : 0;
                    inter += t && p ? 1 : 0;
                }
            if (truth >= 30) {
                sum += 2.0 * inter / (truth + pred);
                n++;
            }
        }
        return sum / n;
    }
}
