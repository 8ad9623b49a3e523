package dev.vmem.server.cli;

import dev.vmem.engine.report.Severity;
import java.util.Optional;

/** The --fail-on threshold: the least serious severity that makes the exit code 1. */
public enum FailOn {
    ERROR(Severity.ERROR),
    WARNING(Severity.WARNING),
    INFO(Severity.INFO),
    NEVER(null);

    private final Severity threshold;

    FailOn(Severity threshold) {
        this.threshold = threshold;
    }

    /** The threshold, or empty for {@link #NEVER}. */
    public Optional<Severity> threshold() {
        return Optional.ofNullable(threshold);
    }

    public boolean fails(Severity severity) {
        return threshold != null && severity.atLeast(threshold);
    }

    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
