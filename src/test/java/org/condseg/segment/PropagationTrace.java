package org.condseg.segment;

import java.util.List;
import java.util.Locale;

import org.condseg.Fixtures;
import org.condseg.SyntheticVolumes;
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

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/** Per-slice trace of one propagation (by hand): truth area, found area, slice Dice. */
public final class PropagationTrace {
    public static void main(String[] a) throws Exception {
        ModelSpec spec = ModelPackageReader.read(Fixtures.repo().resolve("models/interactive-2d"));
        SegmentOptions o = SegmentOptions.defaults().withThreads(1);
        Volume v;
        RandomAccessibleInterval<? extends RealType<?>> truth;
        if (a[0].matches("\\d+")) {
            SyntheticVolumes.Blob b = SyntheticVolumes.blob(Integer.parseInt(a[0]), 128, 112, 29);
            v = PropagatorTest.volume(b);
            truth = PropagatorTest.truth(b);
        } else {
            String[] f = a[0].split(",");
            v = org.condseg.ij.ImagePlusAdapter.toVolume(org.condseg.ij.ImageFiles.read(java.nio.file.Path.of(f[0])));
            truth = org.condseg.ij.ImagePlusAdapter.toVolume(org.condseg.ij.ImageFiles.read(java.nio.file.Path.of(f[1]))).pixels();
        }
        Propagator.Settings s = new Propagator.Settings(Propagator.Carry.valueOf(a[1]), Double.parseDouble(a[2]), Integer.parseInt(a[3]), java.util.Arrays.stream(a[5].split(",")).mapToDouble(Double::parseDouble).toArray(), 0.0, 0.0, 0.0);
        try (Network net = Models.open(spec, o, m -> { })) {
            Box seed = PropagationBenchmark.seedBox(truth);
            SegmentResult r = new Propagator(spec, net, s).segment(new SegmentRequest(v, new Prompts(List.of(), List.of(seed), null, null), o), Progress.NONE, () -> false);
            System.out.println("seed slice " + seed.z() + " 3D Dice " + Metrics.dice(r.labels(), truth));
            System.out.println("image " + java.util.Arrays.toString(v.pixels().dimensionsAsLongArray()) + " seed " + seed);
            for (int z = 0; z < v.depth(); z++) {
                RandomAccessibleInterval<? extends RealType<?>> p = Views.hyperSlice(r.labels(), 2, z), t = Views.hyperSlice(truth, 2, z);
                double pin = 0;
                long n = 0;
                var lc = Views.flatIterable(p).cursor();
                var pc = Views.flatIterable(Views.hyperSlice(r.probabilities(), 2, z)).cursor();
                while (lc.hasNext()) {
                    double l = lc.next().getRealDouble();
                    float q = pc.next().get();
                    if (l != 0) { pin += q; n++; }
                }
                boolean[] mask = new boolean[(int) (v.width() * v.height())];
                float[] img = new float[mask.length];
                var lc2 = Views.flatIterable(p).cursor();
                var ic = Views.flatIterable(Views.hyperSlice(v.pixels(), 2, z)).cursor();
                for (int i = 0; i < mask.length; i++) { mask[i] = lc2.next().getRealDouble() != 0; img[i] = ic.next().getRealFloat(); }
                double c = n == 0 ? 0 : SliceMask.contrast(mask, img, (int) v.width(), (int) v.height());
                System.out.println(String.format(Locale.ROOT, "z %2d truth %5d found %5d dice %.3f meanP %.3f contrast %.1f", z, count(t), count(p), Metrics.dice(p, t), n == 0 ? 0 : pin / n, c));
            }
        }
    }

    static long count(RandomAccessibleInterval<? extends RealType<?>> img) {
        long n = 0;
        for (RealType<?> t : Views.iterable(img))
            if (t.getRealDouble() != 0)
                n++;
        return n;
    }
}
