package org.condseg.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.condseg.io.medical.AtomicFiles;

/**
 * The summary of a batch, one row per case in the cases' order:
 * {@code case,status,error,seconds,input,output,labels,voxels,volumes,unit}. {@code voxels} and
 * {@code volumes} list {@code label=value} pairs separated by {@code ;}, volumes in {@code unit}³.
 * Written atomically.
 *
 * <pre>{@code
 * SummaryCsv.write(Path.of("out/summary.csv"), cases, report);
 * }</pre>
 */
public final class SummaryCsv {

    public static final List<String> HEADER = List.of("case", "status", "error", "seconds", "input", "output", "labels",
            "voxels", "volumes", "unit");

    private SummaryCsv() {
    }

    public static void write(Path file, List<BatchCase> cases, BatchReport report) throws IOException {
        write(file, cases, report, Path::toString);
    }

    /**
     * Writes the summary, naming inputs and outputs as {@code name} does (a runner that copies cases
     * from elsewhere into local folders names them where they really are).
     */
    public static void write(Path file, List<BatchCase> cases, BatchReport report, Function<Path, String> name) throws IOException {
        StringBuilder sb = new StringBuilder(Csv.line(HEADER)).append('\n');
        for (int i = 0; i < cases.size(); i++) {
            BatchCase c = cases.get(i);
            CaseResult r = report.results().get(i);
            boolean ok = r.finished();
            sb.append(Csv.line(List.of(c.id(), r.status().text(), r.error(), String.format(Locale.ROOT, "%.3f", r.seconds()),
                    name.apply(c.input()), ok ? name.apply(c.output()) : "", ok ? Integer.toString(r.labels()) : "",
                    ok ? pairs(r.voxels()) : "", ok ? pairs(r.volumes()) : "", ok ? r.unit() : ""))).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, false, out -> out.write(bytes));
    }

    static String pairs(Map<Integer, ? extends Number> m) {
        List<String> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(k + "=" + number(v)));
        return String.join(";", out);
    }

    static String number(Number v) {
        if (v instanceof Long || v instanceof Integer)
            return v.toString();
        String s = String.format(Locale.ROOT, "%.6g", v.doubleValue());
        return s.contains("e") ? s : s.replaceAll("\\.?0+$", "");
    }
}
