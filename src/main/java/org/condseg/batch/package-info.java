/**
 * Many cases through one loaded model: a folder or a CSV manifest becomes {@link org.condseg.batch.BatchCase}s,
 * {@link org.condseg.batch.CaseRunner} turns one case into its label image and provenance sidecar (the
 * reusable per-case function: input spec in, files out, never half written), and
 * {@link org.condseg.batch.BatchRun} runs cases on N workers sharing one network, resuming from the
 * sidecars of an earlier run, and reports progress as events. {@link org.condseg.batch.Shard} splits
 * cases by a stable hash of their id, so that schedulers (Slurm arrays, Spark) run parts of one batch
 * with the same outputs and resume semantics. Sits between {@code ij} (images by file) and the front ends.
 */
package org.condseg.batch;
