package org.condseg.io.nifti;

import java.util.Arrays;

import org.condseg.io.medical.DiskType;
import org.condseg.io.medical.Geometry;
import org.condseg.io.medical.NativeHeader;

/**
 * Every field of a NIfTI-1 or NIfTI-2 header, held in NIfTI-2's precision (a NIfTI-1 float widened to
 * double narrows back to the same float, so a header read and written again is bit-for-bit the same
 * in its geometry). Voxel axis i is ImageJ's x, j is y and k is z; no axis is flipped, so a voxel's
 * (x, y, z) in ImageJ is its (i, j, k) index as nibabel shows it.
 *
 * <pre>{@code
 * NiftiHeader h = NiftiReader.readHeader(Path.of("ct.nii.gz"));
 * double[][] ras = h.affine(); // sform where sform_code > 0, else qform, else pixdim
 * NiftiHeader out = h.forImage(new long[] {3, 512, 512, 90}, NiftiHeader.DT_UINT8, true);
 * }</pre>
 *
 * @param version   1 or 2
 * @param dim       dim[0..7] (dim[0] the number of dimensions)
 * @param pixdim    pixdim[0..7] (pixdim[0] the qform's qfac, ±1)
 */
public record NiftiHeader(int version, long[] dim, int datatype, int bitpix, double[] pixdim, long voxOffset,
        double sclSlope, double sclInter, double calMax, double calMin, int xyztUnits, int dimInfo, Intent intent,
        Slicing slicing, Qform qform, Sform sform, String descrip, String auxFile) implements NativeHeader {

    public static final int DT_UINT8 = 2, DT_INT16 = 4, DT_INT32 = 8, DT_FLOAT32 = 16, DT_COMPLEX64 = 32,
            DT_FLOAT64 = 64, DT_RGB24 = 128, DT_INT8 = 256, DT_UINT16 = 512, DT_UINT32 = 768, DT_INT64 = 1024,
            DT_UINT64 = 1280, DT_FLOAT128 = 1536, DT_COMPLEX128 = 1792, DT_COMPLEX256 = 2048, DT_RGBA32 = 2304;

    /** {@code NIFTI_INTENT_LABEL}: voxel values are labels. */
    public static final int INTENT_LABEL = 1002;

    /** {@code NIFTI_XFORM_SCANNER_ANAT} and {@code NIFTI_XFORM_ALIGNED_ANAT}. */
    public static final int XFORM_SCANNER = 1, XFORM_ALIGNED = 2;

    /** intent_code, intent_name and its three parameters. */
    public record Intent(int code, String name, double p1, double p2, double p3) {
        public static final Intent NONE = new Intent(0, "", 0, 0, 0);
    }

    /** Slice acquisition: slice_start, slice_end, slice_code, slice_duration, and toffset. */
    public record Slicing(long start, long end, int code, double duration, double toffset) {
        public static final Slicing NONE = new Slicing(0, 0, 0, 0, 0);
    }

    /** qform_code, the quaternion (b, c, d) and the offsets; qfac is pixdim[0]. */
    public record Qform(int code, double b, double c, double d, double x, double y, double z) {
    }

    /** sform_code and the three rows srow_x, srow_y, srow_z (four values each). */
    public record Sform(int code, double[] x, double[] y, double[] z) {
        public Sform {
            if (x.length != 4 || y.length != 4 || z.length != 4)
                throw new IllegalArgumentException("sform rows have 4 values");
            x = x.clone();
            y = y.clone();
            z = z.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] y() {
            return y.clone();
        }

        @Override
        public double[] z() {
            return z.clone();
        }

        double[][] rows() {
            return new double[][] {x.clone(), y.clone(), z.clone()};
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sform s && s.code == code && Arrays.equals(s.x, x) && Arrays.equals(s.y, y) && Arrays.equals(s.z, z);
        }

        @Override
        public int hashCode() {
            return code + 31 * (Arrays.hashCode(x) + 31 * (Arrays.hashCode(y) + 31 * Arrays.hashCode(z)));
        }
    }

    public NiftiHeader {
        if (version != 1 && version != 2)
            throw new IllegalArgumentException("NIfTI version is 1 or 2, got " + version);
        if (dim.length != 8 || pixdim.length != 8)
            throw new IllegalArgumentException("dim and pixdim have 8 entries");
        dim = dim.clone();
        pixdim = pixdim.clone();
        descrip = descrip == null ? "" : descrip;
        auxFile = auxFile == null ? "" : auxFile;
    }

    @Override
    public String format() {
        return "NIfTI-" + version;
    }

    @Override
    public long[] dim() {
        return dim.clone();
    }

    @Override
    public double[] pixdim() {
        return pixdim.clone();
    }

    /** The number of dimensions, dim[0]. */
    public int rank() {
        return (int) dim[0];
    }

    /** The size along dimension {@code d} (1-based as in the header), 1 beyond the rank. */
    public long size(int d) {
        return d <= dim[0] ? dim[d] : 1;
    }

    /** The qform's qfac: -1 where pixdim[0] is negative, else 1. */
    public double qfac() {
        return pixdim[0] < 0 ? -1 : 1;
    }

    /** The element type on disk, or {@code null} for types ImageJ cannot hold (complex, float128, binary). */
    public DiskType diskType() {
        return switch (datatype) {
            case DT_UINT8 -> DiskType.UINT8;
            case DT_INT8 -> DiskType.INT8;
            case DT_INT16 -> DiskType.INT16;
            case DT_UINT16 -> DiskType.UINT16;
            case DT_INT32 -> DiskType.INT32;
            case DT_UINT32 -> DiskType.UINT32;
            case DT_INT64 -> DiskType.INT64;
            case DT_UINT64 -> DiskType.UINT64;
            case DT_FLOAT32 -> DiskType.FLOAT32;
            case DT_FLOAT64 -> DiskType.FLOAT64;
            case DT_RGB24 -> DiskType.RGB24;
            case DT_RGBA32 -> DiskType.RGBA32;
            default -> null;
        };
    }

    /** The qform as a 3x4 RAS affine (nifti1_io's {@code nifti_quatern_to_mat44}). */
    public double[][] qformAffine() {
        return Quaternions.toAffine(qform.b, qform.c, qform.d, qform.x, qform.y, qform.z, pixdim[1], pixdim[2], pixdim[3], qfac());
    }

    /** The sform as a 3x4 RAS affine. */
    public double[][] sformAffine() {
        return sform.rows();
    }

    /**
     * The voxel-to-RAS affine nibabel reports: the sform where sform_code &gt; 0, else the qform where
     * qform_code &gt; 0, else {@code null} (no orientation stated).
     */
    public double[][] affine() {
        if (sform.code > 0)
            return sformAffine();
        if (qform.code > 0)
            return qformAffine();
        return null;
    }

    /** The world geometry (LPS), or {@code null} where neither sform nor qform is set or valid. */
    public Geometry geometry() {
        double[][] a = affine();
        if (a == null)
            return null;
        try {
            return Geometry.fromRas(a);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A header for another image on this header's grid: the same geometry fields (pixdim, qform,
     * sform, codes, units, dim_info, slice timing), the given dimensions and data type, no scaling
     * (slope 1, intercept 0), no display range, and the label intent where {@code labels}.
     *
     * @param dims dim[0..n] of the new image (dim[0] its number of dimensions)
     */
    public NiftiHeader forImage(long[] dims, int datatype, boolean labels) {
        long[] d = new long[8];
        Arrays.fill(d, 1);
        System.arraycopy(dims, 0, d, 0, dims.length);
        Intent in = labels ? new Intent(INTENT_LABEL, "labels", 0, 0, 0) : Intent.NONE;
        return new NiftiHeader(version, d, datatype, bitpix(datatype), pixdim, version == 1 ? 352 : 544, 1, 0, 0, 0,
                xyztUnits, dimInfo, in, slicing, qform, sform, labels ? "CondSeg labels" : "CondSeg", "");
    }

    /** bitpix of a data type. */
    public static int bitpix(int datatype) {
        return switch (datatype) {
            case DT_UINT8, DT_INT8 -> 8;
            case DT_INT16, DT_UINT16 -> 16;
            case DT_RGB24 -> 24;
            case DT_INT32, DT_UINT32, DT_FLOAT32, DT_RGBA32 -> 32;
            case DT_INT64, DT_UINT64, DT_FLOAT64, DT_COMPLEX64 -> 64;
            case DT_FLOAT128, DT_COMPLEX128 -> 128;
            case DT_COMPLEX256 -> 256;
            default -> 0;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NiftiHeader h && h.version == version && Arrays.equals(h.dim, dim) && h.datatype == datatype
                && h.bitpix == bitpix && Arrays.equals(h.pixdim, pixdim) && h.voxOffset == voxOffset
                && Double.compare(h.sclSlope, sclSlope) == 0 && Double.compare(h.sclInter, sclInter) == 0
                && Double.compare(h.calMax, calMax) == 0 && Double.compare(h.calMin, calMin) == 0 && h.xyztUnits == xyztUnits
                && h.dimInfo == dimInfo && h.intent.equals(intent) && h.slicing.equals(slicing) && h.qform.equals(qform)
                && h.sform.equals(sform) && h.descrip.equals(descrip) && h.auxFile.equals(auxFile);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dim) * 31 + Arrays.hashCode(pixdim) + qform.hashCode();
    }

    @Override
    public String toString() {
        return format() + "[dim=" + Arrays.toString(dim) + ", datatype=" + datatype + ", pixdim=" + Arrays.toString(pixdim)
                + ", qform=" + qform + ", sform_code=" + sform.code + "]";
    }
}
