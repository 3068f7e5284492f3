package org.condseg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.condseg.io.Models;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.model.UsageException;
import org.condseg.runtime.Network;
import org.condseg.segment.Benchmark;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code benchmark}: CondSeg's end-to-end time against ONNX Runtime alone on the same engine calls,
 * the click latency and the heap's peak. Prints a table and the lines {@code overhead: R},
 * {@code click-latency-ms: M}, {@code peak-heap-mb: H}.
 *
 * <pre>{@code
 * java -jar target/condseg.jar benchmark --model interactive-2d --size 512x512x16 --threads 2
 * }</pre>
 */
@Command(name = "benchmark", description = "Overhead over raw ONNX Runtime, click latency, peak heap.")
final class BenchmarkCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Option(names = "--model", defaultValue = "interactive-2d", paramLabel = "ID|PATH")
    String model;

    @Option(names = "--models", paramLabel = "DIR")
    Path modelsDir;

    @Option(names = "--size", defaultValue = "512x512x16", paramLabel = "WxH[xD]")
    String size;

    @Option(names = "--threads", defaultValue = "2")
    int threads;

    @Option(names = "--repeats", defaultValue = "5")
    int repeats;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or auto (the raw reference runs on the same device)")
    String device;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        long[] dims = parseSize(size);
        if (repeats < 1 || threads < 1 || threads > SegmentOptions.maxThreads() || repeats > 100_000)
            throw new UsageException("--repeats must be in 1..100000 and --threads in 1.." + SegmentOptions.maxThreads());
        PrintWriter out = cmd.commandLine().getOut();
        ModelSpec spec = Models.standard(modelsDir).find(model);
        Benchmark.Figures f;
        String on;
        try (Network net = Models.open(spec, SegmentOptions.defaults().withThreads(threads).withDevice(device),
                cmd.commandLine().getErr()::println)) {
            on = net.device();
            f = Benchmark.run(spec, net, dims, threads, repeats);
        }
        out.printf(Locale.ROOT, "model              %s (%s)%n", spec.id(), spec.conditioning().task().name().toLowerCase(Locale.ROOT));
        out.printf(Locale.ROOT, "image              %dx%dx%d, threads %d, repeats %d, Java %s, %d cores%n", dims[0], dims[1], dims[2],
                threads, repeats, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "device             %s%n", on);
        out.printf(Locale.ROOT, "engine calls       %d per run%n", f.engineCalls());
        out.printf(Locale.ROOT, "end-to-end         %.1f ms (median)%n", f.endToEndMs());
        out.printf(Locale.ROOT, "in Network.run     %.1f ms (median; DJL + ONNX Runtime)%n", f.inNetworkMs());
        out.printf(Locale.ROOT, "raw ONNX Runtime   %.1f ms (median of summed session.run on the same inputs)%n", f.rawEngineMs());
        out.printf(Locale.ROOT, "overhead: %.3f%n", f.overhead());
        if (!Double.isNaN(f.clickLatencyMs()))
            out.printf(Locale.ROOT, "click-latency-ms: %.1f%n", f.clickLatencyMs());
        out.printf(Locale.ROOT, "peak-heap-mb: %.0f%n", f.peakHeapMb());
        return 0;
    }

    static long[] parseSize(String s) throws UsageException {
        String[] p = s.toLowerCase(Locale.ROOT).split("x");
        if (p.length < 2 || p.length > 3)
            throw new UsageException("--size " + s + ": expected WxH or WxHxD");
        long[] d = {1, 1, 1};
        try {
            for (int i = 0; i < p.length; i++)
                d[i] = Long.parseLong(p[i]);
        } catch (NumberFormatException e) {
            throw new UsageException("--size " + s + ": expected whole numbers");
        }
        for (long v : d)
            if (v < 1 || v > 4096)
                throw new UsageException("--size " + s + ": each side must be 1 to 4096");
        return d;
    }
}
