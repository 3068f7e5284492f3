package org.condseg.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.condseg.batch.BatchCase;
import org.condseg.batch.BatchReport;
import org.condseg.batch.CasePrompts;
import org.condseg.batch.CaseOutputs;
import org.condseg.batch.CaseResult;
import org.condseg.batch.Shard;
import org.condseg.batch.SummaryCsv;
import org.condseg.cli.CaseOutputOptions;
import org.condseg.cli.Main;
import org.condseg.cli.PromptOptions;
import org.condseg.cli.RunOptions;
import org.condseg.refine.Refinement;
import org.condseg.io.Models;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.model.UsageException;
import org.condseg.runtime.Network;
import org.condseg.runtime.Offline;
import org.condseg.segment.JobRunner;
import org.condseg.segment.Strategy;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code condseg-spark.jar}: the {@code batch} command on Apache Spark, with its inputs, outputs,
 * sidecars, summary, resume and exit codes. The driver reads the cases as {@code batch} does, checks
 * the model, and splits the cases into partitions by {@link Shard} (partition {@code k} of {@code P}
 * holds exactly the cases of {@code batch --shard k/P}); each partition runs on an executor through
 * {@link PartitionRunner}, which opens the model once; the driver writes the summary.
 *
 * <pre>{@code
 * spark-submit --class org.condseg.spark.SparkBatch condseg-spark.jar --model interactive-2d --input cases.csv --output labels/
 * java -jar condseg-spark.jar --master local[4] --model interactive-2d --input scans/ --output labels/ --resume
 * }</pre>
 */
@Command(name = "condseg-spark", mixinStandardHelpOptions = true, versionProvider = SparkBatch.Version.class,
        description = "Segment a folder of images, or the cases of a CSV manifest, with one model, on Apache Spark.")
