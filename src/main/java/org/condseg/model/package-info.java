/**
 * Immutable values shared by every layer: what a model declares ({@link org.condseg.model.ModelSpec}),
 * what the user asks for ({@link org.condseg.model.Prompts}, {@link org.condseg.model.SegmentRequest})
 * and what comes back ({@link org.condseg.model.SegmentResult}), plus the checked exceptions that
 * carry the file and the reason of a failure. Nothing here does I/O or runs a network; every other
 * package may depend on this one and this one depends on none of them.
 */
package org.condseg.model;
