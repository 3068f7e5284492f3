package org.condseg.segment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.condseg.Fixtures;
import org.condseg.SyntheticVolumes;
import org.condseg.ij.ImageFiles;
import org.condseg.ij.ImagePlusAdapter;
import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.model.Box;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Measures where propagation ends ({@link Propagator.Ends}): from a tight box on the truth's largest
 * slice, the 3D Dice, the predicted / true volume ratio and the slices reached, per case and per setting.
 * Tuning material (training data of interactive-2d): the spinal cord t1w (axial), the t2s grey matter,
 * ten AAL regions on ch2 (axial; objects that end inside the volume, which the cord never does) and six
 * synthetic objects. Held out (report only): the spleen CT and the cord T2. Not a test; built with
 * {@code mvn -B -f jmh/pom.xml package -DskipTests} and run by hand:
 * {@code java -cp jmh/target/condseg-jmh.jar org.condseg.segment.PropagationEndsBenchmark tune|held-out "GROWTH:PROB[:SEED] ..."}
 * ({@code inf} for no limit; {@code -Donly=a,b} keeps those cases, {@code -Dtrace=a} prints a case's areas per slice,
 * {@code -DseedAt=0.5} prompts the slice whose truth area is nearest half the largest instead of the largest).
 */
public final class PropagationEndsBenchmark {

    record Case(String name, Volume image, RandomAccessibleInterval<? extends RealType<?>> truth) {
    }

    public static void main(String[] args) throws Exception {
        boolean heldOut = args.length > 0 && args[0].equals("held-out");
        Path data = Path.of(System.getProperty("data", "/work/shared/data"));
        Path templates = Path.of(System.getProperty("templates", "/usr/share/mricron/templates"));
        ModelSpec spec = ModelPackageReader.read(Fixtures.repo().resolve("models").resolve(System.getProperty("model", "interactive-2d")));
        SegmentOptions options = SegmentOptions.defaults().withThreads(1);
        List<Case> cases = new ArrayList<>();
        if (heldOut) {
            nifti(cases, "spleen-ct", data.resolve("msd-spleen-ct/sub-spleen2_ct.nii.gz"), data.resolve("msd-spleen-ct/sub-spleen2_ct_seg-manual.nii.gz"), 2, -1);
            nifti(cases, "cord-t2", data.resolve("sct-spinalcord/t2.nii.gz"), data.resolve("sct-spinalcord/t2_seg-manual.nii.gz"), 1, -1);
        } else {
            nifti(cases, "cord-t1w", data.resolve("sct-spinalcord/t1w.nii.gz"), data.resolve("sct-spinalcord/t1w_seg-manual.nii.gz"), 2, -1);
            nifti(cases, "gm-t2s", data.resolve("sct-spinalcord/t2s.nii.gz"), data.resolve("sct-spinalcord/t2s_gmseg_manual.nii.gz"), 2, -1);
            for (int region = 1; region <= 116; region += 12)
                nifti(cases, "aal-" + region, templates.resolve("ch2.nii.gz"), templates.resolve("aal.nii.gz"), 2, region);
            for (int seed = 1; seed <= 6; seed++) {
                SyntheticVolumes.Blob b = SyntheticVolumes.blob(seed, 128, 112, 29);
                cases.add(new Case("synthetic-" + seed, PropagatorTest.volume(b), PropagatorTest.truth(b)));
            }
        }
        if (System.getProperty("only") != null) {
            List<String> only = List.of(System.getProperty("only").split(","));
            cases.removeIf(c -> !only.contains(c.name));
        }
        try (Network net = Models.open(spec, options, m -> { })) {
            for (String setting : (args.length > 1 ? args[1] : "inf:0").split(" ")) {
                String[] f = setting.split(":"); // growth:probability[:seed multiple]
                Propagator.Ends ends = new Propagator.Ends(number(f[0]), f.length > 2 ? number(f[2]) : Double.POSITIVE_INFINITY,
                        Double.parseDouble(f[1]), 0, Long.MAX_VALUE);
                double dice = 0;
                int within = 0;
                StringBuilder rows = new StringBuilder();
                for (Case c : cases) {
                    Box seed = System.getProperty("seedAt") == null ? PropagationBenchmark.seedBox(c.truth)
                            : seedAt(c.truth, Double.parseDouble(System.getProperty("seedAt")));
                    SegmentResult r = new Propagator(spec, net, Propagator.Settings.defaults(), ends).segment(
                            new SegmentRequest(c.image, new Prompts(List.of(), List.of(seed), null, null), options), Progress.NONE, () -> false);
                    double d = Metrics.dice(r.labels(), c.truth), ratio = (double) count(r.labels()) / count(c.truth);
                    dice += d;
                    within += ratio >= 0.67 && ratio <= 1.5 ? 1 : 0;
                    if (c.name.equals(System.getProperty("trace")))
                        for (long z = 0; z < c.truth.dimension(2); z++)
                            rows.append(String.format(Locale.ROOT, "    z %d predicted %d truth %d%n", z, count(Views.hyperSlice(r.labels(), 2, z)),
                                    count(Views.hyperSlice(c.truth, 2, z))));
                    rows.append(String.format(Locale.ROOT, "  %-12s dice %.3f volume %.2f× slices %s, truth %s%n", c.name, d, ratio,
                            PropagationBenchmark.slices(r.labels()), PropagationBenchmark.slices(c.truth)));
                }
                System.out.printf(Locale.ROOT, "growth %s, probability %s, seed multiple %s: mean dice %.3f, volume within 0.67-1.5x: %d of %d%n%s", f[0], f[1],
                        f.length > 2 ? f[2] : "inf", dice / cases.size(), within, cases.size(), rows);
                System.out.flush();
            }
        }
    }

