package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.condseg.Fixtures;
import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.model.Box;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.condseg.runtime.RecordingNetwork;
import org.junit.jupiter.api.Test;

import net.imglib2.Cursor;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * The two ways the interactive path runs its slices give the same image: beside the engine on a
 * helper thread, one slice per engine call (threads 1 on a machine with a core to spare), and inline
 * with several slices batched into one call (threads 0: the engine takes every core).
 */
class InteractiveBatchingTest {

    @Test
    void batchedInlineAndOverlappedRunsAgree() throws Exception {
        ModelSpec spec = ModelPackageReader.read(Fixtures.model("interactive-2d"));
        Volume v = Benchmark.syntheticVolume(new long[] {160, 144, 11}, 5);
        List<Box> boxes = new ArrayList<>();
        for (long z = 0; z < 11; z++)
            if (z != 4) // one slice without a prompt
                boxes.add(new Box(30 + z, 40, 60, 50, z, 1));
        boxes.add(new Box(100, 90, 40, 40, 7, 1)); // two objects on slice 7
        Prompts p = new Prompts(List.of(), boxes, null, null);
        SegmentResult[] results = new SegmentResult[2];
        int[] calls = new int[2];
        int[] threads = {1, 0};
        for (int i = 0; i < 2; i++) {
            try (Network net = Models.open(spec, SegmentOptions.defaults().withThreads(threads[i]), m -> { })) {
                RecordingNetwork rec = new RecordingNetwork(net);
                SegmentOptions o = SegmentOptions.defaults().withThreads(threads[i]);
                results[i] = new Segmenter(spec, rec).segment(new SegmentRequest(v, p, o), Progress.NONE, () -> false);
                calls[i] = rec.calls().size();
            }
        }
        if (Runtime.getRuntime().availableProcessors() > 1)
            assertEquals(10, calls[0], "one engine call per prompted slice beside the engine");
        assertEquals(2, calls[1], "11 rows in calls of at most 8 rows");
        assertEquals(0, differingLabels(results[0], results[1]));
        assertTrue(maxDifference(results[0], results[1]) < 1e-4);
        assertEquals(11, max(results[1]), "labels 1..11 in slice order");
    }

    @Test
    void batchesHoldWholeSlicesUpToTheRowLimit() {
        List<Map.Entry<Long, List<String>>> work = List.of(Map.entry(0L, List.of("a")), Map.entry(1L, List.of("b", "c")),
                Map.entry(2L, List.of("d", "e", "f", "g", "h", "i", "j", "k", "l")), Map.entry(3L, List.of("m")));
        var b = InteractiveSegmenter.batches(work, 1, 8);
        assertEquals(3, b.size());
        assertEquals(2, b.get(0).size()); // 3 rows; adding 9 would pass 8
        assertEquals(1, b.get(1).size()); // 9 rows: alone
        assertEquals(1, InteractiveSegmenter.batches(work, 4, 1).get(0).size());
    }

    private static long differingLabels(SegmentResult a, SegmentResult b) {
        Cursor<? extends RealType<?>> x = Views.flatIterable(a.labels()).cursor(), y = Views.flatIterable(b.labels()).cursor();
        long n = 0;
        while (x.hasNext())
            if (x.next().getRealDouble() != y.next().getRealDouble())
                n++;
        return n;
    }

    private static double maxDifference(SegmentResult a, SegmentResult b) {
        Cursor<? extends RealType<?>> x = Views.flatIterable(a.probabilities()).cursor(),
                y = Views.flatIterable(b.probabilities()).cursor();
        double m = 0;
        while (x.hasNext())
            m = Math.max(m, Math.abs(x.next().getRealDouble() - y.next().getRealDouble()));
        return m;
    }

    private static double max(SegmentResult r) {
        double m = 0;
        for (RealType<?> t : Views.flatIterable(r.labels()))
            m = Math.max(m, t.getRealDouble());
        return m;
    }

}
