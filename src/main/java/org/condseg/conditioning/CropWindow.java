package org.condseg.conditioning;

/**
 * A window in image coordinates, resampled onto a model grid. Coordinates are "edge" coordinates:
 * pixel {@code i} covers {@code [i, i+1)}. Along each axis the window covers {@code [left, left+size)}
 * and model pixel {@code u} samples the image at continuous pixel index
 * {@code left + (u + 0.5) * size / grid - 0.5}.
 *
 * <pre>{@code
 * CropWindow w = new CropWindow(new double[] {10, 20}, new double[] {64, 64}, new int[] {128, 128});
 * double px = w.imageIndex(0, 5.0); // x pixel index sampled by model column 5
 * }</pre>
 */
public record CropWindow(double[] left, double[] size, int[] grid) {

    public CropWindow {
        if (left.length != size.length || size.length != grid.length)
            throw new IllegalArgumentException("window of " + left.length + ", " + size.length + " and " + grid.length + " axes");
        for (int d = 0; d < size.length; d++)
            if (!(size[d] > 0) || grid[d] <= 0)
                throw new IllegalArgumentException("window axis " + d + " has size " + size[d] + " on grid " + grid[d]);
        left = left.clone();
        size = size.clone();
        grid = grid.clone();
    }

    /** A window centred on {@code centre} (edge coordinates) with the given sizes. */
    public static CropWindow centred(double[] centre, double[] size, int[] grid) {
        double[] left = new double[centre.length];
        for (int d = 0; d < left.length; d++)
            left[d] = centre[d] - size[d] / 2;
        return new CropWindow(left, size, grid);
    }

    /** The continuous pixel index sampled by model coordinate {@code u} along {@code axis}. */
    public double imageIndex(int axis, double u) {
        return left[axis] + (u + 0.5) * size[axis] / grid[axis] - 0.5;
    }

    /** The continuous model coordinate of image pixel index {@code i} along {@code axis}. */
    public double modelCoordinate(int axis, double i) {
        return (i + 0.5 - left[axis]) * grid[axis] / size[axis] - 0.5;
    }

    /** The edge coordinate of the centre of model pixel {@code u}. */
    public double modelPixelCentre(int axis, int u) {
        return left[axis] + (u + 0.5) * size[axis] / grid[axis];
    }

    /** The first image pixel whose centre lies in the window along {@code axis} (not clamped to the image). */
    public long firstPixel(int axis) {
        return (long) Math.ceil(left[axis] - 0.5);
    }

    /** One past the last image pixel whose centre lies in the window along {@code axis}. */
    public long endPixel(int axis) {
        return (long) Math.ceil(left[axis] + size[axis] - 0.5);
    }

    /** The number of model grid points. */
    public int gridPoints() {
        int n = 1;
        for (int g : grid)
            n *= g;
        return n;
    }
}