    /** A NIfTI case sliced across {@code axis}; the truth its non-zero voxels, or those equal to {@code label} (≥ 0). */
    private static void nifti(List<Case> cases, String name, Path image, Path truth, int axis, int label) throws Exception {
        if (!Files.isRegularFile(image) || !Files.isRegularFile(truth)) {
            System.out.println("missing: " + image + " or " + truth);
            return;
        }
        Volume v = ImagePlusAdapter.toVolume(ImageFiles.read(image));
        RandomAccessibleInterval<? extends RealType<?>> t = ImagePlusAdapter.toVolume(ImageFiles.read(truth)).pixels();
        if (label >= 0) {
            var only = ArrayImgs.unsignedBytes(t.dimensionsAsLongArray());
            Cursor<? extends RealType<?>> in = Views.flatIterable(t).cursor();
            var out = Views.flatIterable(only).cursor();
            while (in.hasNext())
                out.next().set(in.next().getRealDouble() == label ? 1 : 0);
            t = only;
        }
        if (axis != 2) {
            v = new Volume(Views.permute(v.pixels(), axis, 2), v.calibration(), v.name());
            t = Views.permute(t, axis, 2);
        }
        cases.add(new Case(name, v, t));
    }

    /** The tight box on the slice whose truth area is closest to {@code fraction} of the largest (the lowest such slice). */
    private static Box seedAt(RandomAccessibleInterval<? extends RealType<?>> t, double fraction) {
        long[] areas = new long[(int) t.dimension(2)];
        long max = 0;
        for (int z = 0; z < areas.length; z++)
            max = Math.max(max, areas[z] = count(Views.hyperSlice(t, 2, z)));
        int best = -1;
        for (int z = 0; z < areas.length; z++)
            if (areas[z] > 0 && (best < 0 || Math.abs(areas[z] - fraction * max) < Math.abs(areas[best] - fraction * max)))
                best = z;
        return PropagationBenchmark.box(t, best);
    }

    private static double number(String s) {
        return s.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s);
    }

    private static long count(RandomAccessibleInterval<? extends RealType<?>> img) {
        long n = 0;
        for (RealType<?> v : Views.flatIterable(img))
            if (v.getRealDouble() != 0)
                n++;
        return n;
    }
}
