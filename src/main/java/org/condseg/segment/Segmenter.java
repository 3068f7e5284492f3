package org.condseg.segment;

import java.util.function.BooleanSupplier;

import org.condseg.model.Conditioning;
import org.condseg.model.InputException;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.OptionKey;
import org.condseg.model.RunException;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;

/**
 * The one core entry point every front end calls.
 *
 * <pre>{@code
 * try (Network net = Models.open(spec, options, System.err::println)) {
 *     SegmentResult r = new Segmenter(spec, net).segment(request, Progress.NONE, () -> false);
 * }
 * }</pre>
 */
public final class Segmenter {

    private final ModelSpec spec;
    private final Network network;

    public Segmenter(ModelSpec spec, Network network) {
        this.spec = spec;
        this.network = network;
    }

    public ModelSpec spec() {
        return spec;
    }

    /**
     * Segments the request's image.
     *
     * @throws UsageException where the prompts do not fit the model or the image (outside it, missing)
     * @throws InputException where the image cannot be segmented by this model, or holds NaN or infinite values
     * @throws RunException where the engine fails
     * @throws java.util.concurrent.CancellationException where {@code cancelled} turned true
     */
    public SegmentResult segment(SegmentRequest request, Progress progress, BooleanSupplier cancelled)
            throws UsageException, InputException, RunException {
        PromptCheck.check(request, spec);
        FiniteCheck.check(request.image());
        Conditioning.Task task = spec.conditioning().task();
        if (!request.channels().isEmpty() && task != Conditioning.Task.NONE)
            throw new InputException(spec.folder(), "takes " + spec.input().channels() + " input channel(s) with its condition; "
                    + "several input images are for multi-modal models without a condition");
        for (Volume c : request.channels())
            FiniteCheck.check(c);
        if (request.options().tile() != null && task != Conditioning.Task.NONE)
            throw new UsageException(OptionKey.TILE.mark() + ": model " + spec.id() + " is not tiled (it runs on a window around "
                    + "each prompt or slice); a tile size is for models without a condition");
        int[] tile = request.options().tile();
        if (tile != null && tile.length != spec.spatialDims())
            throw new UsageException(OptionKey.TILE.mark() + " gives " + tile.length + " sizes; model " + spec.id() + " tiles " + spec.spatialDims()
                    + " axes (x,y" + (spec.spatialDims() == 3 ? ",z" : "") + ")");
        return switch (task) {
            case INTERACTIVE -> spec.conditioning().latent() != null
                    ? new ProbabilisticSegmenter(spec, network).segment(request, progress, cancelled)
                    : spec.spatialDims() == 3
                            ? new Interactive3dSegmenter(spec, network).segment(request, progress, cancelled)
                            : new InteractiveSegmenter(spec, network, request.options().maskChoice()).segment(request, progress, cancelled);
            case NONE -> new WholeImageSegmenter(spec, network).segment(request, progress, cancelled);
            case CLASS -> new ClassSegmenter(spec, network).segment(request, progress, cancelled);
            case REFINE -> new RefineSegmenter(spec, network).segment(request, progress, cancelled);
        };
    }
}
