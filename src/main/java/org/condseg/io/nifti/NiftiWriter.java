package org.condseg.io.nifti;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.condseg.io.medical.AtomicFiles;
import org.condseg.io.medical.Geometry;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.TimeUnits;
import org.condseg.io.medical.VoxelWriter;
import org.condseg.io.medical.Voxels;
import org.condseg.model.Calibration;

/**
 * Writes NIfTI single files, gzip-compressed where the name ends in {@code .gz}, atomically, with the
 * voxels as they are held (uint8, uint16, float32, RGB24) and no scaling (slope 1, intercept 0).
 * <ul>
 * <li>Where the image carries a NIfTI header for its grid (an image made for a NIfTI input), the
 * output keeps that header's version and every geometry field: pixdim, qform and sform with their
 * codes, quaternion and offsets, srow, xyzt_units, dim_info and slice timing.</li>
 * <li>Else, where it has a world {@link Geometry} (from DICOM, MetaImage, NRRD), NIfTI-1 with qform
 * and sform set from it (code 1, scanner) in RAS.</li>
 * <li>Else, from the calibration alone: sform and qform (code 2, aligned) diagonal with the
 * calibration's spacing and origin, or codes 0 for an uncalibrated image.</li>
 * </ul>
 * In the last two cases an image of several frames gets the calibration's frame interval as pixdim[4]
 * with its time unit in xyzt_units (seconds where NIfTI has no code for the unit).
 * A label image gets intent {@code NIFTI_INTENT_LABEL} (1002). NIfTI-2 is written where a size
 * exceeds NIfTI-1's 32767.
 *
 * <pre>{@code
 * NiftiWriter.write(labels, true, Path.of("ct-labels.nii.gz"));
 * }</pre>
 */
public final class NiftiWriter {

    private NiftiWriter() {
    }

    public static void write(MedicalImage image, boolean labels, Path file) throws IOException {
        NiftiHeader h = header(image, labels);
        Voxels v = image.voxels();
        boolean gzip = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
        AtomicFiles.write(file, gzip, out -> {
            out.write(NiftiHeaderCodec.encode(h));
            VoxelWriter.write(out, v.sliceMajor(), v.type(), ByteOrder.LITTLE_ENDIAN);
        });
    }

    /** The header that {@link #write} writes for this image. */
    public static NiftiHeader header(MedicalImage image, boolean labels) {
        Voxels v = image.voxels();
        int datatype = switch (v.type()) {
            case UINT8 -> NiftiHeader.DT_UINT8;
            case UINT16 -> NiftiHeader.DT_UINT16;
            case FLOAT32 -> NiftiHeader.DT_FLOAT32;
            case RGB -> NiftiHeader.DT_RGB24;
        };
        int rank = v.channels() > 1 ? 5 : v.frames() > 1 ? 4 : v.slices() > 1 ? 3 : 2;
        NiftiHeader template = image.header() instanceof NiftiHeader n && n.size(1) == v.width() && n.size(2) == v.height()
                && n.size(3) == v.slices() ? n : null;
        if (template != null)
            rank = Math.max(rank, Math.min(template.rank(), 3));
        long[] all = {rank, v.width(), v.height(), v.slices(), v.frames(), v.channels()};
        long[] dims = Arrays.copyOf(all, rank + 1);
        boolean big = Arrays.stream(dims).anyMatch(d -> d > Short.MAX_VALUE);
        if (template == null)
            template = fromGeometry(image.geometry(), image.calibration(), big ? 2 : 1, v.frames() > 1);
        else if (big && template.version() == 1)
            template = toVersion2(template);
        return template.forImage(dims, datatype, labels);
    }

    private static NiftiHeader fromGeometry(Geometry g, Calibration cal, int version, boolean frames) {
        int code;
        double[][] ras;
        if (g != null) {
            code = NiftiHeader.XFORM_SCANNER;
            ras = g.toRas();
        } else {
            double[] s = cal.spacing(), o = cal.origin();
            code = cal.calibrated() || Arrays.stream(o).anyMatch(x -> x != 0) ? NiftiHeader.XFORM_ALIGNED : 0;
            ras = new double[][] {{s[0], 0, 0, o[0]}, {0, s[1], 0, o[1]}, {0, 0, s[2], o[2]}};
        }
        double[] q = Quaternions.fromAffine(ras);
        double[] pixdim = {q[9], q[6], q[7], q[8], 1, 1, 1, 1};
        int units = units(cal.unit());
        if (frames && cal.timed()) {
            double[] step = timeStep(cal.frameInterval(), cal.timeUnit());
            pixdim[4] = step[0];
            units |= (int) step[1];
        }
        NiftiHeader.Qform qform = new NiftiHeader.Qform(code, q[0], q[1], q[2], q[3], q[4], q[5]);
        NiftiHeader.Sform sform = new NiftiHeader.Sform(code, ras[0], ras[1], ras[2]);
        long[] dim = {3, 1, 1, 1, 1, 1, 1, 1};
        return new NiftiHeader(version, dim, NiftiHeader.DT_UINT8, 8, pixdim, 352, 1, 0, 0, 0, units, 0,
                NiftiHeader.Intent.NONE, NiftiHeader.Slicing.NONE, qform, sform, "", "");
    }

    /**
     * pixdim[4] and the xyzt_units time bits for a frame interval: in its own unit where NIfTI names it
     * (s, ms, µs, Hz, ppm, rad/s), else in seconds where it is a time unit, else as it is with no unit.
     */
    static double[] timeStep(double interval, String unit) {
        for (int code = 8; code <= 48; code += 8)
            if (unit.equals(NiftiReader.timeUnit(code)))
                return new double[] {interval, code};
        double perUnit = TimeUnits.secondsPer(unit);
        if (perUnit == 1)
            return new double[] {interval, 8};
        if (perUnit == 1e-3)
            return new double[] {interval, 16};
        if (perUnit == 1e-6)
            return new double[] {interval, 24};
        if (Double.isFinite(perUnit))
            return new double[] {interval * perUnit, 8};
        return new double[] {interval, 0};
    }

    private static NiftiHeader toVersion2(NiftiHeader h) {
        return new NiftiHeader(2, h.dim(), h.datatype(), h.bitpix(), h.pixdim(), 544, h.sclSlope(), h.sclInter(), h.calMax(),
                h.calMin(), h.xyztUnits(), h.dimInfo(), h.intent(), h.slicing(), h.qform(), h.sform(), h.descrip(), h.auxFile());
    }

    /** NIfTI's xyzt_units code for a length unit (0 where it is not one NIfTI names). */
    static int units(String unit) {
        return switch (unit) {
            case "m", "meter", "metre" -> 1;
            case "mm", "millimeter", "millimetre" -> 2;
            case "µm", "um", "micron", "microns", "micrometer", "\u03BCm" -> 3;
            default -> 0;
        };
    }
}
