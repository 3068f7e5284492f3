package org.condseg.io.nifti;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.condseg.io.medical.AtomicFiles;
import org.condseg.io.medical.DataLimits;
import org.condseg.io.medical.DiskType;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.VoxelReader;
import org.condseg.io.medical.Voxels;
import org.condseg.model.Calibration;
import org.condseg.model.InputException;

/**
 * Reads NIfTI-1 and NIfTI-2 single files ({@code .nii}, and gzip-compressed {@code .nii.gz}, found by
 * their content), either byte order, 1D to 5D: dimensions 1–3 (i, j, k) become x, y, z with no
 * flipping, dimension 4 (t) frames and dimension 5 (u) channels; 6D and 7D are refused. Values are
 * scaled by {@code scl_slope}/{@code scl_inter} where the slope is set (not 0 or NaN) and either
 * differs from the identity; an infinite slope or intercept is refused (NaN means unset, as nibabel writes it). The header is kept whole in the image ({@link MedicalImage#header()}).
 * The calibration has pixdim[1..3] as spacing, the unit from {@code xyzt_units} (taken as mm where
 * unset but a qform or sform is), and the translation of the affine (RAS, as nibabel shows it) as
 * origin; where there are several frames, pixdim[4] is the frame interval in the time unit of
 * {@code xyzt_units} (seconds, with a note, where it names none; unset where it names none and pixdim[4] is
 * the default 1). Hostile headers (sizes below 1, data beyond the file or beyond what gzip can expand the
 * file to, a bad vox_offset) are refused before any voxel memory is allocated.
 *
 * <pre>{@code
 * MedicalImage ct = NiftiReader.read(Path.of("ct.nii.gz"));
 * NiftiHeader h = (NiftiHeader) ct.header();
 * }</pre>
 */
public final class NiftiReader {

    /** The largest vox_offset accepted in a compressed file (extensions are skipped by reading). */
    private static final long MAX_COMPRESSED_OFFSET = 1L << 26;

    private NiftiReader() {
    }

    /** Reads the header alone. */
    public static NiftiHeader readHeader(Path file) throws InputException {
        try (InputStream in = open(file)) {
            return header(in, file).header();
        } catch (IOException e) {
            throw new InputException(file, "cannot be read as NIfTI: " + e.getMessage(), e);
        }
    }

    public static MedicalImage read(Path file) throws InputException {
        try (InputStream in = open(file)) {
            boolean compressed = AtomicFiles.isGzip(file);
            Decoded decoded = header(in, file);
            NiftiHeader h = decoded.header();
            int headerSize = h.version() == 1 ? NiftiHeaderCodec.SIZE_1 : NiftiHeaderCodec.SIZE_2;
            DiskType type = h.diskType();
            if (type == null)
                throw new InputException(file, "NIfTI datatype " + h.datatype() + " (" + typeName(h.datatype())
                        + ") cannot be held by ImageJ; convert it to a real-valued type");
            long w = h.size(1), ht = h.size(2), z = h.size(3), t = h.size(4), c = h.size(5);
            long planes = DataLimits.product(z, t, c);
            DataLimits.checkGrid(file, w, ht, planes < 0 ? Long.MAX_VALUE : planes);
            long voxels = DataLimits.product(w, ht, planes);
            if (Double.isInfinite(h.sclSlope()) || Double.isInfinite(h.sclInter()))
                throw new InputException(file, "declares an infinite scl_slope/scl_inter (" + h.sclSlope() + ", " + h.sclInter()
                        + "); its values cannot be scaled");
            boolean scaled = type != DiskType.RGB24 && type != DiskType.RGBA32 && VoxelReader.scales(h.sclSlope(), h.sclInter());
            long fileSize = Files.size(file);
            DataLimits.checkData(file, DataLimits.product(voxels, type.bytes()), compressed ? fileSize : fileSize - Math.max(h.voxOffset(), headerSize + 4),
                    compressed, DataLimits.product(voxels, VoxelReader.memoryPerVoxel(type, scaled)));
            if (compressed && h.voxOffset() > MAX_COMPRESSED_OFFSET)
                throw new InputException(file, "bad vox_offset " + h.voxOffset() + " (extensions larger than 64 MiB)");
            List<String> notes = new ArrayList<>();
            long offset = h.voxOffset();
            if (offset == 0) {
                offset = headerSize + 4;
                notes.add("vox_offset unset (0); voxel data read from byte " + offset);
            }
            skip(in, offset - headerSize, file);
            if (h.bitpix() != NiftiHeader.bitpix(h.datatype()))
                notes.add("bitpix " + h.bitpix() + " disagrees with datatype " + h.datatype() + "; the datatype was used");
            VoxelReader.Planes p = VoxelReader.read(in, file, type, decoded.order(), (int) w, (int) ht, (int) planes, h.sclSlope(),
                    h.sclInter(), notes);
            Voxels v = Voxels.fromSliceMajor((int) w, (int) ht, (int) z, (int) t, (int) c, p.type(), p.planes());
            return new MedicalImage(v, calibration(h, notes), h.geometry(), h, notes);
        } catch (IOException e) {
            throw new InputException(file, "cannot be read as NIfTI: " + e.getMessage(), e);
        }
    }

