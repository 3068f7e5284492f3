package org.condseg.io.metaimage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.InflaterInputStream;

import org.condseg.io.medical.DataLimits;
import org.condseg.io.medical.DiskType;
import org.condseg.io.medical.Geometry;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.TextHeader;
import org.condseg.io.medical.VoxelReader;
import org.condseg.io.medical.Voxels;
import org.condseg.model.Calibration;
import org.condseg.model.InputException;

/**
 * Reads MetaImage files: {@code NDims} 2 to 4 (the fourth axis as frames), one channel, binary data
 * in either byte order, zlib-compressed ({@code CompressedData = True}) or not, in the same file
 * ({@code ElementDataFile = LOCAL}) or in one file beside the header (not outside its folder;
 * {@code LIST} and file patterns are refused). {@code ElementSpacing}, {@code Offset} and
 * {@code TransformMatrix} (ITK's convention: the i-th group of values is the direction of axis i)
 * give the LPS geometry; the calibration shows the spacing in mm and the offset as origin, and in a
 * 4D image the fourth {@code ElementSpacing} as the frame interval, in seconds (MetaImage names no time
 * unit; seconds is what {@link MetaImageWriter} writes). Axes are not flipped: MetaImage's first axis is
 * ImageJ's x.
 *
 * <pre>{@code
 * MedicalImage m = MetaImageReader.read(Path.of("ct.mha"));
 * }</pre>
 */
public final class MetaImageReader {

    private MetaImageReader() {
    }

