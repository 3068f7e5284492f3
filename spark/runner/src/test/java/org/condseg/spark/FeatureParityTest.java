package org.condseg.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.condseg.cli.Main;
import org.condseg.commands.BatchSegmentFolderCommand;
import org.condseg.commands.SegmentImageCommand;
import org.junit.jupiter.api.Test;
import org.scijava.plugin.Parameter;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of {@code segment} exists in every front end — {@code batch}, the Spark runner, ImageJ's
 * {@code Segment Image...} (its macro keys) and the SciJava {@code SegmentImageCommand} (its parameters) —
 * or is listed here as not applicable there, with the reason. A new option of {@code segment} fails this
 * test until each front end has it or says why not.
 */
class FeatureParityTest {

    /** Where a front end lacks an option by design: segment's option, then for each front end its name there or "n/a: why". */
    private static final Map<String, String[]> TABLE = new LinkedHashMap<>();
    private static final String[] FRONT_ENDS = {"batch", "spark", "Segment Image...", "SegmentImageCommand"};

    static {
        row("--model", "--model", "--model", "model", "model");
        row("--models", "--models", "--models", "n/a: ImageJ reads the installation's models/ folder and $CONDSEG_MODELS; model= also takes a package folder",
                "n/a: as Segment Image...: model takes an id or a package folder");
        row("--input", "--input", "--input", "n/a: the current image; channels= lists a multi-modal model's open images",
                "input");
        row("--output", "--output", "--output", "n/a: the labels open as T-labels; Save Label Image... writes them", "output");
        row("--probabilities", "--probabilities", "--probabilities", "probabilities", "probabilities");
        row("--uncertainty", "--uncertainty", "--uncertainty", "uncertainty", "uncertainty");
        row("--sample-masks", "--sample-masks", "--sample-masks", "sample_masks", "sampleMasks");
        row("--point", "--point", "--point", "prompt", "prompt");
        row("--negative-point", "--negative-point", "--negative-point", "prompt", "prompt");
        row("--box", "--box", "--box", "prompt", "prompt");
        row("--mask", "--mask", "--mask", "prompt_image", "promptImage");
        row("--class", "--class", "--class", "class", "className");
        row("--threads", "--threads", "--threads", "threads", "threads");
        row("--device", "--device", "--device", "device", "device");
        row("--overlap", "--overlap", "--overlap", "overlap", "overlap");
        row("--samples", "--samples", "--samples", "samples", "samples");
        row("--seed", "--seed", "--seed", "seed", "seed");
        row("--tta", "--tta", "--tta", "tta", "tta");
        row("--mask-choice", "--mask-choice", "--mask-choice", "mask_choice", "maskChoice");
        row("--tile", "--tile", "--tile", "n/a: Segment Image... tiles with the model's own tile size (no macro key yet)",
                "n/a: as Segment Image...: the model's own tile size");
        row("--cascade", "--cascade", "--cascade", "cascade", "cascade");
        row("--cascade-factor", "--cascade-factor", "--cascade-factor", "cascade", "cascade");
        row("--propagate", "--propagate", "--propagate", "propagate", "propagate");
        row("--propagate-slices", "--propagate-slices", "--propagate-slices", "first", "first");
        row("--refine", "--refine", "--refine", "refine", "refine");
        row("--verbose", "--verbose", "n/a: executors report each case's one line in the summary; the driver's own errors are one line",
                "n/a: ImageJ shows one line in a dialog and the details in the Log window",
                "n/a: as Segment Image...: the command's cancel reason is one line");
    }

    private static void row(String segment, String... names) {
        TABLE.put(segment, names);
    }

    /** The same for {@code batch} against ImageJ's Batch Segment Folder... (its macro keys) and its SciJava command. */
    private static final Map<String, String[]> BATCH_TABLE = new LinkedHashMap<>();
    private static final String[] BATCH_FRONT_ENDS = {"Batch Segment Folder...", "BatchSegmentFolderCommand"};

