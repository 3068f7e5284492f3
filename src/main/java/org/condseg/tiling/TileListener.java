package org.condseg.tiling;

/**
 * Hears about progress, one event per finished tile.
 *
 * <pre>{@code
 * TileListener log = (done, total) -> System.out.println(done + " of " + total + " tiles");
 * predictor.predict(channels, fn, outputs, log, () -> false);
 * }</pre>
 */
@FunctionalInterface
public interface TileListener {

    /** A listener that ignores all events. */
    TileListener NONE = (done, total) -> {};

    /**
     * Called after each tile.
     *
     * @param done the number of tiles finished so far, 1 to {@code total}
     * @param total the number of tiles in the plan
     */
    void tileDone(int done, int total);
}
