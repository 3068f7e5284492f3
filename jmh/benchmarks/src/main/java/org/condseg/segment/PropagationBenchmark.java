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

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Measures propagation settings with a model on synthetic irregular 3D objects and, where present,
 * the held-out real volumes of /work/shared/data (spleen CT, spinal cord T2): the 3D Dice from a tight
 * box on the object's largest slice, beside the Dice of a tight box on every slice (an upper bound).
 * Not a test; built with {@code mvn -B -f jmh/pom.xml package -DskipTests} and run by hand:
 * {@code java -cp jmh/target/condseg-jmh.jar org.condseg.segment.PropagationBenchmark [model] [data]}.
 */
public final class PropagationBenchmark {

    record Case(String name, Volume image, RandomAccessibleInterval<? extends RealType<?>> truth) {
    }

    public static void main(String[] args) throws Exception {
        String model = args.length > 0 ? args[0] : "interactive-2d";
        Path data = Path.of(args.length > 1 ? args[1] : "/work/shared/data");
        ModelSpec spec = ModelPackageReader.read(Fixtures.repo().resolve("models").resolve(model));
        SegmentOptions options = SegmentOptions.defaults().withThreads(1);
        List<Case> cases = new ArrayList<>();
        for (int seed = 1; seed <= 6; seed++) {
            SyntheticVolumes.Blob b = SyntheticVolumes.blob(seed, 128, 112, 29);
            cases.add(new Case("synthetic-" + seed, PropagatorTest.volume(b), PropagatorTest.truth(b)));
        }
        // axial slices: the spleen CT's third axis; the cord T2 file runs along its second axis
        addNifti(cases, "spleen-ct", data.resolve("msd-spleen-ct/sub-spleen2_ct.nii.gz"), data.resolve("msd-spleen-ct/sub-spleen2_ct_seg-manual.nii.gz"), 2);
        addNifti(cases, "cord-t2", data.resolve("sct-spinalcord/t2.nii.gz"), data.resolve("sct-spinalcord/t2_seg-manual.nii.gz"), 1);

        List<Propagator.Settings> settings = new ArrayList<>();
        for (String spec1 : (args.length > 2 ? args[2] : "BOX:0.1:2:1:0.3").split(" ")) {
            String[] f = spec1.split(":"); // carry:growth:margin:scale,scale:minContrast
            settings.add(new Propagator.Settings(Propagator.Carry.valueOf(f[0]), Double.parseDouble(f[1]), Integer.parseInt(f[2]),
                    java.util.Arrays.stream(f[3].split(",")).mapToDouble(Double::parseDouble).toArray(), 0.1, 0.3, Double.parseDouble(f[4])));
        }
        try (Network net = Models.open(spec, options, m -> { })) {
            StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-34s", "settings"));
            for (Case c : cases)
                header.append(String.format(Locale.ROOT, " %12s", c.name));
            System.out.println(header.append("   mean"));
            StringBuilder oracle = new StringBuilder(String.format(Locale.ROOT, "%-34s", "tight box on every slice"));
            double sum = 0;
            for (Case c : cases) {
                double d = Metrics.dice(new Segmenter(spec, net).segment(new SegmentRequest(c.image, new Prompts(List.of(), boxes(c.truth), null, null), options),
                        Progress.NONE, () -> false).labels(), c.truth);
                sum += d;
                oracle.append(String.format(Locale.ROOT, " %12.3f", d));
            }
            System.out.println(oracle.append(String.format(Locale.ROOT, " %6.3f", sum / cases.size())));
            for (Propagator.Settings s : settings) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-34s", s.carry() + " g" + s.growth() + " m" + s.margin() + " " + java.util.Arrays.toString(s.scales()) + " c" + s.minContrast()));
                double total = 0;
                for (Case c : cases) {
                    Box seed = seedBox(c.truth);
                    long t0 = System.nanoTime();
                    SegmentResult r = new Propagator(spec, net, s).segment(new SegmentRequest(c.image, new Prompts(List.of(), List.of(seed), null, null), options),
                            Progress.NONE, () -> false);
                    double d = Metrics.dice(r.labels(), c.truth);
                    if (System.getProperty("trace") != null && c.name.equals(System.getProperty("trace")))
                        System.out.println("  " + c.name + " seed " + seed.z() + " truth slices " + slices(c.truth) + " found " + slices(r.labels())
                                + " " + r.provenance().replaceAll(".*\\\"objects\\\":(\\[[^]]*\\]\\]).*", "$1"));
                    total += d;
                    line.append(String.format(Locale.ROOT, " %12.3f", d));
                }
                System.out.println(line.append(String.format(Locale.ROOT, " %6.3f", total / cases.size())));
            }
        }
    }

    /** A NIfTI case sliced across {@code axis} (its axis becomes the stack's z). */
    private static void addNifti(List<Case> cases, String name, Path image, Path truth, int axis) throws Exception {
        if (!Files.isRegularFile(image) || !Files.isRegularFile(truth))
            return;
        Volume v = ImagePlusAdapter.toVolume(ImageFiles.read(image));
        var t = ImagePlusAdapter.toVolume(ImageFiles.read(truth)).pixels();
        if (axis != 2) {
            v = new Volume(net.imglib2.view.Views.permute(v.pixels(), axis, 2), v.calibration(), v.name());
            t = net.imglib2.view.Views.permute(t, axis, 2);
        }
        cases.add(new Case(name, v, t));
    }

    /** The first and last slice with voxels. */
    static String slices(RandomAccessibleInterval<? extends RealType<?>> t) {
        List<Box> b = boxes(t);
        return b.isEmpty() ? "none" : b.get(0).z() + ".." + b.get(b.size() - 1).z() + " (of " + t.dimension(2) + ")";
    }

    /** The tight box of the truth on each slice where it has voxels. */
    static List<Box> boxes(RandomAccessibleInterval<? extends RealType<?>> t) {
        List<Box> out = new ArrayList<>();
        for (long z = 0; z < t.dimension(2); z++) {
            Box b = box(t, z);
            if (b != null)
                out.add(b);
        }
        return out;
    }

    /** The tight box on the slice with the most truth voxels. */
    static Box seedBox(RandomAccessibleInterval<? extends RealType<?>> t) {
        long best = -1, bestZ = 0;
        RandomAccess<? extends RealType<?>> ra = t.randomAccess();
        for (long z = 0; z < t.dimension(2); z++) {
            long n = 0;
            for (long y = 0; y < t.dimension(1); y++)
                for (long x = 0; x < t.dimension(0); x++) {
                    ra.setPosition(new long[] {x, y, z});
                    if (ra.get().getRealDouble() != 0)
                        n++;
                }
            if (n > best) {
                best = n;
                bestZ = z;
            }
        }
        return box(t, bestZ);
    }

    static Box box(RandomAccessibleInterval<? extends RealType<?>> t, long z) {
        long x0 = Long.MAX_VALUE, y0 = Long.MAX_VALUE, x1 = -1, y1 = -1;
        RandomAccess<? extends RealType<?>> ra = t.randomAccess();
        for (long y = 0; y < t.dimension(1); y++)
            for (long x = 0; x < t.dimension(0); x++) {
                ra.setPosition(new long[] {x, y, z});
                if (ra.get().getRealDouble() != 0) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        return x1 < 0 ? null : new Box(x0, y0, x1 - x0 + 1, y1 - y0 + 1, z, 1);
    }
}
