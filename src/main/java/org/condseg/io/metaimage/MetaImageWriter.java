package org.condseg.io.metaimage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.condseg.io.medical.AtomicFiles;
import org.condseg.io.medical.Geometry;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.TextHeader;
import org.condseg.io.medical.TimeUnits;
import org.condseg.io.medical.VoxelWriter;
import org.condseg.io.medical.Voxels;
import org.condseg.model.Calibration;

/**
 * Writes MetaImage: {@code .mha} with the data inside, or {@code .mhd} with the data in
 * {@code <name>.raw} ({@code .zraw} compressed) beside it; zlib-compressed where asked; uint8, uint16
 * or float32, little-endian; the geometry's spacing, offset and direction (axis-aligned from the
 * calibration where the image has no geometry); an image of several frames as 4D, its fourth spacing the
 * calibration's frame interval in seconds (1 where it is unknown). Files are written atomically (the data
 * file first).
 *
 * <pre>{@code
 * MetaImageWriter.write(labels, Path.of("ct-labels.mha"), true);
 * }</pre>
 */
public final class MetaImageWriter {

    private MetaImageWriter() {
    }

    /** Why an image cannot be written as MetaImage, or {@code null}. */
    public static String refusal(MedicalImage image) {
        Voxels v = image.voxels();
        if (v.type() == org.condseg.io.medical.VoxelType.RGB)
            return "RGB images are not written as MetaImage; use .tif";
        if (v.channels() > 1)
            return "images with several channels are not written as MetaImage; use .tif";
        return null;
    }

    public static void write(MedicalImage image, Path file, boolean compress) throws IOException {
        String why = refusal(image);
        if (why != null)
            throw new IllegalArgumentException(why);
        Voxels v = image.voxels();
        Geometry g = geometry(image);
        boolean local = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mha");
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String base = file.getFileName().toString().replaceFirst("(?i)\\.mh[ad]$", "");
        Path dataFile = dir.resolve(base + (compress ? ".zraw" : ".raw"));
        Path tmp = compress && local ? AtomicFiles.temporary(dir, base, ".zraw.part") : null;
        try {
            long compressedSize = -1;
            if (compress) {
                Path target = local ? tmp : dataFile;
                AtomicFiles.Content c = out -> {
                    DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(6), 1 << 16);
                    VoxelWriter.write(z, v.sliceMajor(), v.type(), ByteOrder.LITTLE_ENDIAN);
                    z.finish();
                };
                if (local) {
                    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                        c.writeTo(out);
                    }
                } else {
                    AtomicFiles.write(target, false, c);
                }
                compressedSize = Files.size(target);
            } else if (!local) {
                AtomicFiles.write(dataFile, false, out -> VoxelWriter.write(out, v.sliceMajor(), v.type(), ByteOrder.LITTLE_ENDIAN));
            }
            byte[] header = header(v, g, frameSpacing(image.calibration()), compress, compressedSize,
                    local ? "LOCAL" : dataFile.getFileName().toString())
                    .getBytes(StandardCharsets.ISO_8859_1);
            AtomicFiles.write(file, false, out -> {
                out.write(header);
                if (local && compress)
                    try (InputStream in = Files.newInputStream(tmp)) {
                        in.transferTo(out);
                    }
                else if (local)
                    VoxelWriter.write(out, v.sliceMajor(), v.type(), ByteOrder.LITTLE_ENDIAN);
            });
        } finally {
            if (tmp != null)
                Files.deleteIfExists(tmp);
        }
    }

    private static Geometry geometry(MedicalImage image) {
        if (image.geometry() != null)
            return image.geometry();
        Calibration c = image.calibration();
        return Geometry.aligned(c.spacing(), c.origin());
    }

    /** The fourth ElementSpacing: the frame interval in seconds (as it is where its unit is not a time unit), else 1. */
    static double frameSpacing(Calibration c) {
        if (!c.timed())
            return 1;
        double s = TimeUnits.seconds(c.frameInterval(), c.timeUnit());
        return Double.isFinite(s) && s > 0 ? s : c.frameInterval();
    }

    private static String header(Voxels v, Geometry g, double frameSpacing, boolean compress, long compressedSize, String dataFile) {
        double[][] d = g.direction();
        double[] s = g.spacing(), o = g.origin();
        boolean flat = v.slices() == 1 && v.frames() == 1 && o[2] == 0 && d[2][0] == 0 && d[2][1] == 0 && d[0][2] == 0
                && d[1][2] == 0 && d[2][2] == 1;
        int n = v.frames() > 1 ? 4 : flat ? 2 : 3;
        StringBuilder tm = new StringBuilder(), sp = new StringBuilder(), off = new StringBuilder(), size = new StringBuilder();
        long[] dims = {v.width(), v.height(), v.slices(), v.frames()};
        for (int axis = 0; axis < n; axis++) {
            for (int r = 0; r < n; r++)
                tm.append(TextHeader.number(axis < 3 && r < 3 ? d[r][axis] : axis == r ? 1 : 0)).append(' ');
            sp.append(TextHeader.number(axis < 3 ? s[axis] : frameSpacing)).append(' ');
            off.append(TextHeader.number(axis < 3 ? o[axis] : 0)).append(' ');
            size.append(dims[axis]).append(' ');
        }
        String type = switch (v.type()) {
            case UINT8 -> "MET_UCHAR";
            case UINT16 -> "MET_USHORT";
            default -> "MET_FLOAT";
        };
        StringBuilder h = new StringBuilder();
        h.append("ObjectType = Image\n").append("NDims = ").append(n).append('\n');
        h.append("BinaryData = True\nBinaryDataByteOrderMSB = False\n");
        h.append("CompressedData = ").append(compress ? "True" : "False").append('\n');
        if (compress)
            h.append("CompressedDataSize = ").append(compressedSize).append('\n');
        h.append("TransformMatrix = ").append(tm.toString().trim()).append('\n');
        h.append("Offset = ").append(off.toString().trim()).append('\n');
        h.append("ElementSpacing = ").append(sp.toString().trim()).append('\n');
        h.append("DimSize = ").append(size.toString().trim()).append('\n');
        h.append("ElementType = ").append(type).append('\n');
        h.append("ElementDataFile = ").append(dataFile).append('\n');
        return h.toString();
    }
}
