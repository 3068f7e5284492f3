package org.condseg.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.condseg.batch.BatchCase;
import org.condseg.batch.BatchListener;
import org.condseg.batch.BatchReport;
import org.condseg.batch.BatchRun;
import org.condseg.batch.CaseResult;
import org.condseg.batch.CaseOutputs;
import org.condseg.batch.CaseRunner;
import org.condseg.refine.Refinement;
import org.condseg.batch.MemoryBudget;
import org.condseg.batch.StaleFiles;
import org.condseg.io.Models;
import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.model.UsageException;
import org.condseg.runtime.Network;
import org.condseg.runtime.Offline;
import org.condseg.segment.JobRunner;
import org.condseg.segment.Strategy;

/**
 * The work of one Spark partition, on an executor: opens the model once, runs the partition's cases
 * one after another through one {@link CaseRunner} (as {@code batch --jobs 1} would, with its
 * out-of-memory retry), and returns one outcome per case. A case's failure is its outcome, never the
 * task's; a model that does not open here fails the partition's cases (exit code 5: run again), not
 * the job. Cancelling the job (its tasks are interrupted) stops the case in flight between tiles.
 *
 * <pre>{@code
 * List<CaseOutcome> outcomes = rdd.mapPartitions(new PartitionRunner(model, options, 0, resume, files)).collect();
 * }</pre>
 */
final class PartitionRunner implements FlatMapFunction<Iterator<CaseSpec>, CaseOutcome> {

    private static final long serialVersionUID = 1L;
    private static MemoryBudget budget;

    private final ModelShipment model;
    private final int threads;
    private final org.condseg.model.Device device;
    private final double overlap;
    private final int samples;
    private final long seed;
    private final boolean tta;
    private final int[] tile;
    private final org.condseg.model.MaskChoice maskChoice;
    private final Strategy strategy;
    private final String refine;
    private final CaseOutputs extra;
    private final boolean resume;
    private final HadoopFiles files;

    /**
     * @param strategy whole image, cascade or propagation (as {@code --cascade}, {@code --propagate})
     * @param refine the refinement steps (as {@code --refine}), or null for none
     * @param extra the outputs beside each case's labels (as {@code --probabilities}, {@code --uncertainty}, {@code --sample-masks})
     */
    PartitionRunner(ModelShipment model, SegmentOptions options, Strategy strategy, String refine, CaseOutputs extra, boolean resume,
            HadoopFiles files) {
        this.extra = extra;
        this.model = model;
        this.threads = options.threads();
        this.device = options.device();
        this.overlap = options.overlap();
        this.samples = options.samples();
        this.seed = options.seed();
        this.tta = options.tta();
        this.tile = options.tile();
        this.maskChoice = options.maskChoice();
        this.strategy = strategy;
        this.refine = refine;
        this.resume = resume;
        this.files = files;
    }

    @Override
    public Iterator<CaseOutcome> call(Iterator<CaseSpec> partition) throws IOException {
        List<CaseSpec> specs = new ArrayList<>();
        partition.forEachRemaining(specs::add);
        if (specs.isEmpty())
            return List.<CaseOutcome>of().iterator();
        Offline.ensure();
        TaskContext task = TaskContext.get();
        BooleanSupplier cancelled = () -> task != null && task.isInterrupted();
        SegmentOptions options = new SegmentOptions(threads, device, overlap, samples, seed, tta, tile, maskChoice);
        ModelSpec spec;
        try {
            spec = Models.standard(null).find(model.folderHere().toString());
        } catch (ModelPackageException | IOException e) {
            return failAll(specs, "the model did not load on this executor: " + e.getMessage());
        }
        Map<String, CaseSpec> byId = new HashMap<>();
        List<BatchCase> cases = new ArrayList<>(), local = new ArrayList<>();
        for (CaseSpec s : specs) {
            byId.put(s.id(), s);
            // a stand-in for BatchRun, which only hands it back to the function below (and names its input)
            BatchCase c = s.toCase(Path.of(s.input()), Path.of(s.output()), null);
            cases.add(c);
            if (!s.remote())
                local.add(c);
        }
        StaleFiles.clean(local);
        BatchReport report;
        try (Network net = Models.open(spec, options, System.err::println)) {
            Refinement refinement = refine == null ? Refinement.NONE : Refinement.parse(refine); // checked by the driver
            CaseRunner runner = new CaseRunner(new JobRunner(spec, net), options, resume, budget(), refinement).with(strategy).writing(extra);
            CaseStaging staging = new CaseStaging(files, resume);
            report = BatchRun.run(cases, (c, stop) -> staging.run(byId.get(c.id()), runner, stop), 1, BatchListener.NONE, cancelled);
        } catch (ModelPackageException e) {
            return failAll(specs, "the model did not open on this executor: " + e.getMessage());
        } catch (UsageException e) {
            return failAll(specs, e.getMessage()); // the driver refuses a conditioned model's cascade and bad steps first
        }
        List<CaseOutcome> out = new ArrayList<>();
        for (CaseResult r : report.results())
            out.add(CaseOutcome.of(r));
        return out.iterator();
    }

    /** One budget per executor JVM, shared by the tasks running in it. */
    private static synchronized MemoryBudget budget() {
        if (budget == null)
            budget = MemoryBudget.ofHeap();
        return budget;
    }

    private static Iterator<CaseOutcome> failAll(List<CaseSpec> specs, String why) {
        List<CaseOutcome> out = new ArrayList<>();
        for (CaseSpec s : specs)
            out.add(CaseOutcome.of(CaseResult.failed(s.id(), s.input() + ": " + why.lines().findFirst().orElse(why), 5, 0)));
        return out.iterator();
    }
}