public final class SparkBatch implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec cmd;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "a Spark setting (repeatable), as spark-submit's --conf")
    List<String> conf = new ArrayList<>();

    @Option(names = "--partitions", defaultValue = "0", description = "partitions, each opening the model once (default: 4 per task slot, at most one per case)")
    int partitions;

    @Option(names = "--model", required = true, paramLabel = "ID|PATH", description = "model id or package folder")
    String model;

    @Option(names = "--models", paramLabel = "DIR", description = "folder of model packages searched first")
    Path modelsDir;

    @Option(names = "--input", required = true, paramLabel = "DIR|CSV", description = "a folder of images or a CSV manifest (a path, or a Hadoop URI)")
    String input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "folder of label images, sidecars and the summary (a path, or a Hadoop URI)")
    String output;

    @Option(names = "--format", paramLabel = "EXT", description = "output format (tif, png, nii, nii.gz, mha, nrrd; default: the input's)")
    String format;

    @Option(names = "--resume", description = "skip cases finished by an earlier run (same input sha256 and request)")
    boolean resume;

    @Option(names = "--summary", paramLabel = "FILE", description = "summary CSV (default OUTPUT/summary.csv)")
    String summary;

    @Option(names = "--refine", paramLabel = "STEPS", description = "refine each case's labels (as the refine command's --steps)")
    String refine;

    @Mixin
    CaseOutputOptions outputs = new CaseOutputOptions();

    @Mixin
    PromptOptions prompts = new PromptOptions();

    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        Offline.ensure();
        CommandLine cl = new CommandLine(new SparkBatch());
        cl.setExecutionExceptionHandler((e, c, parsed) -> Main.report(e, c.getErr(), parsed.hasMatchedOption("--verbose")));
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("condseg: error: " + e.getMessage());
            e.getCommandLine().getErr().println("Try 'java -jar condseg-spark.jar --help'.");
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        SegmentOptions options;
        Strategy strategy;
        SparkConf sparkConf = new SparkConf().setAppName("condseg batch");
        try {
            options = run.segmentOptions();
            strategy = run.strategy();
            if (partitions < 0)
                throw new IllegalArgumentException("--partitions " + partitions + " is below 0");
            for (String kv : conf) {
                int eq = kv.indexOf('=');
                if (eq < 1)
                    throw new IllegalArgumentException("--conf " + kv + " is not KEY=VALUE");
                sparkConf.set(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (master != null)
            sparkConf.setMaster(master);
        else if (!sparkConf.contains("spark.master"))
            sparkConf.setMaster("local[*]");
        if (!sparkConf.get("spark.master").startsWith("local[") && !sparkConf.get("spark.master").equals("local")) {
            // executors of a cluster whose Spark installation lacks CondSeg load its classes from this jar,
            // which spark-submit ships by itself and java -jar must name
            String self = ownJar();
            if (self != null && !sparkConf.contains("spark.jars"))
                sparkConf.set("spark.jars", self);
        }
        if (sparkConf.get("spark.master").startsWith("local")) {
            sparkConf.setIfMissing("spark.driver.host", "127.0.0.1");
            sparkConf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        CasePrompts defaults = new CasePrompts(prompts.clicks(), prompts.boxList(), prompts.mask(), prompts.className());
        // local files are read before Spark starts, so that usage errors come at once
        CaseList list = Locations.isUri(input) || Locations.isUri(output) ? null
                : CaseList.read(input, output, format, defaults, null);
        if (list != null && (summary == null || !Locations.isUri(summary)))
            checkNotInput(summary == null ? Path.of(output).resolve("summary.csv") : Path.of(summary), list.cases);
        if (refine != null) {
            try {
                Refinement.parse(refine); // a bad step is refused (exit 2) before the job
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        ModelSpec spec = Models.standard(modelsDir).find(model);
        JobRunner.check(spec, strategy); // refused before the job, as batch refuses it
        CaseOutputs extra = outputs.caseOutputs();
        extra.check(spec); // refused before the job, as batch refuses it
        try (Network net = Models.open(spec, options, cmd.commandLine().getErr()::println)) {
            // opened once here so that a model that does not open is refused (exit 4) before the job
        }
        BatchReport report;
        String summaryName;
        try (JavaSparkContext sc = new JavaSparkContext(sparkConf)) {
            HadoopFiles files = HadoopFiles.of(sc.hadoopConfiguration());
            if (list == null)
                list = CaseList.read(input, output, format, defaults, files);
            List<CaseSpec> specs = list.specs;
            if (!sc.isLocal())
                specs = specs.stream().map(SparkBatch::absolute).toList();
            // a partition's cases are those of one hash shard, so partitions differ in size; four per task slot
            // let the scheduler even them out at the cost of opening the model four times per slot
            int p = partitions > 0 ? partitions : Math.max(1, Math.min(specs.size(), 4 * sc.defaultParallelism()));
            List<List<CaseSpec>> parts = new ArrayList<>();
            for (int k = 0; k < p; k++)
                parts.add(new ArrayList<>());
            for (CaseSpec s : specs)
                parts.get(Shard.partOf(s.id(), p)).add(s);
            sc.setJobGroup("condseg", "condseg batch of " + specs.size() + " cases", true);
            JavaRDD<CaseSpec> rdd = sc.parallelize(parts, p).flatMap(List::iterator);
            List<CaseOutcome> outcomes = rdd
                    .mapPartitions(new PartitionRunner(ModelShipment.of(spec, sc), options, strategy, refine, extra, resume,
                            list.remote() ? files : null))
                    .collect();
            report = report(list.cases, outcomes);
            summaryName = writeSummary(list, report, files);
        } finally {
            if (list != null)
                list.deleteMirror();
        }
        cmd.commandLine().getOut().printf("%s: %d case(s): %d done, %d skipped (done before), %d failed; summary %s%n", output,
                list.cases.size(), report.count(CaseResult.Status.DONE), report.count(CaseResult.Status.SKIPPED),
                report.count(CaseResult.Status.FAILED), summaryName);
        return report.exitCode();
    }

    /** The jar this runner was loaded from (condseg-spark.jar), or {@code null} when run from class folders. */
    static String ownJar() {
        try {
            var source = SparkBatch.class.getProtectionDomain().getCodeSource();
            if (source == null)
                return null;
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p.toAbsolutePath().toString() : null;
        } catch (java.net.URISyntaxException | SecurityException e) {
            return null;
        }
    }

    /** The outcomes in the cases' order; a case without one (its task lost) reads cancelled. */
    private static BatchReport report(List<BatchCase> cases, List<CaseOutcome> outcomes) {
        Map<String, CaseResult> byId = new HashMap<>();
        for (CaseOutcome o : outcomes)
            byId.put(o.id(), o.toResult());
        List<CaseResult> results = new ArrayList<>();
        for (BatchCase c : cases)
            results.add(byId.getOrDefault(c.id(), CaseResult.cancelled(c.id())));
        return new BatchReport(results);
    }

    private String writeSummary(CaseList list, BatchReport report, HadoopFiles files) throws IOException {
        String name = summary != null ? summary
                : Locations.isUri(output) ? HadoopFiles.child(output, "summary.csv") : Path.of(output).resolve("summary.csv").toString();
        if (!Locations.isUri(name)) {
            SummaryCsv.write(Path.of(name), list.cases, report, list::name);
            return name;
        }
        Path local = Files.createTempDirectory("condseg-summary-").resolve(HadoopFiles.name(name));
        try {
            SummaryCsv.write(local, list.cases, report, list::name);
            files.copyOut(local, name);
        } finally {
            Files.deleteIfExists(local);
            Files.deleteIfExists(local.getParent());
        }
        return name;
    }

    private static void checkNotInput(Path summaryFile, List<BatchCase> cases) throws UsageException {
        Path s = summaryFile.toAbsolutePath().normalize();
        for (BatchCase c : cases)
            if (c.input().toAbsolutePath().normalize().equals(s)
                    || c.channels().stream().anyMatch(x -> x.toAbsolutePath().normalize().equals(s))
                    || (c.prompts().mask() != null && c.prompts().mask().toAbsolutePath().normalize().equals(s)))
                throw new UsageException("output " + summaryFile + " is an input; inputs are never overwritten");
    }

    /** Local paths made absolute, for executors whose working folder is not the driver's. */
    private static CaseSpec absolute(CaseSpec s) {
        return new CaseSpec(s.id(), absolute(s.input()), s.channels().stream().map(SparkBatch::absolute).toList(), absolute(s.output()),
                s.mask() == null ? null : absolute(s.mask()),
                s.clicks(), s.boxes(), s.className());
    }

    private static String absolute(String name) {
        return Locations.isUri(name) ? name : Path.of(name).toAbsolutePath().normalize().toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"condseg-spark " + org.condseg.segment.Provenance.version()};
        }
    }
}
