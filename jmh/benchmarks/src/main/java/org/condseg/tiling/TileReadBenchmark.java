package org.condseg.tiling;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * One 64³ tile of a 16-bit 256 × 256 × 128 volume read into floats, inside the volume and across its
 * corner (mirrored): {@link TileReader} (PrimitiveBlocks over the mirrored view, since 2026-12-03)
 * against the per-voxel RandomAccess loop it replaced, side by side.
 *
 * <pre>{@code
 * java -jar jmh/target/condseg-jmh.jar TileReadBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class TileReadBenchmark {

    private Img<UnsignedShortType> volume;
    private TileReader reader;
    private final float[] buffer = new float[64 * 64 * 64];
    private final Interval inside = new FinalInterval(new long[] {96, 96, 32}, new long[] {159, 159, 95});
    private final Interval corner = new FinalInterval(new long[] {-16, -16, -16}, new long[] {47, 47, 47});

    @Setup
    public void setUp() {
        volume = ArrayImgs.unsignedShorts(256, 256, 128);
        int i = 0;
        for (UnsignedShortType t : volume)
            t.set((i++ * 7919) & 0xfff);
        reader = new TileReader(List.of(volume), new long[] {64, 64, 64});
    }

    @Benchmark
    public float[] blocksInside() {
        reader.read(inside, buffer);
        return buffer;
    }

    @Benchmark
    public float[] blocksCorner() {
        reader.read(corner, buffer);
        return buffer;
    }

    @Benchmark
    public float[] perVoxelInside() {
        perVoxel(inside);
        return buffer;
    }

    @Benchmark
    public float[] perVoxelCorner() {
        perVoxel(corner);
        return buffer;
    }

    /** The loop TileReader had before: a mirrored index table per axis and one RandomAccess. */
    private void perVoxel(Interval tile) {
        long[][] source = new long[3][64];
        for (int d = 0; d < 3; d++)
            for (int i = 0; i < 64; i++)
                source[d][i] = TileReader.mirror(tile.min(d) + i, volume.dimension(d));
        RandomAccess<UnsignedShortType> ra = volume.randomAccess();
        int k = 0;
        for (long z : source[2]) {
            ra.setPosition(z, 2);
            for (long y : source[1]) {
                ra.setPosition(y, 1);
                for (long x : source[0]) {
                    ra.setPosition(x, 0);
                    buffer[k++] = ra.get().getRealFloat();
                }
            }
        }
    }
}