    static {
        batchRow("--model", "model", "model");
        batchRow("--models", "n/a: ImageJ reads the installation's models/ folder and $CONDSEG_MODELS; model= also takes a package folder",
                "n/a: as Batch Segment Folder...: model takes an id or a package folder");
        batchRow("--input", "input", "input");
        batchRow("--output", "output", "output");
        batchRow("--format", "format", "format");
        batchRow("--resume", "resume", "resume");
        batchRow("--jobs", "jobs", "jobs");
        batchRow("--shard", "n/a: shards split a batch over cluster jobs (Slurm arrays); ImageJ runs one whole batch",
                "n/a: as Batch Segment Folder...: one whole batch");
        batchRow("--summary", "summary", "summary");
        batchRow("--point", "n/a: per-case prompts come from the manifest's points column",
                "n/a: as Batch Segment Folder...: the manifest's points column");
        batchRow("--negative-point", "n/a: per-case prompts come from the manifest's negative_points column",
                "n/a: as Batch Segment Folder...: the manifest's negative_points column");
        batchRow("--box", "n/a: per-case prompts come from the manifest's boxes column",
                "n/a: as Batch Segment Folder...: the manifest's boxes column");
        batchRow("--mask", "n/a: per-case prompt masks come from the manifest's mask column",
                "n/a: as Batch Segment Folder...: the manifest's mask column");
        batchRow("--class", "class", "className");
        batchRow("--threads", "threads", "threads");
        batchRow("--device", "device", "device");
        batchRow("--overlap", "overlap", "overlap");
        batchRow("--tile", "n/a: as Segment Image..., the model's own tile size (no macro key yet)",
                "n/a: as Batch Segment Folder...: the model's own tile size");
        batchRow("--samples", "samples", "samples");
        batchRow("--seed", "seed", "seed");
        batchRow("--tta", "tta", "tta");
        batchRow("--mask-choice", "mask_choice", "maskChoice");
        batchRow("--cascade", "cascade", "cascade");
        batchRow("--cascade-factor", "cascade", "cascade");
        batchRow("--propagate", "propagate", "propagate");
        batchRow("--propagate-slices", "first", "first");
        batchRow("--refine", "refine", "refine");
        batchRow("--probabilities", "probabilities", "probabilities");
        batchRow("--uncertainty", "uncertainty", "uncertainty");
        batchRow("--sample-masks", "sample_masks", "sampleMasks");
        batchRow("--verbose", "n/a: ImageJ logs each failed case's one line in the Log window",
                "n/a: as Batch Segment Folder...: failed cases are counted and logged");
    }

    private static void batchRow(String batch, String... names) {
        BATCH_TABLE.put(batch, names);
    }

    @Test
    void everyOptionOfBatchExistsInImageJsBatchOrSaysWhyNot() throws IOException {
        Set<String> batch = options(new CommandLine(new Main()).getSubcommands().get("batch"));
        assertEquals(new TreeSet<>(BATCH_TABLE.keySet()), batch, "batch's options, each with a row in this table");
        checkEveryFrontEnd(BATCH_TABLE, BATCH_FRONT_ENDS, List.of(macroKeys("BatchSegmentFolder"), parameters(BatchSegmentFolderCommand.class)),
                "batch's ");
    }

    /** Each row's name exists in each front end's set, or is "n/a: " with a reason. */
    private static void checkEveryFrontEnd(Map<String, String[]> table, String[] frontEnds, List<Set<String>> have, String whose) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String[]> e : table.entrySet())
            for (int f = 0; f < frontEnds.length; f++) {
                String name = e.getValue()[f];
                if (name.startsWith("n/a: "))
                    assertTrue(name.length() > 20, "a reason for " + e.getKey() + " in " + frontEnds[f]);
                else if (!have.get(f).contains(name))
                    missing.add(frontEnds[f] + " lacks " + name + " (" + whose + e.getKey() + ")");
            }
        assertTrue(missing.isEmpty(), String.join("\n", missing));
    }

    @Test
    void everyOptionOfSegmentExistsInEveryFrontEndOrSaysWhyNot() throws IOException {
        Set<String> segment = options(new CommandLine(new Main()).getSubcommands().get("segment"));
        assertEquals(new TreeSet<>(TABLE.keySet()), segment, "segment's options, each with a row in this table");
        checkEveryFrontEnd(TABLE, FRONT_ENDS, List.of(options(new CommandLine(new Main()).getSubcommands().get("batch")),
                options(new CommandLine(new SparkBatch())), macroKeys("SegmentImage"), parameters(SegmentImageCommand.class)), "segment's ");
    }

    private static Set<String> options(CommandLine cl) {
        Set<String> out = new TreeSet<>();
        for (OptionSpec o : cl.getCommandSpec().options())
            if (!o.usageHelp() && !o.versionHelp())
                out.add(o.longestName());
        return out;
    }

    private static Set<String> parameters(Class<?> command) {
        Set<String> out = new TreeSet<>();
        for (Field f : command.getDeclaredFields())
            if (f.isAnnotationPresent(Parameter.class))
                out.add(f.getName());
        return out;
    }

    /** The macro keys a plugin's dialog declares (OptionsDialog's choice/string/number/flag calls). */
    private static Set<String> macroKeys(String plugin) throws IOException {
        Path source = Path.of("src/main/java/org/condseg/plugins/" + plugin + ".java");
        Matcher m = Pattern.compile("\\bd\\.(?:choice|string|number|flag)\\(\"([a-z_]+)\"").matcher(Files.readString(source));
        Set<String> out = new TreeSet<>();
        while (m.find())
            out.add(m.group(1));
        assertTrue(out.contains("model"), "the dialog's keys are read from " + source);
        return out;
    }
}
