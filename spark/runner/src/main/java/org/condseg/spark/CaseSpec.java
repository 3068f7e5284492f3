package org.condseg.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.condseg.batch.BatchCase;
import org.condseg.batch.CasePrompts;
import org.condseg.model.Box;
import org.condseg.model.Click;

/**
 * One case of a batch as it travels from the driver to an executor: the {@link BatchCase} with its
 * files named by text (a local path, or the URI of a file on a Hadoop file system) and its prompts as
 * numbers, so that it serialises without the core's types.
 *
 * <pre>{@code
 * CaseSpec s = CaseSpec.of(batchCase);                  // local paths, as the manifest gave them
 * BatchCase c = s.toCase(Path.of(s.input()), Path.of(s.output()), null);
 * }</pre>
 *
 * @param id the case id
 * @param input the input file or DICOM folder
 * @param channels a multi-modal model's further input files (paths or URIs), in channel order
 * @param output the label image to write; its sidecar lies beside it
 * @param mask the scribble or prior label image, or {@code null}
 * @param clicks {@code {x, y, z, 1 (positive) or 0}} per click
 * @param boxes {@code {x, y, width, height, z, depth}} per box
 * @param className the class, or {@code null}
 */
record CaseSpec(String id, String input, List<String> channels, String output, String mask, long[][] clicks, long[][] boxes,
        String className) implements Serializable {

    CaseSpec {
        channels = channels == null ? List.of() : new ArrayList<>(channels);
    }

    /** A case whose files are local paths, named as the manifest named them. */
    static CaseSpec of(BatchCase c) {
        return of(c, c.input().toString(), c.channels().stream().map(Path::toString).toList(), c.output().toString(),
                c.prompts().mask() == null ? null : c.prompts().mask().toString());
    }

    /** A case whose files are named {@code input}, {@code channels}, {@code output} and {@code mask} (paths or URIs). */
    static CaseSpec of(BatchCase c, String input, List<String> channels, String output, String mask) {
        CasePrompts p = c.prompts();
        long[][] clicks = new long[p.clicks().size()][];
        for (int i = 0; i < clicks.length; i++) {
            Click k = p.clicks().get(i);
            clicks[i] = new long[] {k.x(), k.y(), k.z(), k.positive() ? 1 : 0};
        }
        long[][] boxes = new long[p.boxes().size()][];
        for (int i = 0; i < boxes.length; i++) {
            Box b = p.boxes().get(i);
            boxes[i] = new long[] {b.x(), b.y(), b.width(), b.height(), b.z(), b.depth()};
        }
        return new CaseSpec(c.id(), input, channels, output, mask, clicks, boxes, p.className());
    }

    /** The case with its files at these local paths ({@code localMask} only where it has a mask), its channels where they are named. */
    BatchCase toCase(Path localInput, Path localOutput, Path localMask) {
        return toCase(localInput, channels.stream().map(Path::of).toList(), localOutput, localMask);
    }

    /** The case with its files at these local paths ({@code localMask} only where it has a mask). */
    BatchCase toCase(Path localInput, List<Path> localChannels, Path localOutput, Path localMask) {
        List<Click> cs = new ArrayList<>();
        for (long[] k : clicks)
            cs.add(new Click(k[0], k[1], k[2], k[3] != 0));
        List<Box> bs = new ArrayList<>();
        for (long[] b : boxes)
            bs.add(new Box(b[0], b[1], b[2], b[3], b[4], b[5]));
        return new BatchCase(id, localInput, localChannels, localOutput, new CasePrompts(cs, bs, localMask, className));
    }

    /** Whether any of the case's files is on a Hadoop file system rather than a local path. */
    boolean remote() {
        return Locations.isUri(input) || Locations.isUri(output) || (mask != null && Locations.isUri(mask))
                || channels.stream().anyMatch(Locations::isUri);
    }
}
