package org.condseg.plugins;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The words of a core message for an ImageJ user: command-line flags become the macro keys and
 * selections that do the same in ImageJ (the core speaks the command line's language; every message an
 * ImageJ front end shows passes through here).
 *
 * <pre>{@code
 * MacroWords.of("model m needs a prompt: --point, --box or --mask");
 * // "model m needs a prompt: a point or rectangle selection (prompt=roi), ..."
 * }</pre>
 */
final class MacroWords {

    private static final Map<String, String> PHRASES = new LinkedHashMap<>();

    static {
        PHRASES.put("--point, --box or --mask", "a point, rectangle or freehand selection (prompt=roi), the ROI Manager "
                + "(prompt=roi-manager) or a prior label image (prompt=label-image)");
        PHRASES.put("give it with --mask FILE", "give it as prompt=label-image prompt_image=TITLE");
        PHRASES.put("a --mask prompt", "a scribble or label-image prompt");
        PHRASES.put("--class NAME|INDEX", "class=NAME");
        PHRASES.put("(give one image per channel: --input FILE once for each)", "(give one open image per channel: channels=[A,B,...])");
        PHRASES.put("--samples N --seed S", "samples=N seed=S");
        PHRASES.put("--samples N", "samples=N");
        PHRASES.put("--class ", "class=");
    }

    private MacroWords() {
    }

    static String of(String message) {
        if (message == null)
            return "";
        String s = message;
        for (var e : PHRASES.entrySet())
            s = s.replace(e.getKey(), e.getValue());
        // any other flag: its name, which is the macro key where ImageJ has one (tta, cascade, ...)
        return s.replaceAll("(^|[\\s(\\[,])--([a-z][a-z0-9-]*)", "$1$2");
    }
}
