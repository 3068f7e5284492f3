package org.condseg.io.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.medical.Voxels;
import org.condseg.model.Calibration;
import org.condseg.model.InputException;
import org.condseg.model.SegmentResult;
import org.condseg.model.Volume;
import org.condseg.segment.Uncertainty;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

/**
 * Images read from files to the core's {@link Volume}, and results back to {@link OutputImage}s on
 * their input's grid. Grey 8-, 16- and 32-bit planes are wrapped without copying (the planes become
 * imglib2 planes); RGB is converted to grey as ImageJ does ((r + g + b) / 3 as a float). Label images
 * are 8-bit, or 16-bit past 255 labels; probabilities and uncertainty are 32-bit.
 *
 * <pre>{@code
 * MedicalImage m = ImageFormats.read(Path.of("ct.nii.gz"));
 * Volume v = ImageVolumes.volume(m, "ct");
 * OutputImage labels = ImageVolumes.labels(result, Placement.of(m, "ct"));
 * }</pre>
 */
public final class ImageVolumes {

    private ImageVolumes() {
    }

    /** Reads {@code file} as one volume named after it (one channel and one frame). */
    public static Volume read(Path file) throws InputException {
        return volume(ImageFormats.read(file), file.getFileName().toString());
    }

    /** The volume of an image of one channel and one frame, sharing its planes; {@code title} names it. */
    public static Volume volume(MedicalImage m, String title) throws InputException {
        Voxels v = m.voxels();
        if (v.channels() > 1 || v.frames() > 1)
            throw new InputException(null, title + " has " + v.channels() + " channels and " + v.frames()
                    + " frames; give one channel and one frame");
        return new Volume(wrap(v), m.calibration(), ImageFormats.baseTitle(title));
    }

    /**
     * The further channels of a multi-modal input given as separate files: each must lie on the first
     * image's grid ({@link Grid#checkSame}), else an exception names its file and the difference.
     */
    public static List<Volume> moreChannels(MedicalImage first, List<MedicalImage> others, List<Path> files) throws InputException {
        List<Volume> out = new ArrayList<>();
        Grid grid = Grid.of(first);
        for (int k = 0; k < others.size(); k++) {
            grid.checkSame(Grid.of(others.get(k)), files.get(k), "", "the first input");
            out.add(volume(others.get(k), files.get(k).getFileName().toString()));
        }
        return out;
    }

    /** The label image of {@code r} for the input at {@code p} ({@code T-labels}, with the provenance). */
    public static OutputImage labels(SegmentResult r, Placement p) {
        VoxelType type = r.maxLabel() > 255 ? VoxelType.UINT16 : VoxelType.UINT8;
        return new OutputImage(image(planes(r.labels(), type), r.labels(), 1, type, p), p.title() + "-labels", OutputImage.Role.LABELS,
                r.provenance());
    }

    /** The probability image of {@code r} ({@code T-probabilities}, 32-bit). */
    public static OutputImage probabilities(SegmentResult r, Placement p) {
        return new OutputImage(image(planes(r.probabilities(), VoxelType.FLOAT32), r.probabilities(), 1, VoxelType.FLOAT32, p),
                p.title() + "-probabilities", OutputImage.Role.PROBABILITIES, null);
    }

    /** The uncertainty image of {@code r} ({@code T-uncertainty}, 32-bit bits of entropy). */
    public static OutputImage uncertainty(SegmentResult r, Placement p) {
        var u = Uncertainty.of(r);
        return new OutputImage(image(planes(u, VoxelType.FLOAT32), u, 1, VoxelType.FLOAT32, p), p.title() + "-uncertainty",
                OutputImage.Role.UNCERTAINTY, null);
    }

