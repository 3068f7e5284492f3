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
        if (args.length > 0 && args[0].equals("dump")) {
            dump(Path.of(args[1]), Path.of(args.length > 2 ? args[2] : "training/runs/tuning3d"));
            return;
        }
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

    /**
     * Tuning evidence for the stopping rules: every tuning case (the cord t1w, the t2s grey matter, the objects of
     * {@code training/export_tuning3d.py} under {@code objects}, six synthetic objects) propagated once from a tight box on
     * its truth's largest slice (and, with {@code -DseedAt=F}, on the slice nearest F of that area) with
     * {@link Propagator.Ends#none()} ({@code -Dfree=true}: and no limit of {@link Propagator.Settings} either), writing into {@code out}: {@code steps.csv}, each judged slice's {@link Propagator.Step};
     * {@code slices.csv}, per case and slice the truth's, the prediction's and their shared area. Any stricter rule of
     * {@link Propagator.Ends} ends a sweep at the first slice it refuses and changes nothing before it, so these two files
     * tell every rule's 3D Dice and volume exactly ({@code training/tune_stops.py}).
     */
    static void dump(Path out, Path objects) throws Exception {
        Path data = Path.of(System.getProperty("data", "/work/shared/data"));
        ModelSpec spec = ModelPackageReader.read(Fixtures.repo().resolve("models").resolve(System.getProperty("model", "interactive-2d")));
        SegmentOptions options = SegmentOptions.defaults().withThreads(1);
        List<String> names = new ArrayList<>(List.of("cord-t1w", "gm-t2s"));
        for (String row : Files.readAllLines(objects.resolve("objects.csv")).subList(1, Files.readAllLines(objects.resolve("objects.csv")).size()))
            names.add(row.split(",")[0]);
        for (int seed = 1; seed <= 6; seed++)
            names.add("synthetic-" + seed);
        if (System.getProperty("only") != null) {
            List<String> only = List.of(System.getProperty("only").split(","));
            names.removeIf(n -> !only.contains(n));
        }
        Files.createDirectories(out);
        Volume ch2 = null;
        String seedAt = System.getProperty("seedAt");
        Propagator.Settings settings = Propagator.Settings.defaults();
        if (Boolean.getBoolean("free")) // the limits of Settings off too: only an empty mask or the stack's end stops a sweep
            settings = new Propagator.Settings(settings.carry(), settings.growth(), settings.margin(), settings.scales(), 0, 0, 0);
        try (Network net = Models.open(spec, options, m -> { });
                var steps = Files.newBufferedWriter(out.resolve("steps.csv"));
                var slices = Files.newBufferedWriter(out.resolve("slices.csv"))) {
            steps.write("case,label,z,direction,area,previous_area,seed_area,iou,overlap,centroid_shift,median_area,mean_probability,"
                    + "confident_share,seed_confident_share,touched_sides,scale_agreement,contrast,reference,settings_allow\n");
            slices.write("case,seed,z,truth,predicted,shared\n");
            for (String name : names) {
                List<Case> one = new ArrayList<>();
                if (name.equals("cord-t1w"))
                    nifti(one, name, data.resolve("sct-spinalcord/t1w.nii.gz"), data.resolve("sct-spinalcord/t1w_seg-manual.nii.gz"), 2, -1);
                else if (name.equals("gm-t2s"))
                    nifti(one, name, data.resolve("sct-spinalcord/t2s.nii.gz"), data.resolve("sct-spinalcord/t2s_gmseg_manual.nii.gz"), 2, -1);
                else if (name.startsWith("synthetic-")) {
                    SyntheticVolumes.Blob b = SyntheticVolumes.blob(Integer.parseInt(name.substring(10)), 128, 112, 29);
                    one.add(new Case(name, PropagatorTest.volume(b), PropagatorTest.truth(b)));
                } else {
                    if (ch2 == null)
                        ch2 = ImagePlusAdapter.toVolume(ImageFiles.read(objects.resolve("volumes/ch2.nii.gz")));
                    one.add(new Case(name, ch2, ImagePlusAdapter.toVolume(ImageFiles.read(objects.resolve("truths/" + name + ".nii.gz"))).pixels()));
                }
                Case c = one.get(0);
                Box seed = seedAt == null ? PropagationBenchmark.seedBox(c.truth) : seedAt(c.truth, Double.parseDouble(seedAt));
                List<Propagator.Step> seen = new ArrayList<>();
                // -Dmargin=M: the sweeps end M slices past the truth's ends (a sweep further out is far over-extended anyway)
                long[] span = span(c.truth);
                long margin = Long.getLong("margin", Long.MAX_VALUE / 4);
                Propagator.Ends ends = Propagator.Ends.none().between(Math.max(0, span[0] - margin), Math.min(Long.MAX_VALUE - 1, span[1] + margin));
                SegmentResult r = new Propagator(spec, net, settings, ends).traced(seen::add).segment(
                        new SegmentRequest(c.image, new Prompts(List.of(), List.of(seed), null, null), options), Progress.NONE, () -> false);
                for (Propagator.Step s : seen)
                    steps.write(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%d,%.5f,%.5f,%.5f,%.1f,%.5f,%.5f,%.5f,%d,%.5f,%.5f,%.5f,%b%n", name,
                            s.label(), s.z(), s.direction(), s.area(), s.previousArea(), s.seedArea(), s.iou(), s.overlap(), s.centroidShift(),
                            s.medianArea(), s.meanProbability(), s.confidentShare(), s.seedConfidentShare(), s.touchedSides(), s.scaleAgreement(),
                            s.contrast(), s.reference(), s.settingsAllow()));
                for (long z = 0; z < c.truth.dimension(2); z++) {
                    long t = count(Views.hyperSlice(c.truth, 2, z)), p = count(Views.hyperSlice(r.labels(), 2, z));
                    long both = t == 0 || p == 0 ? 0 : shared(Views.hyperSlice(r.labels(), 2, z), Views.hyperSlice(c.truth, 2, z));
                    if (t > 0 || p > 0)
                        slices.write(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d%n", name, seed.z(), z, t, p, both));
                }
                steps.flush();
                slices.flush();
                System.out.println(name + " done");
            }
        }
    }

    /** The first and last slice with truth voxels. */
    private static long[] span(RandomAccessibleInterval<? extends RealType<?>> t) {
        long lo = -1, hi = -1;
        for (long z = 0; z < t.dimension(2); z++)
            if (count(Views.hyperSlice(t, 2, z)) > 0) {
                lo = lo < 0 ? z : lo;
                hi = z;
            }
        return new long[] {lo, hi};
    }

    private static long shared(RandomAccessibleInterval<? extends RealType<?>> a, RandomAccessibleInterval<? extends RealType<?>> b) {
        long n = 0;
        Cursor<? extends RealType<?>> x = Views.flatIterable(a).cursor();
        Cursor<? extends RealType<?>> y = Views.flatIterable(b).cursor();
        while (x.hasNext())
            if (x.next().getRealDouble() != 0 & y.next().getRealDouble() != 0)
                n++;
        return n;
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
