package org.condseg.segment;

import org.condseg.model.OptionKey;
import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Conditioning;
import org.condseg.model.UsageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentRequest;
import org.condseg.model.Volume;

/**
 * Checks prompts against the image and the model before anything runs.
 *
 * <pre>{@code
 * PromptCheck.check(request, spec); // throws UsageException naming the prompt
 * }</pre>
 */
final class PromptCheck {

    private PromptCheck() {
    }

    static void check(SegmentRequest r, ModelSpec spec) throws UsageException {
        Volume v = r.image();
        for (Click c : r.prompts().clicks())
            if (c.x() < 0 || c.y() < 0 || c.z() < 0 || c.x() >= v.width() || c.y() >= v.height() || c.z() >= v.depth())
                throw new UsageException("point " + c.x() + "," + c.y() + "," + c.z() + " lies outside the "
                        + v.width() + "x" + v.height() + "x" + v.depth() + " image " + v.name());
        for (Box b : r.prompts().boxes())
            if (b.x() < 0 || b.y() < 0 || b.x() + b.width() > v.width() || b.y() + b.height() > v.height()
                    || b.z() + b.depth() > v.depth())
                throw new UsageException("box " + b.x() + "," + b.y() + "," + b.width() + "," + b.height()
                        + " (slices " + b.z() + ".." + (b.z() + b.depth() - 1) + ") leaves the " + v.width() + "x"
                        + v.height() + "x" + v.depth() + " image " + v.name());
        if (r.prompts().mask() != null) {
            var m = r.prompts().mask();
            if (m.numDimensions() != 3 || m.dimension(0) != v.width() || m.dimension(1) != v.height()
                    || m.dimension(2) != v.depth())
                throw new UsageException("the mask is not on the image's " + v.width() + "x" + v.height() + "x"
                        + v.depth() + " grid");
        }
        if (spec.conditioning().task() == Conditioning.Task.REFINE && r.prompts().mask() == null)
            throw new UsageException("model " + spec.id() + " refines a prior mask: give it with " + OptionKey.MASK.mark());
        boolean interactive = spec.conditioning().task() == Conditioning.Task.INTERACTIVE;
        if (interactive && r.prompts().spatiallyEmpty())
            throw new UsageException("model " + spec.id() + " needs a prompt: " + OptionKey.PROMPT.mark());
        if (interactive && r.prompts().boxes().isEmpty() && r.prompts().mask() == null
                && r.prompts().clicks().stream().noneMatch(Click::positive))
            throw new UsageException("model " + spec.id() + " needs a positive prompt; negative points alone select nothing");
    }
}