    private record Decoded(NiftiHeader header, ByteOrder order) {
    }

    private static Decoded header(InputStream in, Path file) throws IOException, InputException {
        byte[] first = in.readNBytes(4);
        if (first.length < 4)
            throw new InputException(file, "is too short to be a NIfTI file");
        ByteOrder order = NiftiHeaderCodec.order(first, file);
        int size = java.nio.ByteBuffer.wrap(first).order(order).getInt();
        byte[] bytes = new byte[size];
        System.arraycopy(first, 0, bytes, 0, 4);
        if (in.readNBytes(bytes, 4, size - 4) < size - 4)
            throw new InputException(file, "ends inside its " + size + "-byte NIfTI header");
        NiftiHeader h = NiftiHeaderCodec.decode(bytes, file);
        check(h, file);
        return new Decoded(h, order);
    }

    private static void check(NiftiHeader h, Path file) throws InputException {
        long[] dim = h.dim();
        if (dim[0] < 1 || dim[0] > 7)
            throw new InputException(file, "dim[0] is " + dim[0] + "; a NIfTI image has 1 to 7 dimensions");
        for (int d = 1; d <= dim[0]; d++)
            if (dim[d] < 1)
                throw new InputException(file, "dim[" + d + "] is " + dim[d] + "; sizes must be at least 1");
        if (h.size(6) > 1 || h.size(7) > 1)
            throw new InputException(file, "has " + dim[0] + " dimensions (" + java.util.Arrays.toString(dim)
                    + "); 6D and 7D NIfTI images are not supported");
        long min = (h.version() == 1 ? NiftiHeaderCodec.SIZE_1 : NiftiHeaderCodec.SIZE_2) + 4;
        if (h.voxOffset() != 0 && h.voxOffset() < min)
            throw new InputException(file, "bad vox_offset " + h.voxOffset() + " (at least " + min + " in a single-file NIfTI-"
                    + h.version() + ")");
    }

    private static Calibration calibration(NiftiHeader h, List<String> notes) {
        double[] pixdim = h.pixdim(), spacing = new double[3];
        for (int d = 0; d < 3; d++) {
            double s = Math.abs(pixdim[d + 1]);
            spacing[d] = s > 0 && Double.isFinite(s) ? s : 1;
        }
        String unit = switch (h.xyztUnits() & 7) {
            case 1 -> "m";
            case 2 -> "mm";
            case 3 -> "µm";
            default -> null;
        };
        double[][] a = h.affine();
        if (unit == null && a != null) {
            unit = "mm";
            notes.add("xyzt_units unset; spacing taken as mm");
        }
        double[] origin = a == null ? new double[3] : new double[] {a[0][3], a[1][3], a[2][3]};
        for (int d = 0; d < 3; d++)
            if (!Double.isFinite(origin[d]))
                origin[d] = 0;
        Calibration cal = new Calibration(spacing, unit, origin);
        double dt = pixdim[4];
        if (h.size(4) < 2 || !(dt > 0) || !Double.isFinite(dt))
            return cal;
        String timeUnit = timeUnit(h.xyztUnits());
        if (timeUnit == null && dt == 1)
            return cal; // the default every writer puts, with no unit: no frame interval stated
        if (timeUnit == null) {
            timeUnit = Calibration.SECONDS;
            notes.add("xyzt_units names no time unit; the frame interval pixdim[4] = " + dt + " taken as seconds");
        }
        return cal.withFrameInterval(dt, timeUnit);
    }

    /** The unit of pixdim[4] that xyzt_units names (bits 3-5), or {@code null}. */
    static String timeUnit(int xyztUnits) {
        return switch (xyztUnits & 0x38) {
            case 8 -> "sec";
            case 16 -> "ms";
            case 24 -> "\u00b5s";
            case 32 -> "Hz";
            case 40 -> "ppm";
            case 48 -> "rad/s";
            default -> null;
        };
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return AtomicFiles.isGzip(file) ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    private static void skip(InputStream in, long n, Path file) throws IOException, InputException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0)
                    throw new InputException(file, "ends before vox_offset " + n);
                s = 1;
            }
            left -= s;
        }
    }

    static String typeName(int datatype) {
        return switch (datatype) {
            case 1 -> "binary";
            case NiftiHeader.DT_COMPLEX64 -> "complex64";
            case NiftiHeader.DT_FLOAT128 -> "float128";
            case NiftiHeader.DT_COMPLEX128 -> "complex128";
            case NiftiHeader.DT_COMPLEX256 -> "complex256";
            default -> "unknown";
        };
    }
}
