package org.condseg.model;

import java.util.Locale;

/**
 * Where a model is asked to run ({@code --device}, {@code device=}): the CPU, the GPU (falling back to
 * the CPU with a notice where none works), or the GPU where one works and the CPU otherwise. Where it
 * really runs is the open network's {@code device()}.
 */
public enum Device {
    CPU, GPU, AUTO;

    /** The device named {@code text} ({@code cpu}, {@code gpu} or {@code auto}); an IllegalArgumentException otherwise. */
    public static Device parse(String text) {
        for (Device d : values())
            if (d.text().equals(text))
                return d;
        throw new IllegalArgumentException("device " + text + " is not cpu, gpu or auto");
    }

    /** The name users give. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a GPU is wanted (asked for, or taken where there is one). */
    public boolean wantsGpu() {
        return this != CPU;
    }
}