    public static MedicalImage read(Path file) throws InputException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            TextHeader.Lines lines = TextHeader.lines(in, file, l -> key(l).equals("elementdatafile"));
            Map<String, String> f = new LinkedHashMap<>();
            for (String l : lines.lines()) {
                int eq = l.indexOf('=');
                if (eq > 0)
                    f.put(key(l), l.substring(eq + 1).trim());
                else if (!l.isBlank())
                    throw new InputException(file, "bad MetaImage header line '" + l + "'");
            }
            return read(file, f, in, lines.bytes());
        } catch (IOException e) {
            throw new InputException(file, "cannot be read as MetaImage: " + e.getMessage(), e);
        }
    }

    private static MedicalImage read(Path file, Map<String, String> f, InputStream local, long headerBytes)
            throws InputException, IOException {
        if (f.containsKey("objecttype") && !TextHeader.lower(f.get("objecttype")).equals("image"))
            throw new InputException(file, "MetaImage ObjectType is '" + f.get("objecttype") + "', not Image");
        int n = (int) TextHeader.longs(file, "NDims", require(f, "ndims", file), 1)[0];
        if (n < 2 || n > 4)
            throw new InputException(file, "NDims is " + n + "; 2 to 4 are supported");
        long[] dims = TextHeader.longs(file, "DimSize", require(f, "dimsize", file), n);
        if (f.containsKey("elementnumberofchannels") && !f.get("elementnumberofchannels").trim().equals("1"))
            throw new InputException(file, "ElementNumberOfChannels " + f.get("elementnumberofchannels")
                    + ": multi-channel MetaImage is not supported");
        if (f.containsKey("binarydata") && !TextHeader.lower(f.get("binarydata")).equals("true"))
            throw new InputException(file, "ASCII MetaImage data (BinaryData = False) is not supported");
        DiskType type = type(require(f, "elementtype", file), file);
        ByteOrder order = msb(f) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean compressed = f.containsKey("compresseddata") && TextHeader.lower(f.get("compresseddata")).equals("true");
        long w = dims[0], h = dims[1], z = n > 2 ? dims[2] : 1, t = n > 3 ? dims[3] : 1;
        long planes = DataLimits.product(z, t);
        DataLimits.checkGrid(file, w, h, planes < 0 ? Long.MAX_VALUE : planes);
        long voxels = DataLimits.product(w, h, planes), bytes = DataLimits.product(voxels, type.bytes());

        String dataName = require(f, "elementdatafile", file);
        InputStream data = local;
        Path dataPath = file;
        long available = Files.size(file) - headerBytes;
        InputStream detached = null;
        try {
            if (!TextHeader.lower(dataName).equals("local")) {
                if (TextHeader.lower(dataName).startsWith("list") || dataName.contains("%") || dataName.trim().contains(" "))
                    throw new InputException(file, "ElementDataFile '" + dataName + "': multi-file MetaImage is not supported");
                dataPath = TextHeader.dataFile(file, dataName);
                detached = new BufferedInputStream(Files.newInputStream(dataPath), 1 << 16);
                data = detached;
                long skip = f.containsKey("headersize") ? TextHeader.longs(file, "HeaderSize", f.get("headersize"), 1)[0] : 0;
                long size = Files.size(dataPath);
                if (skip == -1 && !compressed)
                    skip = size - bytes;
                if (skip < 0 || skip > size)
                    throw new InputException(file, "bad HeaderSize " + skip + " for a data file of " + size + " bytes");
                data.skipNBytes(skip);
                available = size - skip;
            }
            if (compressed && f.containsKey("compresseddatasize"))
                available = Math.min(available, TextHeader.longs(file, "CompressedDataSize", f.get("compresseddatasize"), 1)[0]);
            DataLimits.checkData(dataPath, bytes, available, compressed,
                    DataLimits.product(voxels, VoxelReader.memoryPerVoxel(type, false)));
            if (compressed)
                data = new BufferedInputStream(new InflaterInputStream(data), 1 << 16);
            List<String> notes = new ArrayList<>();
            VoxelReader.Planes p = VoxelReader.read(data, dataPath, type, order, (int) w, (int) h, (int) planes, 1, 0, notes);
            Voxels v = Voxels.fromSliceMajor((int) w, (int) h, (int) z, (int) t, 1, p.type(), p.planes());
            Geometry g = geometry(f, n, file);
            Calibration cal = new Calibration(g.spacing(), "mm", g.origin());
            if (n == 4 && t > 1)
                cal = cal.withFrameInterval(frameInterval(f, file), Calibration.SECONDS);
            return new MedicalImage(v, cal, g, null, notes);
        } catch (java.io.EOFException e) {
            throw new InputException(file, "ends before its HeaderSize", e);
        } finally {
            if (detached != null)
                detached.close();
        }
    }

    private static Geometry geometry(Map<String, String> f, int n, Path file) throws InputException {
        int s = Math.min(n, 3);
        double[] spacing = {1, 1, 1}, origin = new double[3];
        String sp = f.containsKey("elementspacing") ? f.get("elementspacing") : f.get("elementsize");
        if (sp != null)
            System.arraycopy(TextHeader.doubles(file, "ElementSpacing", sp, n), 0, spacing, 0, s);
        String off = first(f, "offset", "origin", "position");
        if (off != null)
            System.arraycopy(TextHeader.doubles(file, "Offset", off, n), 0, origin, 0, s);
        double[][] dir = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        String tm = first(f, "transformmatrix", "rotation", "orientation");
        if (tm != null) {
            double[] m = TextHeader.doubles(file, "TransformMatrix", tm, n * n);
            for (int axis = 0; axis < s; axis++)
                for (int r = 0; r < s; r++)
                    dir[r][axis] = m[axis * n + r];
        }
        try {
            return new Geometry(spacing, origin, dir);
        } catch (IllegalArgumentException e) {
            throw new InputException(file, "bad geometry: " + e.getMessage());
        }
    }

    /** The fourth ElementSpacing value (seconds, the unit CondSeg writes; MetaImage names none), or 0 where unusable. */
    private static double frameInterval(Map<String, String> f, Path file) throws InputException {
        String sp = f.containsKey("elementspacing") ? f.get("elementspacing") : f.get("elementsize");
        if (sp == null)
            return 0;
        double dt = TextHeader.doubles(file, "ElementSpacing", sp, 4)[3];
        return dt > 0 && Double.isFinite(dt) ? dt : 0;
    }

    static DiskType type(String t, Path file) throws InputException {
        return switch (t.trim().toUpperCase(Locale.ROOT)) {
            case "MET_CHAR" -> DiskType.INT8;
            case "MET_UCHAR" -> DiskType.UINT8;
            case "MET_SHORT" -> DiskType.INT16;
            case "MET_USHORT" -> DiskType.UINT16;
            case "MET_INT", "MET_LONG" -> DiskType.INT32;
            case "MET_UINT", "MET_ULONG" -> DiskType.UINT32;
            case "MET_LONG_LONG" -> DiskType.INT64;
            case "MET_ULONG_LONG" -> DiskType.UINT64;
            case "MET_FLOAT" -> DiskType.FLOAT32;
            case "MET_DOUBLE" -> DiskType.FLOAT64;
            default -> throw new InputException(file, "ElementType '" + t + "' is not supported");
        };
    }

    private static boolean msb(Map<String, String> f) {
        String v = first(f, "binarydatabyteordermsb", "elementbyteordermsb");
        return v != null && TextHeader.lower(v).equals("true");
    }

    private static String first(Map<String, String> f, String... keys) {
        for (String k : keys)
            if (f.containsKey(k))
                return f.get(k);
        return null;
    }

    private static String require(Map<String, String> f, String key, Path file) throws InputException {
        String v = f.get(key);
        if (v == null || v.isBlank())
            throw new InputException(file, "MetaImage header lacks " + key);
        return v;
    }

    private static String key(String line) {
        int eq = line.indexOf('=');
        return TextHeader.lower(eq < 0 ? line : line.substring(0, eq));
    }
}
