package dev.vmem.engine.internal;

import java.util.function.BooleanSupplier;

/** Counts the engine's work and stops it when the budget is spent or the caller cancels. */
final class Budget {

    /** Thrown to unwind a run that must stop. */
    static final class Exhausted extends RuntimeException {
        final boolean cancelled;

        Exhausted(boolean cancelled) {
            super(null, null, false, false);
            this.cancelled = cancelled;
        }
    }

    private final long limit;
    private final BooleanSupplier cancelled;
    private long used;
    private long sincePoll;

    Budget(long limit, BooleanSupplier cancelled) {
        this.limit = limit;
        this.cancelled = cancelled;
    }

    /** Spends {@code units}; throws {@link Exhausted} past the limit or on cancellation. */
    void spend(long units) {
        used += units;
        if (used > limit) {
            throw new Exhausted(false);
        }
        // Poll cancellation every 64 units (and on the first), cheap enough for any supplier.
        sincePoll += units;
        if ((sincePoll >= 64 || used == units) && cancelled.getAsBoolean()) {
            throw new Exhausted(true);
        }
        if (sincePoll >= 64) {
            sincePoll = 0;
        }
    }

    /**
     * The same as {@code units} calls of {@code spend(1)}: in one step while the budget allows, else unit
     * by unit, so that a run stops at the same unit (work left out, e.g. notes nobody reads, still costs
     * what it did).
     */
    void spendEach(long units) {
        if (units <= 0) {
            return;
        }
        if (used + units > limit) {
            for (long i = 0; i < units; i++) {
                spend(1);
            }
            return;
        }
        boolean first = used == 0;
        used += units;
        sincePoll += units;
        if ((sincePoll >= 64 || first) && cancelled.getAsBoolean()) {
            throw new Exhausted(true);
        }
        sincePoll %= 64;
    }

    long used() {
        return used;
    }
}
