package org.condseg.batch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Part {@code index} (from 0) of {@code count} parts of a batch. A case belongs to the part given by the
 * first 8 bytes of the sha256 of its id (UTF-8), read as an unsigned big-endian number, modulo
 * {@code count}: stable across runs, machines and languages, and independent of the order of the cases,
 * so that every scheduler (a Slurm array, a Spark job) splits one manifest the same way.
 *
 * <pre>{@code
 * Shard s = Shard.parse("3/16");          // the 4th of 16 parts, e.g. $SLURM_ARRAY_TASK_ID/16
 * boolean mine = s.contains("patient-042");
 * }</pre>
 *
 * @param index the part, from 0 to {@code count - 1}
 * @param count the number of parts, at least 1
 */
public record Shard(int index, int count) {

    /** The whole batch. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count)
            throw new IllegalArgumentException("shard " + index + "/" + count + " is not I/N with 0 <= I < N");
    }

    /** Parses {@code I/N}. */
    public static Shard parse(String text) {
        String[] p = text.trim().split("/", -1);
        if (p.length != 2)
            throw new IllegalArgumentException("shard '" + text + "' is not I/N (e.g. 0/4)");
        try {
            return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard '" + text + "' is not I/N with whole numbers (e.g. 0/4)");
        }
    }

    /** The part a case id belongs to among {@code count} parts. */
    public static int partOf(String caseId, int count) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(caseId.getBytes(StandardCharsets.UTF_8));
            return (int) Long.remainderUnsigned(ByteBuffer.wrap(d, 0, 8).getLong(), count);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    public boolean contains(String caseId) {
        return count == 1 || partOf(caseId, count) == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
