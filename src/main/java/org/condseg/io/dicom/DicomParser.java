package org.condseg.io.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

import org.condseg.model.OptionKey;
import org.condseg.model.InputException;

/**
 * A small, careful DICOM parser: the file meta group, then the data set in its transfer syntax
 * (implicit VR little-endian, explicit VR little- or big-endian), up to the pixel data. Sequences of
 * defined or undefined length are skipped (nesting limited); every length is checked against the file
 * before it is used. Compressed and deflated transfer syntaxes are refused by name. Files without the
 * 128-byte preamble are read as implicit VR little-endian where they start with a plausible tag.
 *
 * <pre>{@code
 * DicomSlice s = DicomParser.parse(Path.of("IM0001.dcm"));
 * }</pre>
 */
public final class DicomParser {

    static final String IMPLICIT_LE = "1.2.840.10008.1.2", EXPLICIT_LE = "1.2.840.10008.1.2.1", EXPLICIT_BE = "1.2.840.10008.1.2.2";
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    private static final int MAX_DEPTH = 16;
    private static final long UNDEFINED = 0xFFFFFFFFL;

    private DicomParser() {
    }

    /** Whether the file has the DICM magic after a 128-byte preamble. */
    public static boolean hasMagic(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(132);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill
            }
            return b.position() == 132 && b.get(128) == 'D' && b.get(129) == 'I' && b.get(130) == 'C' && b.get(131) == 'M';
        } catch (IOException e) {
            return false;
        }
    }

    public static DicomSlice parse(Path file) throws InputException {
        ByteBuffer buf;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE)
                throw new InputException(file, "DICOM files over 2 GiB are not supported");
            buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        } catch (IOException e) {
            throw new InputException(file, "cannot be read: " + e.getMessage(), e);
        }
        return new Parse(file, buf).run();
    }

    /** The transfer syntax's name for messages. */
    static String syntaxName(String uid) {
        if (uid.startsWith("1.2.840.10008.1.2.4.5") || uid.startsWith("1.2.840.10008.1.2.4.70")
                || uid.startsWith("1.2.840.10008.1.2.4.57") || uid.startsWith("1.2.840.10008.1.2.4.14"))
            return "JPEG";
        if (uid.startsWith("1.2.840.10008.1.2.4.8"))
            return "JPEG-LS";
        if (uid.startsWith("1.2.840.10008.1.2.4.9") || uid.startsWith("1.2.840.10008.1.2.4.20"))
            return "JPEG 2000";
        if (uid.startsWith("1.2.840.10008.1.2.4.10") || uid.startsWith("1.2.840.10008.1.2.4.11"))
            return "MPEG/HEVC video";
        if (uid.equals("1.2.840.10008.1.2.5"))
            return "RLE";
        if (uid.equals("1.2.840.10008.1.2.1.99"))
            return "deflated";
        return "unknown";
    }

    /** One parse of one file. */
    private static final class Parse {
        final Path file;
        final ByteBuffer b;
        boolean explicit = true;
        String seriesUid = "", description = "", seriesNumber = "", modality = "", photometric = "";
        int instance = Integer.MIN_VALUE, rows, columns, bitsAllocated, bitsStored, samples = 1, frames = 1;
        boolean signed;
        double[] position, orientation, pixelSpacing;
        double thickness = Double.NaN, between = Double.NaN, slope = 1, intercept = 0;
        long pixelOffset = -1, pixelLength;

        Parse(Path file, ByteBuffer b) {
            this.file = file;
            this.b = b.order(ByteOrder.LITTLE_ENDIAN);
        }

        DicomSlice run() throws InputException {
            int start = 0;
            if (b.limit() >= 132 && b.get(128) == 'D' && b.get(129) == 'I' && b.get(130) == 'C' && b.get(131) == 'M') {
                start = meta(132);
            } else {
                if (b.limit() < 8 || b.getShort(0) != 0x0008 && b.getShort(0) != 0x0002)
                    throw new InputException(file, "not a DICOM file (no DICM magic and no plausible first tag)");
                explicit = Character.isUpperCase(b.get(4)) && Character.isUpperCase(b.get(5));
                if (b.getShort(0) == 0x0002)
                    start = meta(0);
            }
            elements(start, b.limit(), 0, true);
            if (bitsStored == 0)
                bitsStored = bitsAllocated;
            return new DicomSlice(file, seriesUid, description, seriesNumber, modality, instance, position, orientation,
                    pixelSpacing, thickness, between, rows, columns, bitsAllocated, bitsStored, signed, samples, photometric,
                    frames, slope, intercept, pixelOffset, pixelLength, b.order());
        }

        /** The file meta group (always explicit VR little-endian); returns where the data set starts. */
        private int meta(int at) throws InputException {
            String syntax = null;
            int p = at;
            while (p + 8 <= b.limit() && Short.toUnsignedInt(b.getShort(p)) == 0x0002) {
                int element = Short.toUnsignedInt(b.getShort(p + 2));
                String vr = vr(p + 4);
                long len;
                int value;
                if (LONG_VRS.contains(vr)) {
                    need(p + 12, 0, 2, element);
                    len = Integer.toUnsignedLong(b.getInt(p + 8));
                    value = p + 12;
                } else {
                    len = Short.toUnsignedInt(b.getShort(p + 6));
                    value = p + 8;
                }
                need(value, len, 2, element);
                if (element == 0x0010)
                    syntax = string(value, (int) len);
                p = value + (int) len;
            }
            if (syntax == null || syntax.equals(EXPLICIT_LE)) {
                explicit = true;
            } else if (syntax.equals(IMPLICIT_LE)) {
                explicit = false;
            } else if (syntax.equals(EXPLICIT_BE)) {
                explicit = true;
                b.order(ByteOrder.BIG_ENDIAN);
            } else {
                throw new InputException(file, "uses the " + syntaxName(syntax) + " transfer syntax " + syntax
                        + "; only uncompressed DICOM is read (decompress it first, e.g. with gdcmconv or dcmdjpeg)");
            }
            return p;
        }

        /** Reads elements from {@code p} to {@code end}; in a nested item, stops at an item delimiter. */
        private int elements(int p, long end, int depth, boolean top) throws InputException {
            if (depth > MAX_DEPTH)
                throw new InputException(file, "sequences nested deeper than " + MAX_DEPTH);
            while (p + 8 <= end) {
                int group = Short.toUnsignedInt(b.getShort(p)), element = Short.toUnsignedInt(b.getShort(p + 2));
                if (group == 0xFFFE) {
                    long len = Integer.toUnsignedLong(b.getInt(p + 4));
                    if (element == 0xE00D || element == 0xE0DD)
                        return p + 8;
                    throw new InputException(file, "unexpected item tag (FFFE," + hex(element) + ") at byte " + p);
                }
                String vr = null;
                long len;
                int value;
                if (explicit && group != 0xFFFE) {
                    vr = vr(p + 4);
                    if (LONG_VRS.contains(vr)) {
                        need(p + 12, 0, group, element);
                        len = Integer.toUnsignedLong(b.getInt(p + 8));
                        value = p + 12;
                    } else {
                        len = Short.toUnsignedInt(b.getShort(p + 6));
                        value = p + 8;
                    }
                } else {
                    len = Integer.toUnsignedLong(b.getInt(p + 4));
                    value = p + 8;
                }
                if (top && group == 0x7FE0 && element == 0x0010) {
                    if (len == UNDEFINED)
                        throw new InputException(file, "holds encapsulated (compressed) pixel data; only uncompressed DICOM is read");
                    need(value, len, group, element);
                    pixelOffset = value;
                    pixelLength = len;
                    return value + (int) len;
                }
                if (len == UNDEFINED) {
                    boolean wasExplicit = explicit;
                    explicit = explicit && !"UN".equals(vr); // an undefined-length UN is an implicit VR sequence
                    p = sequence(value, end, depth + 1);
                    explicit = wasExplicit;
                    continue;
                }
                need(value, len, group, element);
                if ("SQ".equals(vr)) {
                    sequence(value, value + len, depth + 1);
                } else if (top) {
                    value(group, element, value, (int) len);
                }
                p = value + (int) len;
            }
            return p;
        }

        /** Skips a sequence's items; returns the position after it. */
        private int sequence(int p, long end, int depth) throws InputException {
            if (depth > MAX_DEPTH)
                throw new InputException(file, "sequences nested deeper than " + MAX_DEPTH);
            while (p + 8 <= end) {
                int group = Short.toUnsignedInt(b.getShort(p)), element = Short.toUnsignedInt(b.getShort(p + 2));
                long len = Integer.toUnsignedLong(b.getInt(p + 4));
                if (group != 0xFFFE)
                    throw new InputException(file, "bad sequence item tag (" + hex(group) + "," + hex(element) + ") at byte " + p);
                if (element == 0xE0DD)
                    return p + 8;
                if (element != 0xE000)
                    throw new InputException(file, "bad sequence item (FFFE," + hex(element) + ") at byte " + p);
                if (len == UNDEFINED) {
                    p = elements(p + 8, b.limit(), depth + 1, false);
                } else {
                    need(p + 8, len, group, element);
                    p = p + 8 + (int) len;
                }
            }
            return p;
        }

        private void value(int group, int element, int at, int len) throws InputException {
            switch (group << 16 | element) {
                case 0x0008_0060 -> modality = string(at, len);
                case 0x0008_103E -> description = string(at, len);
                case 0x0018_0050 -> thickness = number(at, len, "Slice Thickness");
                case 0x0018_0088 -> between = number(at, len, "Spacing Between Slices");
                case 0x0020_000E -> seriesUid = string(at, len);
                case 0x0020_0011 -> seriesNumber = string(at, len);
                case 0x0020_0013 -> instance = (int) number(at, len, "Instance Number");
                case 0x0020_0032 -> position = numbers(at, len, 3, "Image Position (Patient)");
                case 0x0020_0037 -> orientation = numbers(at, len, 6, "Image Orientation (Patient)");
                case 0x0028_0002 -> samples = us(at, len);
                case 0x0028_0004 -> photometric = string(at, len);
                case 0x0028_0008 -> frames = (int) number(at, len, "Number of Frames");
                case 0x0028_0010 -> rows = us(at, len);
                case 0x0028_0011 -> columns = us(at, len);
                case 0x0028_0030 -> pixelSpacing = numbers(at, len, 2, "Pixel Spacing");
                case 0x0028_0100 -> bitsAllocated = us(at, len);
                case 0x0028_0101 -> bitsStored = us(at, len);
                case 0x0028_0103 -> signed = us(at, len) == 1;
                case 0x0028_1052 -> intercept = number(at, len, "Rescale Intercept");
                case 0x0028_1053 -> slope = number(at, len, "Rescale Slope");
                default -> {
                }
            }
        }

        private void need(long at, long len, int group, int element) throws InputException {
            if (len == UNDEFINED || at + len > b.limit())
                throw new InputException(file, "element (" + hex(group) + "," + hex(element) + ") of " + len
                        + " bytes runs past the end of the file (truncated?)");
        }

        private String vr(int at) {
            return new String(new byte[] {b.get(at), b.get(at + 1)}, StandardCharsets.US_ASCII);
        }

        private String string(int at, int len) {
            byte[] s = new byte[len];
            b.get(at, s);
            return new String(s, StandardCharsets.ISO_8859_1).replace("\0", "").trim();
        }

        private int us(int at, int len) throws InputException {
            if (len < 2)
                throw new InputException(file, "bad US value of " + len + " bytes");
            return Short.toUnsignedInt(b.getShort(at));
        }

        private double number(int at, int len, String name) throws InputException {
            return numbers(at, len, 1, name)[0];
        }

        private double[] numbers(int at, int len, int n, String name) throws InputException {
            String[] parts = string(at, len).split("\\\\");
            if (parts.length < n)
                throw new InputException(file, name + " '" + string(at, len) + "' has fewer than " + n + " values");
            double[] v = new double[n];
            try {
                for (int i = 0; i < n; i++) {
                    v[i] = Double.parseDouble(parts[i].trim());
                    if (!Double.isFinite(v[i]))
                        throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new InputException(file, "bad " + name + " '" + string(at, len) + "'");
            }
            return v;
        }

        private static String hex(int v) {
            return String.format("%04X", v);
        }
    }
}
