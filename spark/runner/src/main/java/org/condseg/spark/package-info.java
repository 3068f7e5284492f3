/**
 * The batch on Apache Spark ({@code condseg-spark.jar}), a front end beside {@code org.condseg.cli}:
 * {@link org.condseg.spark.SparkBatch} reads the cases on the driver with the batch package's
 * {@code Manifest}, splits them into partitions by {@code Shard}, and runs each partition on an
 * executor through {@code PartitionRunner} (the model opened once, the cases through {@code CaseRunner});
 * {@code CaseStaging} and {@code HadoopFiles} copy cases on Hadoop file systems in and out of local
 * folders; {@code ModelShipment} brings the model package to executors that lack it. Nothing here is
 * part of {@code condseg.jar} or the Fiji plugin.
 */
package org.condseg.spark;
