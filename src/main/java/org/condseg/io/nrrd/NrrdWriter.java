package org.condseg.io.nrrd;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.condseg.io.medical.AtomicFiles;
import org.condseg.io.medical.Geometry;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.TextHeader;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.medical.VoxelWriter;
import org.condseg.io.medical.Voxels;
import org.condseg.model.Calibration;

/**
 * Writes NRRD with the data attached ({@code .nrrd}), gzip or raw encoding, uint8, uint16 or float,
 * little-endian, in the LPS space with the geometry's directions (spacing included) and origin
 * (axis-aligned from the calibration where the image has no geometry); frames as a last
 * non-spatial axis of kind {@code time}, with the calibration's frame interval as its {@code spacings}
 * value and its time unit as its {@code units} value (NaN and "" for the spatial axes, as the format
 * requires of axes with a space direction). Written atomically.
 *
 * <pre>{@code
 * NrrdWriter.write(labels, Path.of("ct-labels.nrrd"), true);
 * }</pre>
 */
public final class NrrdWriter {

    private NrrdWriter() {
    }

    /** Why an image cannot be written as NRRD, or {@code null}. */
    public static String refusal(MedicalImage image) {
        if (image.voxels().type() == VoxelType.RGB)
            return "RGB images are not written as NRRD; use .tif";
        if (image.voxels().channels() > 1)
            return "images with several channels are not written as NRRD; use .tif";
        return null;
    }

    public static void write(MedicalImage image, Path file, boolean gzip) throws IOException {
        String why = refusal(image);
        if (why != null)
            throw new IllegalArgumentException(why);
        Voxels v = image.voxels();
        Geometry g = image.geometry();
        if (g == null) {
            Calibration c = image.calibration();
            g = Geometry.aligned(c.spacing(), c.origin());
        }
        byte[] header = header(v, g, image.calibration(), gzip).getBytes(StandardCharsets.ISO_8859_1);
        AtomicFiles.write(file, false, out -> {
            out.write(header);
            if (gzip) {
                GZIPOutputStream z = new GZIPOutputStream(out, 1 << 16);
                VoxelWriter.write(z, v.sliceMajor(), v.type(), ByteOrder.LITTLE_ENDIAN);
                z.finish();
            } else {
                VoxelWriter.write(out, v.sliceMajor(), v.type(), ByteOrder.LITTLE_ENDIAN);
            }
        });
    }

    private static String header(Voxels v, Geometry g, Calibration cal, boolean gzip) {
        double[][] a = g.affine();
        int spatial = 3;
        boolean frames = v.frames() > 1;
        StringBuilder dirs = new StringBuilder(), sizes = new StringBuilder(), kinds = new StringBuilder();
        long[] dims = {v.width(), v.height(), v.slices()};
        for (int axis = 0; axis < spatial; axis++) {
            dirs.append('(').append(TextHeader.number(a[0][axis])).append(',').append(TextHeader.number(a[1][axis])).append(',')
                    .append(TextHeader.number(a[2][axis])).append(") ");
            sizes.append(dims[axis]).append(' ');
            kinds.append("domain ");
        }
        String perAxis = "";
        if (frames) {
            dirs.append("none ");
            sizes.append(v.frames()).append(' ');
            kinds.append("time ");
            // per-axis spacing and unit only for the frames' axis: a spatial axis has its direction instead (NaN, "")
            if (cal.timed())
                perAxis = "spacings: nan nan nan " + TextHeader.number(cal.frameInterval()) + "\n" + "units: \"\" \"\" \"\" \""
                        + cal.timeUnit().replaceAll("\\p{Cntrl}", "").replace("\"", "\\\"") + "\"\n";
        }
        String type = switch (v.type()) {
            case UINT8 -> "uint8";
            case UINT16 -> "uint16";
            default -> "float";
        };
        return "NRRD0004\n# written by CondSeg\n" + "type: " + type + "\n" + "dimension: " + (spatial + (frames ? 1 : 0)) + "\n"
                + "space: left-posterior-superior\n" + "sizes: " + sizes.toString().trim() + "\n" + "space directions: "
                + dirs.toString().trim() + "\n" + "kinds: " + kinds.toString().trim() + "\n" + perAxis + "endian: little\n" + "encoding: "
                + (gzip ? "gzip" : "raw") + "\n" + "space origin: (" + TextHeader.number(a[0][3]) + "," + TextHeader.number(a[1][3])
                + "," + TextHeader.number(a[2][3]) + ")\n\n";
    }
}
