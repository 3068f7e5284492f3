package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.condseg.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

/**
 * The provenance stored with the labels of every model kind is valid JSON, holds no Java identity
 * hash ({@code [I@7344699f}), and is the same for the same run twice but for its {@code created} time.
 */
class ProvenanceCliTest extends CapturedCli {

    @TempDir
    Path tmp;
    Path image, mask;

    @BeforeEach
    void writeInputs() {
        FloatProcessor fp = new FloatProcessor(24, 20);
        Random r = new Random(5);
        for (int i = 0; i < 24 * 20; i++)
            fp.setf(i, (float) r.nextGaussian());
        image = tmp.resolve("noise.tif");
        new FileSaver(new ImagePlus("noise", fp)).saveAsTiff(image.toString());
        ByteProcessor prior = new ByteProcessor(24, 20);
        prior.setColor(3);
        prior.fillRect(6, 5, 8, 7);
        mask = tmp.resolve("prior.tif");
        new FileSaver(new ImagePlus("prior", prior)).saveAsTiff(mask.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "identity-2d|",
        "identity-2d|--cascade --refine fill-holes,largest",
        "class-2d|--class bright",
        "latent-2d|--point 11,9 --samples 3 --seed 4",
        "refine-2d|--mask MASK",
        "bright-interactive-2d|--box 4,3,12,10 --tta",
    })
    void isValidJsonWithoutIdentityHashesAndTheSameTwice(String model, String extra) {
        String first = provenance(model, extra, "a.tif"), second = provenance(model, extra, "b.tif");
        assertFalse(first.matches("(?s).*\\[[A-Z]@[0-9a-f]+.*"), "an identity hash in " + first);
        JsonObject a = JsonParser.parseString(first).getAsJsonObject(), b = JsonParser.parseString(second).getAsJsonObject();
        assertTrue(a.has("model") && a.getAsJsonObject("model").get("id").getAsString().equals(model), first);
        a.remove("created");
        b.remove("created");
        assertEquals(a, b);
    }

    private String provenance(String model, String extra, String name) {
        Path out = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("segment", "--model", Fixtures.fixture(model).toString(), "--input",
                image.toString(), "--output", out.toString()));
        if (extra != null)
            for (String a : extra.trim().split(" +"))
                args.add(a.equals("MASK") ? mask.toString() : a);
        assertEquals(0, run(args.toArray(String[]::new)), errText());
        return String.valueOf(new Opener().openImage(out.toString()).getProp("condseg.provenance"));
    }

    /**
     * The provenance text, not only its content, is the same in separate JVMs: each started without the CDS
     * archive, so that Map.of iterates in another order in each (a copy of one into an ordered map once put
     * the run's keys in a per-JVM order, and Spark executors, which run without the archive, wrote other bytes).
     */
    @org.junit.jupiter.api.Test
    void theProvenanceTextIsTheSameInEveryJvm() throws Exception {
        java.util.Set<String> texts = new java.util.HashSet<>();
        for (int i = 0; i < 5; i++) {
            Path out = tmp.resolve("jvm" + i + ".tif");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:off",
                    "-Dai.djl.offline=true", "org.condseg.cli.Main", "segment", "--model", Fixtures.fixture("bright-interactive-2d").toString(),
                    "--input", image.toString(), "--output", out.toString(), "--point", "11,9", "--box", "4,3,12,10")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("jvm" + i + ".log").toFile());
            pb.environment().put("OPT_OUT_TRACKING", "true");
            pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            Process p = pb.start();
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "segment ends");
            assertEquals(0, p.exitValue(), java.nio.file.Files.readString(tmp.resolve("jvm" + i + ".log")));
            texts.add(String.valueOf(new Opener().openImage(out.toString()).getProp("condseg.provenance"))
                    .replaceAll("\"created\":\"[^\"]*\"", ""));
        }
        assertEquals(1, texts.size(), String.join("\n", texts));
    }
}
