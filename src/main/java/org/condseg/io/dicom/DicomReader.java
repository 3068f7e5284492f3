package org.condseg.io.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.condseg.io.medical.DataLimits;
import org.condseg.io.medical.Geometry;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.medical.Voxels;
import org.condseg.model.Calibration;
import org.condseg.model.InputException;

/**
 * Reads a DICOM series as one volume. Given a folder, it reads every DICOM image file in it (and in
 * its sub-folders), tells series apart by Series Instance UID and takes the one with the most slices
 * (saying so where there are several); given one file, it takes that file's series from the file's
 * folder. Slices are sorted by Image Position (Patient) projected on the slice normal (the cross
 * product of the two Image Orientation (Patient) directions); the slice spacing is the distance
 * between the first and last positions over the number of gaps (a note says where gaps vary); without
 * positions, slices follow Instance Number. Stored values are masked to Bits Stored, signed where
 * Pixel Representation says so, and rescaled by Rescale Slope/Intercept (CT in HU), giving 32-bit
 * float; unsigned unscaled data stay 8- or 16-bit. Column i is ImageJ's x, row j is y, and the sorted
 * slice index is z; the geometry is DICOM's LPS (origin: the first slice's position). Multi-frame
 * files and colour images are refused.
 *
 * <pre>{@code
 * MedicalImage ct = DicomReader.read(Path.of("CT-series/"));
 * }</pre>
 */
public final class DicomReader {

    /** The most files examined in one folder. */
    static final int MAX_FILES = 50_000;

    private DicomReader() {
    }

    public static MedicalImage read(Path path) throws InputException {
        List<String> notes = new ArrayList<>();
        List<DicomSlice> series = Files.isDirectory(path) ? fromFolder(path, notes) : fromFile(path);
        return DicomVolume.assemble(path, series, notes);
    }

    /** Whether a file looks like DICOM (the DICM magic after the preamble). */
    public static boolean isDicom(Path file) {
        return DicomParser.hasMagic(file);
    }

