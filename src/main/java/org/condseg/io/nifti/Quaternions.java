package org.condseg.io.nifti;

/**
 * NIfTI's qform: a rotation as a unit quaternion (a, b, c, d) with a ≥ 0 and a = sqrt(1 − b² − c² − d²),
 * spacing (pixdim[1..3]), qfac (the handedness of k), and offsets. The conversions follow nifti1_io.c
 * ({@code nifti_quatern_to_mat44} and {@code nifti_mat44_to_quatern}).
 *
 * <pre>{@code
 * double[][] a = Quaternions.toAffine(0, 0, 0, -90, -126, -72, 1, 1, 1, 1); // identity rotation, 1 mm
 * double[] q = Quaternions.fromAffine(a); // {b, c, d, x, y, z, dx, dy, dz, qfac}
 * }</pre>
 */
final class Quaternions {

    private Quaternions() {
    }

    static double[][] toAffine(double b, double c, double d, double qx, double qy, double qz, double dx, double dy,
            double dz, double qfac) {
        double a = 1.0 - (b * b + c * c + d * d);
        if (a < 1e-7) {
            a = 1.0 / Math.sqrt(b * b + c * c + d * d);
            b *= a;
            c *= a;
            d *= a;
            a = 0;
        } else {
            a = Math.sqrt(a);
        }
        double xd = dx > 0 ? dx : 1, yd = dy > 0 ? dy : 1, zd = dz > 0 ? dz : 1;
        if (qfac < 0)
            zd = -zd;
        return new double[][] {
            {(a * a + b * b - c * c - d * d) * xd, 2 * (b * c - a * d) * yd, 2 * (b * d + a * c) * zd, qx},
            {2 * (b * c + a * d) * xd, (a * a + c * c - b * b - d * d) * yd, 2 * (c * d - a * b) * zd, qy},
            {2 * (b * d - a * c) * xd, 2 * (c * d + a * b) * yd, (a * a + d * d - c * c - b * b) * zd, qz}};
    }

    /**
     * The quaternion of a 3x4 affine whose columns are orthogonal (any scaling): {b, c, d, qx, qy, qz,
     * dx, dy, dz, qfac}.
     */
    static double[] fromAffine(double[][] m) {
        double[] dxyz = new double[3];
        double[][] r = new double[3][3];
        for (int col = 0; col < 3; col++) {
            double n = Math.sqrt(m[0][col] * m[0][col] + m[1][col] * m[1][col] + m[2][col] * m[2][col]);
            dxyz[col] = n > 0 ? n : 1;
            for (int row = 0; row < 3; row++)
                r[row][col] = n > 0 ? m[row][col] / n : (row == col ? 1 : 0);
        }
        double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
        double qfac = 1;
        if (det < 0) {
            qfac = -1;
            for (int row = 0; row < 3; row++)
                r[row][2] = -r[row][2];
        }
        double a = r[0][0] + r[1][1] + r[2][2] + 1, b, c, d;
        if (a > 0.5) {
            a = 0.5 * Math.sqrt(a);
            b = 0.25 * (r[2][1] - r[1][2]) / a;
            c = 0.25 * (r[0][2] - r[2][0]) / a;
            d = 0.25 * (r[1][0] - r[0][1]) / a;
        } else {
            double xd = 1 + r[0][0] - (r[1][1] + r[2][2]), yd = 1 + r[1][1] - (r[0][0] + r[2][2]),
                    zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
            if (xd > 1) {
                b = 0.5 * Math.sqrt(xd);
                c = 0.25 * (r[0][1] + r[1][0]) / b;
                d = 0.25 * (r[0][2] + r[2][0]) / b;
                a = 0.25 * (r[2][1] - r[1][2]) / b;
            } else if (yd > 1) {
                c = 0.5 * Math.sqrt(yd);
                b = 0.25 * (r[0][1] + r[1][0]) / c;
                d = 0.25 * (r[1][2] + r[2][1]) / c;
                a = 0.25 * (r[0][2] - r[2][0]) / c;
            } else {
                d = 0.5 * Math.sqrt(zd);
                b = 0.25 * (r[0][2] + r[2][0]) / d;
                c = 0.25 * (r[1][2] + r[2][1]) / d;
                a = 0.25 * (r[1][0] - r[0][1]) / d;
            }
            if (a < 0) {
                b = -b;
                c = -c;
                d = -d;
            }
        }
        return new double[] {b, c, d, m[0][3], m[1][3], m[2][3], dxyz[0], dxyz[1], dxyz[2], qfac};
    }
}
