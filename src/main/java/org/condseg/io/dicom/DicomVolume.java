package org.condseg.io.dicom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.condseg.io.medical.Geometry;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.VoxelType;
import org.condseg.model.InputException;

/**
 * The slices of one series made into a volume: checked to agree (size, bits, orientation), sorted
 * along the normal, spaced, and read.
 *
 * <pre>{@code
 * MedicalImage m = DicomVolume.assemble(folder, slicesOfOneSeries, notes);
 * }</pre>
 */
final class DicomVolume {

    private DicomVolume() {
    }

    static MedicalImage assemble(Path path, List<DicomSlice> series, List<String> notes) throws InputException {
        DicomSlice first = series.get(0);
        for (DicomSlice s : series) {
            if (s.frames() > 1)
                throw new InputException(s.file(), "is a multi-frame DICOM file (" + s.frames() + " frames); not supported");
            if (s.samplesPerPixel() != 1)
                throw new InputException(s.file(), "is a colour DICOM image (" + s.samplesPerPixel()
                        + " samples per pixel, " + s.photometric() + "); only grey images are read as volumes");
            if (s.bitsAllocated() != 8 && s.bitsAllocated() != 16 && s.bitsAllocated() != 32)
                throw new InputException(s.file(), "has " + s.bitsAllocated() + " bits allocated; 8, 16 and 32 are read");
            if (s.bitsStored() < 1 || s.bitsStored() > s.bitsAllocated())
                throw new InputException(s.file(), "has " + s.bitsStored() + " bits stored in " + s.bitsAllocated());
            if (s.rows() != first.rows() || s.columns() != first.columns() || s.bitsAllocated() != first.bitsAllocated())
                throw new InputException(path, "slices " + first.file().getFileName() + " (" + first.columns() + "x" + first.rows()
                        + ", " + first.bitsAllocated() + " bits) and " + s.file().getFileName() + " (" + s.columns() + "x"
                        + s.rows() + ", " + s.bitsAllocated() + " bits) of one series differ");
            if ((long) s.rows() * s.columns() * (s.bitsAllocated() / 8) > s.pixelLength())
                throw new InputException(s.file(), "pixel data of " + s.pixelLength() + " bytes are shorter than " + s.columns()
                        + "x" + s.rows() + " pixels of " + s.bitsAllocated() + " bits");
        }
        if (first.photometric().equals("MONOCHROME1"))
            notes.add("MONOCHROME1: low values are shown bright by DICOM viewers; values are kept as stored");
        boolean rescaled = series.stream().anyMatch(DicomSlice::rescales);
        boolean signed = series.stream().anyMatch(DicomSlice::signed);
        VoxelType type = rescaled || signed || first.bitsAllocated() == 32 ? VoxelType.FLOAT32
                : first.bitsAllocated() == 8 ? VoxelType.UINT8 : VoxelType.UINT16;
        DicomReader.checkSize(path, first, series.size(), type);

        double[] normal = first.normal();
        boolean positioned = normal != null && series.stream().allMatch(s -> s.position() != null && s.orientation() != null);
        List<DicomSlice> sorted = new ArrayList<>(series);
        double dz;
        if (positioned) {
            for (DicomSlice s : series)
                if (!sameOrientation(s.orientation(), first.orientation()))
                    throw new InputException(path, "slices " + first.file().getFileName() + " and " + s.file().getFileName()
                            + " have different orientations " + Arrays.toString(first.orientation()) + " and "
                            + Arrays.toString(s.orientation()));
            sorted.sort(Comparator.comparingDouble(s -> dot(s.position(), normal)));
            dz = spacing(path, sorted, normal, notes);
        } else {
            sorted.sort(Comparator.comparingInt(DicomSlice::instanceNumber));
            dz = fallbackSpacing(first);
            notes.add("no Image Position/Orientation (Patient): slices ordered by Instance Number, spacing " + dz + " mm");
        }
        Geometry g = positioned ? DicomReader.geometry(sorted.get(0), normal, dz)
                : Geometry.aligned(new double[] {first.pixelSpacing() == null ? 1 : first.pixelSpacing()[1],
                    first.pixelSpacing() == null ? 1 : first.pixelSpacing()[0], dz}, new double[3]);
        if (first.pixelSpacing() == null)
            notes.add("no Pixel Spacing: 1 mm assumed");
        return DicomReader.image(DicomReader.voxels(sorted, type), g, notes);
    }

    private static double spacing(Path path, List<DicomSlice> sorted, double[] normal, List<String> notes) throws InputException {
        int n = sorted.size();
        if (n == 1)
            return fallbackSpacing(sorted.get(0));
        double firstZ = dot(sorted.get(0).position(), normal), lastZ = dot(sorted.get(n - 1).position(), normal);
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (int i = 1; i < n; i++) {
            double gap = dot(sorted.get(i).position(), normal) - dot(sorted.get(i - 1).position(), normal);
            min = Math.min(min, gap);
            max = Math.max(max, gap);
        }
        double mean = (lastZ - firstZ) / (n - 1);
        checkNotTilted(path, sorted, normal);
        if (min < 1e-4 * Math.max(1, mean))
            throw new InputException(path, "several slices share one position (" + countDuplicates(sorted, normal)
                    + " duplicates): several acquisitions or time points in one series are not supported");
        if (max - min > 0.01 * mean + 1e-3)
            notes.add(String.format("slice spacing varies from %.4g to %.4g mm; the volume uses the mean %.4g mm (not resampled)",
                    min, max, mean));
        return mean;
    }

    /**
     * Refuses a gantry-tilted series: slices whose positions drift across the slice plane as they go along
     * its normal. Read as an orthogonal stack, their voxels would lie elsewhere than the file says.
     */
    static void checkNotTilted(Path path, List<DicomSlice> sorted, double[] normal) throws InputException {
        double[] a = sorted.get(0).position(), b = sorted.get(sorted.size() - 1).position();
        double[] d = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
        double along = dot(d, normal);
        double across = Math.sqrt(Math.max(0, dot(d, d) - along * along));
        double degrees = Math.toDegrees(Math.atan2(across, Math.abs(along)));
        if (degrees > 0.5 && across > 0.01)
            throw new InputException(path, String.format(java.util.Locale.ROOT, "a gantry-tilted series (the slices drift %.1f° off "
                    + "their normal, %.1f mm over the stack): CondSeg reads orthogonal stacks only; resample it first "
                    + "(dcm2niix does, for example)", degrees, across));
    }

    private static int countDuplicates(List<DicomSlice> sorted, double[] normal) {
        int d = 0;
        for (int i = 1; i < sorted.size(); i++)
            if (Math.abs(dot(sorted.get(i).position(), normal) - dot(sorted.get(i - 1).position(), normal)) < 1e-4)
                d++;
        return d;
    }

    private static double fallbackSpacing(DicomSlice s) {
        if (s.spacingBetweenSlices() > 0)
            return s.spacingBetweenSlices();
        return s.sliceThickness() > 0 ? s.sliceThickness() : 1;
    }

    private static boolean sameOrientation(double[] a, double[] b) {
        for (int i = 0; i < 6; i++)
            if (Math.abs(a[i] - b[i]) > 1e-4)
                return false;
        return true;
    }

    private static double dot(double[] p, double[] n) {
        return p[0] * n[0] + p[1] * n[1] + p[2] * n[2];
    }
}
