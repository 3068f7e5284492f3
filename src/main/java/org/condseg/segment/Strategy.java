package org.condseg.segment;

/**
 * How a {@link SegmentJob} runs its model over the image: one of four ways, chosen by the front end
 * from its options and checked against the model when the job runs. Serializable, for the executors of a
 * cluster.
 *
 * <pre>{@code
 * Strategy s = cascade > 0 ? new Strategy.Cascade(cascade) : propagate ? new Strategy.Propagate() : new Strategy.WholeImage();
 * }</pre>
 */
public sealed interface Strategy extends java.io.Serializable {

    /**
     * The job's one object (its prompts, possibly none) goes to the model at once: a model without a
     * condition or a class-conditional one over the whole image, an interactive one with all its prompts
     * (each box its own object, as the model's task defines).
     */
    record WholeImage() implements Strategy {
    }

    /**
     * Each object of the job on its own, its result the label {@code firstLabel + k} where no earlier
     * object is (interactive models; what an ImageJ user gets from several ROIs).
     */
    record PerObject(int firstLabel) implements Strategy {
        public PerObject {
            if (firstLabel < 1 || firstLabel > 65535)
                throw new IllegalArgumentException("first label " + firstLabel + " is not in 1..65535");
        }
    }

    /**
     * Each object's 2D prompt carried through the slices of the stack by the {@link Propagator}
     * (interactive 2D models), stopping where {@code ends} says; several objects get labels from
     * {@code firstLabel} as {@link PerObject}.
     */
    record Propagate(int firstLabel, Propagator.Ends ends) implements Strategy {
        public Propagate {
            if (firstLabel < 1 || firstLabel > 65535)
                throw new IllegalArgumentException("first label " + firstLabel + " is not in 1..65535");
            if (ends == null)
                throw new IllegalArgumentException("propagation needs its ends");
        }

        /** Propagation of the objects from label 1, with the default ends. */
        public Propagate() {
            this(1, Propagator.Ends.defaults());
        }

        /** Propagation from {@code firstLabel}, with the default ends. */
        public Propagate(int firstLabel) {
            this(firstLabel, Propagator.Ends.defaults());
        }
    }

    /**
     * A coarse pass over the image shrunk by {@code factor}, then full resolution only around what it
     * found (models without a condition; see {@link CascadeSegmenter}).
     */
    record Cascade(int factor) implements Strategy {
        public Cascade {
            if (factor < 2)
                throw new IllegalArgumentException("a cascade shrinks by 2 or more, not " + factor);
        }
    }
}