    /** The sampled label images of a generative model ({@code T-samples}): one frame per sample, with the provenance. */
    public static OutputImage samples(SegmentResult r, Placement p) {
        if (r.samples().isEmpty())
            throw new IllegalArgumentException("the result has no samples");
        VoxelType type = r.maxLabel() > 255 ? VoxelType.UINT16 : VoxelType.UINT8;
        List<Object> all = new ArrayList<>();
        for (var s : r.samples())
            all.addAll(planes(s, type));
        return new OutputImage(image(all, r.labels(), r.samples().size(), type, p), p.title() + "-samples", OutputImage.Role.SAMPLES,
                r.provenance());
    }

    /** The planes (x, y per z) of an image as arrays of {@code type} (values cast as ImageJ's processors do). */
    public static List<Object> planes(RandomAccessibleInterval<? extends RealType<?>> img, VoxelType type) {
        int w = (int) img.dimension(0), h = (int) img.dimension(1), d = (int) img.dimension(2);
        List<Object> out = new ArrayList<>(d);
        for (int z = 0; z < d; z++) {
            Object plane = type.newPlane(w * h);
            Cursor<? extends RealType<?>> c = Views.flatIterable(Views.hyperSlice(img, 2, z)).cursor();
            for (int i = 0; i < w * h; i++) {
                float v = c.next().getRealFloat();
                switch (type) {
                    case UINT8 -> ((byte[]) plane)[i] = (byte) v;
                    case UINT16 -> ((short[]) plane)[i] = (short) v;
                    case FLOAT32 -> ((float[]) plane)[i] = v;
                    case RGB -> throw new IllegalArgumentException("results are grey");
                }
            }
            out.add(plane);
        }
        return out;
    }

    private static MedicalImage image(List<Object> planes, RandomAccessibleInterval<?> grid, int frames, VoxelType type, Placement p) {
        Voxels v = new Voxels((int) grid.dimension(0), (int) grid.dimension(1), (int) grid.dimension(2), 1, frames, type, planes);
        Calibration cal = p.calibration();
        return new MedicalImage(v, cal, p.geometry(), p.header(), List.of());
    }

    /** The planes as an imglib2 image x, y, z sharing their arrays (RGB converted to grey float). */
    static RandomAccessibleInterval<? extends RealType<?>> wrap(Voxels v) {
        return wrap(v.planes(), v.width(), v.height());
    }

    /**
     * Planes of {@code width × height} (all {@code byte[]}, {@code short[]}, {@code float[]} or packed RGB
     * {@code int[]}) as an imglib2 image x, y, z sharing their arrays; RGB is converted to grey float.
     */
    public static RandomAccessibleInterval<? extends RealType<?>> wrap(List<Object> planes, int width, int height) {
        long[] dims = {width, height, planes.size()};
        switch (VoxelType.of(planes.get(0))) {
            case UINT8 -> {
                List<ByteArray> arrays = new ArrayList<>();
                for (Object p : planes)
                    arrays.add(new ByteArray((byte[]) p));
                PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(arrays, dims, new Fraction());
                img.setLinkedType(new UnsignedByteType(img));
                return img;
            }
            case UINT16 -> {
                List<ShortArray> arrays = new ArrayList<>();
                for (Object p : planes)
                    arrays.add(new ShortArray((short[]) p));
                PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(arrays, dims, new Fraction());
                img.setLinkedType(new UnsignedShortType(img));
                return img;
            }
            default -> {
                List<FloatArray> arrays = new ArrayList<>();
                for (Object p : planes)
                    arrays.add(new FloatArray(p instanceof int[] rgb ? grey(rgb) : (float[]) p));
                PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(arrays, dims, new Fraction());
                img.setLinkedType(new FloatType(img));
                return img;
            }
        }
    }

    /** Packed 0xRRGGBB to grey as ImageJ's unweighted conversion to float: r/3 + g/3 + b/3. */
    static float[] grey(int[] rgb) {
        double w = 1d / 3d;
        float[] out = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int c = rgb[i], r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
            out[i] = (float) (r * w + g * w + b * w);
        }
        return out;
    }
}
