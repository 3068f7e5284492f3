/**
 * The inference engine behind one interface, {@link org.condseg.runtime.Network}: DJL with ONNX
 * Runtime on CPU (and CUDA where present), offline always. This is the only package that imports
 * {@code ai.djl} or {@code ai.onnxruntime}; one session per model, reused across tiles and images,
 * closed deterministically; a graph whose inputs differ from its description is refused on opening.
 */
package org.condseg.runtime;
