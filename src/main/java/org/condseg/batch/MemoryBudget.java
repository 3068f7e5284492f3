package org.condseg.batch;

/**
 * Heap shared by the workers of a batch: a case reserves what its segmentation will allocate before
 * it starts, and waits while other cases hold the rest. A case needing more than the whole budget is
 * refused at once (a bad input for this heap), never half run.
 *
 * <pre>{@code
 * MemoryBudget budget = MemoryBudget.ofHeap();
 * try (MemoryBudget.Reservation r = budget.reserve(file, bytes, cancelled)) { ... }
 * }</pre>
 */
public final class MemoryBudget {

    private final long total;
    private long reserved;

    public MemoryBudget(long total) {
        this.total = total;
    }

    /** Most of the heap that is free now (the rest is left to reading, writing and the engine). */
    public static MemoryBudget ofHeap() {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return new MemoryBudget((long) (free * 0.8));
    }

    public long total() {
        return total;
    }

    /** A held reservation, released on close. */
    public final class Reservation implements AutoCloseable {
        private final long bytes;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void close() {
            synchronized (MemoryBudget.this) {
                reserved -= bytes;
                MemoryBudget.this.notifyAll();
            }
        }
    }

    /**
     * Reserves {@code bytes}, waiting while others hold too much.
     *
     * @throws IllegalArgumentException where {@code bytes} exceeds the whole budget
     * @throws java.util.concurrent.CancellationException where {@code cancelled} turns true while waiting
     */
    public synchronized Reservation reserve(long bytes, java.util.function.BooleanSupplier cancelled)
            throws InterruptedException {
        if (bytes > total)
            throw new IllegalArgumentException("needs about " + (bytes >> 20) + " MiB to segment, more than the "
                    + (total >> 20) + " MiB this Java heap can give it (raise -Xmx)");
        while (reserved + bytes > total) {
            if (cancelled.getAsBoolean())
                throw new java.util.concurrent.CancellationException();
            wait(200);
        }
        reserved += bytes;
        return new Reservation(bytes);
    }
}