    private static List<DicomSlice> fromFile(Path file) throws InputException {
        DicomSlice first = DicomParser.parse(file);
        if (!first.hasPixels())
            throw new InputException(file, "is a DICOM file without an image (no pixel data)");
        List<DicomSlice> series = new ArrayList<>();
        series.add(first);
        if (first.seriesUid().isEmpty())
            return series;
        Path dir = file.toAbsolutePath().getParent();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s.limit(MAX_FILES)::iterator) {
                if (!Files.isRegularFile(p) || Files.isSameFile(p, file) || p.getFileName().toString().startsWith("."))
                    continue;
                try {
                    DicomSlice d = DicomParser.parse(p);
                    if (d.hasPixels() && d.seriesUid().equals(first.seriesUid()))
                        series.add(d);
                } catch (InputException e) {
                    // not part of this series
                }
            }
        } catch (IOException e) {
            throw new InputException(file, "cannot list its folder: " + e.getMessage(), e);
        }
        return series;
    }

    private static List<DicomSlice> fromFolder(Path dir, List<String> notes) throws InputException {
        Map<String, List<DicomSlice>> bySeries = new LinkedHashMap<>();
        int files = 0;
        String firstError = null;
        try (Stream<Path> s = Files.walk(dir, 8)) {
            List<Path> paths = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .limit(MAX_FILES + 1L).sorted().toList();
            if (paths.size() > MAX_FILES)
                throw new InputException(dir, "holds more than " + MAX_FILES + " files; give the folder of one series");
            for (Path p : paths) {
                files++;
                try {
                    DicomSlice d = DicomParser.parse(p);
                    if (d.hasPixels())
                        bySeries.computeIfAbsent(d.seriesUid(), k -> new ArrayList<>()).add(d);
                } catch (InputException e) {
                    if (firstError == null)
                        firstError = e.oneLine();
                }
            }
        } catch (IOException e) {
            throw new InputException(dir, "cannot be listed: " + e.getMessage(), e);
        }
        if (bySeries.isEmpty())
            throw new InputException(dir, "holds no readable DICOM image among its " + files + " file(s)"
                    + (firstError == null ? "" : " (first problem: " + firstError + ")"));
        List<DicomSlice> largest = bySeries.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        if (bySeries.size() > 1) {
            StringBuilder others = new StringBuilder();
            for (List<DicomSlice> l : bySeries.values())
                if (l != largest)
                    others.append(others.length() == 0 ? "" : "; ").append(describe(l));
            notes.add("the folder holds " + bySeries.size() + " series; read " + describe(largest)
                    + "; give one file of another to read it instead (" + others + ")");
        }
        return largest;
    }

    private static String describe(List<DicomSlice> series) {
        DicomSlice s = series.get(0);
        return "series " + (s.seriesNumber().isEmpty() ? "" : s.seriesNumber() + " ")
                + (s.seriesDescription().isEmpty() ? "" : "'" + s.seriesDescription() + "' ") + "(" + series.size()
                + " slice" + (series.size() == 1 ? "" : "s") + ", e.g. " + s.file().getFileName() + ")";
    }

    /** Reads one slice's stored values into a plane of the target type, rescaled where the type is float. */
    static Object pixels(DicomSlice s, VoxelType type) throws InputException {
        int n = s.rows() * s.columns(), bytes = s.bitsAllocated() / 8;
        if ((long) n * bytes > s.pixelLength())
            throw new InputException(s.file(), "pixel data of " + s.pixelLength() + " bytes are shorter than " + s.rows() + "x"
                    + s.columns() + " pixels of " + s.bitsAllocated() + " bits");
        ByteBuffer b;
        try (FileChannel ch = FileChannel.open(s.file(), StandardOpenOption.READ)) {
            b = ch.map(FileChannel.MapMode.READ_ONLY, s.pixelOffset(), (long) n * bytes).order(s.order());
        } catch (IOException e) {
            throw new InputException(s.file(), "cannot be read: " + e.getMessage(), e);
        }
        Object plane = type.newPlane(n);
        long mask = s.bitsStored() >= 32 ? 0xFFFFFFFFL : (1L << s.bitsStored()) - 1, sign = 1L << (s.bitsStored() - 1);
        for (int i = 0; i < n; i++) {
            long u = switch (bytes) {
                case 1 -> b.get(i) & 0xff;
                case 2 -> b.getShort(2 * i) & 0xffff;
                default -> b.getInt(4 * i) & 0xFFFFFFFFL;
            };
            u &= mask;
            if (s.signed() && (u & sign) != 0)
                u -= mask + 1;
            switch (type) {
                case UINT8 -> ((byte[]) plane)[i] = (byte) u;
                case UINT16 -> ((short[]) plane)[i] = (short) u;
                default -> ((float[]) plane)[i] = (float) (u * s.slope() + s.intercept());
            }
        }
        return plane;
    }

    /** Checks a series' size before any pixel is read. */
    static void checkSize(Path path, DicomSlice first, int slices, VoxelType type) throws InputException {
        DataLimits.checkGrid(path, first.columns(), first.rows(), slices);
        long voxels = (long) first.columns() * first.rows() * slices;
        DataLimits.checkData(path, 0, 0, false, DataLimits.product(voxels, type.bytes()));
    }

    /** The geometry of sorted slices: origin the first position, axes rows, columns, normal. */
    static Geometry geometry(DicomSlice first, double[] normal, double dz) {
        double[] o = first.orientation(), ps = first.pixelSpacing();
        double sx = ps == null ? 1 : ps[1], sy = ps == null ? 1 : ps[0];
        double[][] dir = {{o[0], o[3], normal[0]}, {o[1], o[4], normal[1]}, {o[2], o[5], normal[2]}};
        return new Geometry(new double[] {sx > 0 ? sx : 1, sy > 0 ? sy : 1, dz}, first.position(), dir);
    }

    /** Voxels of one plane type from sorted slices. */
    static Voxels voxels(List<DicomSlice> sorted, VoxelType type) throws InputException {
        List<Object> planes = new ArrayList<>(sorted.size());
        for (DicomSlice s : sorted)
            planes.add(pixels(s, type));
        DicomSlice f = sorted.get(0);
        return new Voxels(f.columns(), f.rows(), sorted.size(), 1, 1, type, planes);
    }

    /** Calibration shown in ImageJ: the geometry's spacing in mm and the first slice's position. */
    static Calibration calibration(Geometry g) {
        return new Calibration(g.spacing(), "mm", g.origin());
    }

    static MedicalImage image(Voxels v, Geometry g, List<String> notes) {
        return new MedicalImage(v, calibration(g), g, null, notes);
    }
}
