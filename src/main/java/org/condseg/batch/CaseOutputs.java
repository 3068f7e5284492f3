package org.condseg.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.condseg.model.ModelSpec;
import org.condseg.model.UsageException;

/**
 * Which outputs a batch writes for each case beside its label image, each named after the label
 * image: {@code <stem>-probabilities<ext>}, {@code <stem>-uncertainty<ext>} and {@code <stem>-samples<ext>}
 * (a generative model's sampled masks, one frame each), in the label image's format.
 *
 * <pre>{@code
 * CaseOutputs extra = new CaseOutputs(true, false, false);   // as batch --probabilities
 * Path p = extra.files(batchCase).get(0);                    // out/p001-labels-probabilities.nii.gz
 * }</pre>
 *
 * @param probabilities the foreground probability (32-bit)
 * @param uncertainty the binary entropy of the probability, in bits (32-bit)
 * @param sampleMasks the sampled masks of a generative model
 */
public record CaseOutputs(boolean probabilities, boolean uncertainty, boolean sampleMasks) implements java.io.Serializable {

    /** The label image alone. */
    public static final CaseOutputs LABELS = new CaseOutputs(false, false, false);

    /**
     * Refuses these outputs where the model cannot give them: sampled masks of a model that is not generative.
     *
     * @throws UsageException naming the model
     */
    public void check(ModelSpec spec) throws UsageException {
        if (sampleMasks && spec.conditioning().latent() == null)
            throw new UsageException("sample masks: model " + spec.id() + " is not a generative model");
    }

    /** The files of the outputs asked for, in the order probabilities, uncertainty, samples. */
    public List<Path> files(BatchCase c) {
        List<Path> out = new ArrayList<>();
        if (probabilities)
            out.add(named(c, "probabilities"));
        if (uncertainty)
            out.add(named(c, "uncertainty"));
        if (sampleMasks)
            out.add(named(c, "samples"));
        return out;
    }

    static Path named(BatchCase c, String what) {
        String name = c.output().getFileName().toString(), stem = BatchCase.stem(name);
        return c.output().resolveSibling(stem + "-" + what + name.substring(stem.length()));
    }

    /** What enters the request digest (empty for the label image alone, as before these outputs existed). */
    String text() {
        return equals(LABELS) ? "" : "\noutputs=" + (probabilities ? "p" : "") + (uncertainty ? "u" : "") + (sampleMasks ? "s" : "");
    }
}
