package org.condseg.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One case of a batch: its id (unique in the batch; it decides the case's {@link Shard}), its input (a
 * file, or a DICOM series folder), the further input channels of a multi-modal model (files on the
 * input's grid, in the model's channel order after the first), the label image to write, and its prompts. The provenance sidecar
 * lies beside the output: the output's name with its image extension replaced by {@code .json}.
 *
 * <pre>{@code
 * BatchCase c = new BatchCase("p001", Path.of("in/p001.nii.gz"), Path.of("out/p001-labels.nii.gz"), CasePrompts.NONE);
 * Path json = c.sidecar();   // out/p001-labels.json
 * }</pre>
 */
public record BatchCase(String id, Path input, List<Path> channels, Path output, CasePrompts prompts) {

    /** A case with one input channel. */
    public BatchCase(String id, Path input, Path output, CasePrompts prompts) {
        this(id, input, List.of(), output, prompts);
    }

    public BatchCase {
        channels = channels == null ? List.of() : List.copyOf(channels);
        if (id == null || id.isBlank())
            throw new IllegalArgumentException("a case needs an id");
        if (input == null || output == null)
            throw new IllegalArgumentException("case " + id + " needs an input and an output");
        prompts = prompts == null ? CasePrompts.NONE : prompts;
    }

    /** The provenance sidecar: {@code <output without its extension>.json}. */
    public Path sidecar() {
        return output.resolveSibling(stem(output.getFileName().toString()) + ".json");
    }

    /** A file name without its image extension ({@code a.nii.gz} → {@code a}). */
    public static String stem(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".nii.gz"))
            return name.substring(0, name.length() - 7);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
