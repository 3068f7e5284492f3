package org.condseg.io.medical;

import java.util.Arrays;

/**
 * Where a voxel grid lies in the world: spacing along each voxel axis (i, j, k), the position of
 * voxel (0, 0, 0), and the unit direction of each axis, in the LPS world that DICOM, ITK, MetaImage
 * and NRRD files use (x to the patient's left, y posterior, z superior). NIfTI's RAS affines are
 * converted with {@link #fromRas} and {@link #toRas}. The world position of voxel (i, j, k) is
 * {@code origin + direction · diag(spacing) · (i, j, k)}.
 *
 * <pre>{@code
 * Geometry g = Geometry.fromAffine(new double[][] {{0.8, 0, 0, -100}, {0, 0.8, 0, -120}, {0, 0, 5, 30}});
 * double[][] ras = g.toRas(); // {{-0.8, 0, 0, 100}, {0, -0.8, 0, 120}, {0, 0, 5, 30}}
 * }</pre>
 */
public record Geometry(double[] spacing, double[] origin, double[][] direction) {

    public Geometry {
        if (spacing.length != 3 || origin.length != 3 || direction.length != 3)
            throw new IllegalArgumentException("a geometry has 3 spacings, 3 origins and a 3x3 direction");
        for (double s : spacing)
            if (!(s > 0) || Double.isInfinite(s))
                throw new IllegalArgumentException("spacing " + Arrays.toString(spacing) + " is not positive");
        for (double o : origin)
            if (!Double.isFinite(o))
                throw new IllegalArgumentException("origin " + Arrays.toString(origin) + " is not finite");
        double[][] d = new double[3][];
        for (int r = 0; r < 3; r++) {
            if (direction[r].length != 3)
                throw new IllegalArgumentException("the direction matrix is 3x3");
            for (double v : direction[r])
                if (!Double.isFinite(v))
                    throw new IllegalArgumentException("direction " + Arrays.deepToString(direction) + " is not finite");
            d[r] = direction[r].clone();
        }
        spacing = spacing.clone();
        origin = origin.clone();
        direction = d;
    }

    /** Axis-aligned geometry (identity direction). */
    public static Geometry aligned(double[] spacing, double[] origin) {
        return new Geometry(spacing, origin, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
    }

    /** From a 3x4 affine (voxel index to LPS world); spacing is the length of each column. */
    public static Geometry fromAffine(double[][] a) {
        double[] spacing = new double[3];
        double[][] dir = new double[3][3];
        for (int c = 0; c < 3; c++) {
            double n = Math.sqrt(a[0][c] * a[0][c] + a[1][c] * a[1][c] + a[2][c] * a[2][c]);
            if (!(n > 0) || Double.isInfinite(n))
                throw new IllegalArgumentException("affine column " + c + " has length " + n);
            spacing[c] = n;
            for (int r = 0; r < 3; r++)
                dir[r][c] = a[r][c] / n;
        }
        return new Geometry(spacing, new double[] {a[0][3], a[1][3], a[2][3]}, dir);
    }

    /** From a 3x4 RAS affine, as NIfTI stores it. */
    public static Geometry fromRas(double[][] ras) {
        return fromAffine(flipXY(ras));
    }

    /** The 3x4 affine, voxel index to LPS world. */
    public double[][] affine() {
        double[][] a = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++)
                a[r][c] = direction[r][c] * spacing[c];
            a[r][3] = origin[r];
        }
        return a;
    }

    /** The 3x4 affine, voxel index to RAS world (NIfTI's). */
    public double[][] toRas() {
        return flipXY(affine());
    }

    @Override
    public double[] spacing() {
        return spacing.clone();
    }

    @Override
    public double[] origin() {
        return origin.clone();
    }

    @Override
    public double[][] direction() {
        return new double[][] {direction[0].clone(), direction[1].clone(), direction[2].clone()};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Geometry g && Arrays.equals(spacing, g.spacing) && Arrays.equals(origin, g.origin)
                && Arrays.deepEquals(direction, g.direction);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(spacing) * 31 + Arrays.deepHashCode(direction);
    }

    @Override
    public String toString() {
        return "Geometry[spacing=" + Arrays.toString(spacing) + ", origin=" + Arrays.toString(origin) + ", direction="
                + Arrays.deepToString(direction) + "]";
    }

    private static double[][] flipXY(double[][] a) {
        double[][] f = new double[3][4];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
                f[r][c] = r < 2 ? -a[r][c] : a[r][c];
        return f;
    }
}
