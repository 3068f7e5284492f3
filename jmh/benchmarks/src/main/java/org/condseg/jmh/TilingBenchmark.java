package org.condseg.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.condseg.tiling.TileFunction;
import org.condseg.tiling.TileListener;
import org.condseg.tiling.TiledPredictor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Tiling a 3D 16-bit volume with an identity network (no engine): tile extraction into the reused
 * input array, Gaussian-weighted accumulation and the final write into the output image
 * ({@link TiledPredictor#predict}), with the 3D defaults of the segmenter: 64³ tiles, overlap 0.25,
 * sizes a multiple of 16. Divide the time by the volume's voxels for the cost per voxel.
 *
 * <pre>{@code
 * java -jar jmh/target/condseg-jmh.jar TilingBenchmark -p size=256x256x64
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class TilingBenchmark {

    /** The volume, x × y × z. */
    @Param({"128x128x64", "256x256x128"})
    public String size;

    private RandomAccessibleInterval<? extends RealType<?>> volume;
    private Img<FloatType> output;
    private final TiledPredictor predictor = new TiledPredictor(new long[] {64, 64, 64}, 0.25, 16);
    private final TileFunction identity = (input, shape) -> input;

    @Setup
    public void setUp() {
        String[] p = size.split("x");
        long[] dims = {Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2])};
        volume = org.condseg.segment.Benchmark.syntheticVolume(dims, 17).pixels();
        output = ArrayImgs.floats(dims);
    }

    @Benchmark
    public Img<FloatType> tiles() throws Exception {
        predictor.predict(List.of(volume), identity, List.of(output), TileListener.NONE, () -> false);
        return output;
    }
}
