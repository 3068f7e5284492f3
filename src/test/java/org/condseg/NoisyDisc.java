package org.condseg;

import java.util.Random;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

/**
 * A known answer for label refinement: a disc of radius 22 px on a 96 × 80 grid of 0.5 mm pixels (the
 * truth), and a damaged label image of it — four round holes of radius 3 px, 8 % of its pixels dropped,
 * 8 % of the background set (speckle), and a separate false blob of radius 6 px — plus the image it
 * labels (bright disc on a dark ramp, Gaussian noise). Seeded: the same every time.
 *
 * <pre>{@code
 * NoisyDisc disc = NoisyDisc.make(7);
 * double before = disc.dice(disc.noisy());
 * }</pre>
 */
public record NoisyDisc(boolean[] truth, ImagePlus clean, ImagePlus noisy, ImagePlus image) {

    public static final int W = 96, H = 80, R = 22;

    public static NoisyDisc make(long seed) {
        Random rnd = new Random(seed);
        boolean[] truth = new boolean[W * H];
        ByteProcessor clean = new ByteProcessor(W, H), noisy = new ByteProcessor(W, H);
        FloatProcessor image = new FloatProcessor(W, H);
        int[][] holes = {{40, 34}, {56, 36}, {44, 48}, {55, 47}};
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                boolean in = Math.hypot(x - 48, y - 40) <= R;
                truth[i] = in;
                clean.set(x, y, in ? 1 : 0);
                boolean hole = false;
                for (int[] h : holes)
                    hole |= Math.hypot(x - h[0], y - h[1]) <= 3;
                boolean blob = Math.hypot(x - 12, y - 12) <= 6;
                boolean label = in ? !hole && rnd.nextDouble() >= 0.08 : blob || rnd.nextDouble() < 0.08;
                noisy.set(x, y, label ? 1 : 0);
                image.setf(x, y, (float) ((in ? 200 : 40 + 0.3 * x) + 15 * rnd.nextGaussian()));
            }
        return new NoisyDisc(truth, calibrated("disc-truth", clean), calibrated("disc-labels", noisy),
                calibrated("disc", image));
    }

    private static ImagePlus calibrated(String title, ij.process.ImageProcessor ip) {
        ImagePlus imp = new ImagePlus(title, ip);
        imp.getCalibration().pixelWidth = 0.5;
        imp.getCalibration().pixelHeight = 0.5;
        imp.getCalibration().setUnit("mm");
        return imp;
    }

    /** Dice of the non-zero pixels of a 2D label image against the disc. */
    public double dice(ImagePlus labels) {
        long both = 0, a = 0, t = 0;
        for (int i = 0; i < W * H; i++) {
            boolean x = labels.getProcessor().get(i) != 0;
            a += x ? 1 : 0;
            t += truth[i] ? 1 : 0;
            both += x && truth[i] ? 1 : 0;
        }
        return 2.0 * both / (a + t);
    }
}
