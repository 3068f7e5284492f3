package org.condseg.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.condseg.model.Box;
import org.condseg.model.Click;

/**
 * The prompts of one case as written (the mask still a file): clicks, boxes, a scribble or prior label
 * image, a class. {@link #text()} is their canonical form, used in sidecars and to notice on resume
 * that a case's prompts changed.
 *
 * <pre>{@code
 * CasePrompts p = new CasePrompts(List.of(Click.positive(12, 30, 0)), List.of(), null, null);
 * }</pre>
 */
public record CasePrompts(List<Click> clicks, List<Box> boxes, Path mask, String className) {

    public static final CasePrompts NONE = new CasePrompts(List.of(), List.of(), null, null);

    public CasePrompts {
        clicks = List.copyOf(clicks);
        boxes = List.copyOf(boxes);
        className = className == null || className.isBlank() ? null : className.trim();
    }

    public boolean isEmpty() {
        return clicks.isEmpty() && boxes.isEmpty() && mask == null && className == null;
    }

    /** {@code points=..;negative_points=..;boxes=..;mask=<file name>;class=..}, each part only where set. */
    public String text() {
        List<String> parts = new ArrayList<>();
        List<String> pos = new ArrayList<>(), neg = new ArrayList<>(), box = new ArrayList<>();
        for (Click c : clicks)
            (c.positive() ? pos : neg).add(c.x() + "," + c.y() + "," + c.z());
        for (Box b : boxes)
            box.add(b.x() + "," + b.y() + "," + b.width() + "," + b.height() + "," + b.z() + "," + b.depth());
        if (!pos.isEmpty())
            parts.add("points=" + String.join(" ", pos));
        if (!neg.isEmpty())
            parts.add("negative_points=" + String.join(" ", neg));
        if (!box.isEmpty())
            parts.add("boxes=" + String.join(" ", box));
        if (mask != null)
            parts.add("mask=" + mask.getFileName());
        if (className != null)
            parts.add("class=" + className);
        return String.join(";", parts);
    }
}
