package org.condseg;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Independent tools the tests check our files against (Debian's python3-nibabel, python3-pydicom,
 * mricron-data). Where one is missing a test is skipped with a message, unless the environment sets
 * {@code CONDSEG_REQUIRE_TOOLS=true} (CI does), where it fails.
 */
public final class Tools {

    private static final Map<String, Boolean> MODULES = new ConcurrentHashMap<>();

    private Tools() {
    }

    /** Debian's python3 (where Debian's packages install), or python3 on the PATH. */
    public static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Skips (or fails, where tools are required) unless python3 can import every module. */
    public static void requirePython(String... modules) {
        for (String m : modules)
            if (!MODULES.computeIfAbsent(m, Tools::importable))
                missing("python3 module " + m + " (Debian: apt-get install -y python3-" + m + ")");
    }

    /** Skips (or fails, where tools are required) unless the file exists. */
    public static Path requireFile(String path, String debianPackage) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p))
            missing(path + " (Debian: apt-get install -y " + debianPackage + ")");
        return p;
    }

    /** Skips (or fails, where tools are required) unless {@code present}; {@code what} says what is missing. */
    public static void require(boolean present, String what) {
        if (!present)
            missing(what);
    }

    /** Runs a python script with arguments; returns its standard output (not its warnings), fails on a non-zero exit. */
    public static String runPython(String script, Object... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python(), "-c", script));
        for (Object a : args)
            cmd.add(String.valueOf(a));
        Path errors = Files.createTempFile("condseg-python", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(errors.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("python timed out");
        }
        String text = new String(out, StandardCharsets.UTF_8), err = Files.readString(errors);
        Files.deleteIfExists(errors);
        if (p.exitValue() != 0)
            fail("python failed (" + p.exitValue() + "):\n" + text + err);
        return text;
    }

    private static boolean importable(String module) {
        try {
            Process p = new ProcessBuilder(python(), "-c", "import " + module).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void missing(String what) {
        if ("true".equalsIgnoreCase(System.getenv("CONDSEG_REQUIRE_TOOLS")))
            fail("CONDSEG_REQUIRE_TOOLS=true but " + what + " is missing");
        Assumptions.abort("skipped: " + what + " is missing");
    }
}
