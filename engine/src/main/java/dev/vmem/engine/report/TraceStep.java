package dev.vmem.engine.report;

import dev.vmem.engine.kb.KernelFact;
import java.util.Objects;
import java.util.Optional;

/**
 * One link of a trace: the operation, a kernel path, the state that decided, or the outcome.
 *
 * @param kind what this link is
 * @param text what happened, in kernel terms (function names, flags, errnos)
 * @param fact the knowledge-base fact this link relies on, if any
 */
public record TraceStep(Kind kind, String text, Optional<KernelFact> fact) {

    public TraceStep {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        fact = fact == null ? Optional.empty() : fact;
    }

    /** What a trace link describes. */
    public enum Kind {
        OPERATION("operation"),
        KERNEL("kernel"),
        STATE("state"),
        OUTCOME("outcome");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    @Override
    public String toString() {
        return kind.keyword() + ": " + text + fact.map(f -> " [" + f.citation() + "]").orElse("");
    }
}
