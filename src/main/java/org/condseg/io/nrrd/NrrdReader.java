package org.condseg.io.nrrd;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

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
 * Reads NRRD files: 2 or 3 spatial axes first, optionally one more non-spatial axis last (frames);
 * {@code raw} and {@code gzip} encodings ({@code text}, {@code hex} and {@code bzip2} are refused),
 * either endianness, data attached or in one detached file beside the header ({@code data file}; not
 * outside its folder), {@code byte skip} and {@code line skip}. The geometry comes from
 * {@code space directions} and {@code space origin}, converted to LPS where the space is RAS or LAS
 * (the calibration's origin is the file's own {@code space origin}); without a space, from
 * {@code spacings} (axis-aligned, orientation unknown). The frames' axis takes its interval from its
 * {@code spacings} value and its time unit from its {@code units} value. A leading non-spatial axis (interleaved
 * vectors or colours) is refused. The first axis is ImageJ's x; nothing is flipped.
 *
 * <pre>{@code
 * MedicalImage m = NrrdReader.read(Path.of("ct.nrrd"));
 * }</pre>
 */
public final class NrrdReader {

    private NrrdReader() {
    }

    public static MedicalImage read(Path file) throws InputException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            in.mark(8);
            byte[] magic = in.readNBytes(8);
            in.reset();
            if (magic.length < 8 || !new String(magic, 0, 7, java.nio.charset.StandardCharsets.ISO_8859_1).equals("NRRD000"))
                throw new InputException(file, "not a NRRD file (no NRRD000x magic)");
            TextHeader.Lines lines = TextHeader.lines(in, file, String::isEmpty, true);
            Map<String, String> f = new LinkedHashMap<>();
            for (String l : lines.lines().subList(1, lines.lines().size())) {
                if (l.startsWith("#") || l.isEmpty() || l.contains(":="))
                    continue;
                int colon = l.indexOf(": ");
                if (colon <= 0)
                    throw new InputException(file, "bad NRRD header line '" + l + "'");
                f.put(TextHeader.lower(l.substring(0, colon)), l.substring(colon + 2).trim());
            }
            return read(file, f, in, lines.bytes());
        } catch (IOException e) {
            throw new InputException(file, "cannot be read as NRRD: " + e.getMessage(), e);
        }
    }

    private static MedicalImage read(Path file, Map<String, String> f, InputStream attached, long headerBytes)
            throws InputException, IOException {
        int n = (int) TextHeader.longs(file, "dimension", require(f, "dimension", file), 1)[0];
        if (n < 1 || n > 16)
            throw new InputException(file, "dimension is " + n);
        long[] sizes = TextHeader.longs(file, "sizes", require(f, "sizes", file), n);
        DiskType type = type(require(f, "type", file), file);
        String encoding = TextHeader.lower(require(f, "encoding", file));
        boolean gzip = encoding.equals("gzip") || encoding.equals("gz");
        if (!gzip && !encoding.equals("raw"))
            throw new InputException(file, "NRRD encoding '" + encoding + "' is not supported (raw and gzip are)");
        ByteOrder order = f.containsKey("endian") && TextHeader.lower(f.get("endian")).equals("big") ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN;
        List<String> notes = new ArrayList<>();
        Space space = Space.parse(f, n, file, notes);
        int spatial = space.axes();
        if (spatial < 2 || spatial > 3 || n > spatial + 1)
            throw new InputException(file, "has " + n + " axes of which " + spatial
                    + " spatial; 2 or 3 spatial axes first (and at most one more, as frames) are supported");
        long w = sizes[0], h = sizes[1], z = spatial > 2 ? sizes[2] : 1, t = n > spatial ? sizes[n - 1] : 1;
        long planes = DataLimits.product(z, t);
        DataLimits.checkGrid(file, w, h, planes < 0 ? Long.MAX_VALUE : planes);
        long voxels = DataLimits.product(w, h, planes), bytes = DataLimits.product(voxels, type.bytes());

        Path dataPath = file;
        InputStream data = attached, detached = null;
        long available = Files.size(file) - headerBytes;
        try {
            String name = f.containsKey("data file") ? f.get("data file") : f.get("datafile");
            if (name != null) {
                if (name.startsWith("LIST") || name.contains("%") || name.contains(" "))
                    throw new InputException(file, "data file '" + name + "': multi-file NRRD is not supported");
                dataPath = TextHeader.dataFile(file, name);
                detached = new BufferedInputStream(Files.newInputStream(dataPath), 1 << 16);
                data = detached;
                available = Files.size(dataPath);
            }
            long lineSkip = f.containsKey("line skip") ? TextHeader.longs(file, "line skip", f.get("line skip"), 1)[0] : 0;
            for (long i = 0; i < lineSkip; i++) {
                int b;
                while ((b = data.read()) != '\n')
                    if (b < 0)
                        throw new InputException(file, "ends inside its line skip");
                    else
                        available--;
                available--;
            }
            long byteSkip = f.containsKey("byte skip") ? TextHeader.longs(file, "byte skip", f.get("byte skip"), 1)[0] : 0;
            if (byteSkip == -1 && !gzip)
                byteSkip = available - bytes;
            if (byteSkip < 0 || (!gzip && byteSkip > available))
                throw new InputException(file, "bad byte skip " + byteSkip);
            if (!gzip) {
                data.skipNBytes(byteSkip);
                available -= byteSkip;
            }
            DataLimits.checkData(dataPath, bytes, available, gzip, DataLimits.product(voxels, VoxelReader.memoryPerVoxel(type, false)));
            if (gzip) {
                data = new BufferedInputStream(new GZIPInputStream(data, 1 << 16), 1 << 16);
                data.skipNBytes(byteSkip);
            }
            VoxelReader.Planes p = VoxelReader.read(data, dataPath, type, order, (int) w, (int) h, (int) planes, 1, 0, notes);
            Voxels v = Voxels.fromSliceMajor((int) w, (int) h, (int) z, (int) t, 1, p.type(), p.planes());
            Calibration cal = n > spatial ? frames(f, n, space.calibration(), file) : space.calibration();
            return new MedicalImage(v, cal, space.geometry(), null, notes);
        } catch (java.io.EOFException e) {
            throw new InputException(file, "voxel data ends early (truncated file)", e);
        } finally {
            if (detached != null)
                detached.close();
        }
    }

    /**
     * The calibration with the frame interval of the last (non-spatial) axis: its {@code spacings} value, in
     * its {@code units} value (seconds where none is given).
     */
    private static Calibration frames(Map<String, String> f, int n, Calibration cal, Path file) throws InputException {
        String sp = f.get("spacings");
        if (sp == null)
            return cal;
        double dt = TextHeader.doubles(file, "spacings", sp.replaceAll("(?i)nan", "NaN"), n)[n - 1];
        if (!(dt > 0) || Double.isInfinite(dt))
            return cal;
        String unit = null;
        if (f.containsKey("units")) {
            List<String> units = quoted(f.get("units"));
            if (units.size() != n)
                throw new InputException(file, "units '" + f.get("units") + "' name " + units.size() + " axes, expected " + n);
            unit = units.get(n - 1);
        }
        return cal.withFrameInterval(dt, unit);
    }

    /** The double-quoted strings of a per-axis field ({@code \"} inside one is a quote), in order. */
    private static List<String> quoted(String field) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (cur == null) {
                if (c == '"')
                    cur = new StringBuilder();
            } else if (c == '\\' && i + 1 < field.length() && field.charAt(i + 1) == '"') {
                cur.append('"');
                i++;
            } else if (c == '"') {
                out.add(cur.toString());
                cur = null;
            } else {
                cur.append(c);
            }
        }
        return out;
    }

    static DiskType type(String t, Path file) throws InputException {
        return switch (TextHeader.lower(t)) {
            case "signed char", "int8", "int8_t" -> DiskType.INT8;
            case "uchar", "unsigned char", "uint8", "uint8_t" -> DiskType.UINT8;
            case "short", "short int", "signed short", "signed short int", "int16", "int16_t" -> DiskType.INT16;
            case "ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t" -> DiskType.UINT16;
            case "int", "signed int", "int32", "int32_t" -> DiskType.INT32;
            case "uint", "unsigned int", "uint32", "uint32_t" -> DiskType.UINT32;
            case "longlong", "long long", "long long int", "signed long long", "signed long long int", "int64", "int64_t" ->
                DiskType.INT64;
            case "ulonglong", "unsigned long long", "unsigned long long int", "uint64", "uint64_t" -> DiskType.UINT64;
            case "float" -> DiskType.FLOAT32;
            case "double" -> DiskType.FLOAT64;
            default -> throw new InputException(file, "NRRD type '" + t + "' is not supported");
        };
    }

    private static String require(Map<String, String> f, String key, Path file) throws InputException {
        String v = f.get(key);
        if (v == null || v.isBlank())
            throw new InputException(file, "NRRD header lacks '" + key + "'");
        return v;
    }

    /** The spatial part of a NRRD header. */
    private record Space(int axes, Geometry geometry, Calibration calibration) {

        static Space parse(Map<String, String> f, int n, Path file, List<String> notes) throws InputException {
            String space = f.containsKey("space") ? TextHeader.lower(f.get("space")) : null;
            String dirs = f.get("space directions");
            if (dirs == null) {
                double[] spacing = {1, 1, 1};
                int axes = Math.min(n, 3);
                String sp = f.get("spacings");
                if (sp != null) {
                    double[] v = TextHeader.doubles(file, "spacings", sp.replaceAll("(?i)nan", "NaN"), n);
                    axes = 0;
                    while (axes < Math.min(n, 3) && !Double.isNaN(v[axes])) {
                        spacing[axes] = v[axes] > 0 && Double.isFinite(v[axes]) ? v[axes] : 1;
                        axes++;
                    }
                }
                return new Space(axes, null, new Calibration(spacing, sp != null ? "mm" : "pixel", new double[3]));
            }
            double[] sign = {1, 1, 1};
            if (space != null)
                switch (space) {
                    case "left-posterior-superior", "lps" -> { }
                    case "right-anterior-superior", "ras" -> sign = new double[] {-1, -1, 1};
                    case "left-anterior-superior", "las" -> sign = new double[] {1, -1, 1};
                    default -> notes.add("NRRD space '" + space + "' taken as LPS");
                }
            String[] vectors = dirs.trim().split("\\s+(?=\\(|none)");
            if (vectors.length != n)
                throw new InputException(file, "space directions '" + dirs + "' name " + vectors.length + " axes, expected " + n);
            double[][] a = new double[3][4];
            int axes = 0;
            for (String vec : vectors) {
                if (vec.trim().equals("none"))
                    break;
                if (axes == 3)
                    throw new InputException(file, "more than 3 spatial axes in '" + dirs + "'");
                double[] d = TextHeader.doubles(file, "space directions", vec, -1);
                if (d.length < 2 || d.length > 3)
                    throw new InputException(file, "bad space direction '" + vec + "'");
                for (int r = 0; r < d.length; r++)
                    a[r][axes] = d[r] * sign[r];
                axes++;
            }
            for (int i = axes; i < vectors.length; i++)
                if (!vectors[i].trim().equals("none"))
                    throw new InputException(file, "a non-spatial axis comes before a spatial one in '" + dirs
                            + "' (interleaved vectors or colours are not supported)");
            if (axes == 2) {
                double[] c = {a[1][0] * a[2][1] - a[2][0] * a[1][1], a[2][0] * a[0][1] - a[0][0] * a[2][1],
                    a[0][0] * a[1][1] - a[1][0] * a[0][1]};
                double len = Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
                for (int r = 0; r < 3; r++)
                    a[r][2] = len > 0 ? c[r] / len : r == 2 ? 1 : 0;
            }
            double[] origin = new double[3];
            if (f.containsKey("space origin")) {
                double[] o = TextHeader.doubles(file, "space origin", f.get("space origin"), -1);
                for (int r = 0; r < Math.min(3, o.length); r++)
                    origin[r] = o[r];
            }
            for (int r = 0; r < 3; r++)
                a[r][3] = origin[r] * sign[r];
            Geometry g;
            try {
                g = Geometry.fromAffine(a);
            } catch (IllegalArgumentException e) {
                throw new InputException(file, "bad space directions '" + dirs + "': " + e.getMessage());
            }
            String unit = f.containsKey("space units") ? f.get("space units").replace("\"", "").trim().split("\\s+")[0] : "mm";
            return new Space(axes, g, new Calibration(g.spacing(), unit, origin));
        }
    }
}
