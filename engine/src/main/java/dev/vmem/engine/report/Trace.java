package dev.vmem.engine.report;

import dev.vmem.engine.kb.Certainty;
import dev.vmem.engine.kb.KernelFact;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chain that led to an outcome: operation → kernel path → deciding state → outcome. Immutable;
 * build one with {@link #builder(String)}.
 */
public record Trace(List<TraceStep> steps) {

    public Trace {
        steps = List.copyOf(steps);
    }

    public static Builder builder(String operation) {
        return new Builder().step(TraceStep.Kind.OPERATION, operation, null);
    }

    /**
     * A builder whose operation text is computed only when the trace is built: for hot paths whose
     * trace is usually dropped (an ok result nobody reports).
     */
    public static Builder builder(java.util.function.Supplier<String> operation) {
        var b = new Builder();
        b.steps.add(null);
        b.operation = operation;
        return b;
    }

    /** The facts the trace relies on, in order, without repeats. */
    public List<KernelFact> facts() {
        return steps.stream().flatMap(s -> s.fact().stream()).distinct().toList();
    }

    /** The weakest certainty of the facts relied on ({@link Certainty#SOURCE} if none). */
    public Certainty certainty() {
        return facts().stream().map(KernelFact::certainty).reduce(Certainty.SOURCE, Certainty::weakest);
    }

    /** Kernel-path links joined into one line, e.g. {@code kvm_setup_guest_pvclock → kvm_gpc_refresh}. */
    public String kernelPath() {
        return String.join(" → ",
                steps.stream().filter(s -> s.kind() == TraceStep.Kind.KERNEL).map(TraceStep::text).toList());
    }

    /** One shared {@code Optional} per fact: traces are built on hot paths. */
    @SuppressWarnings("unchecked")
    private static final Optional<KernelFact>[] CITED = java.util.Arrays.stream(KernelFact.values())
            .map(Optional::of).toArray(Optional[]::new);

    /** Accumulates trace links. */
    public static final class Builder {
        private final List<TraceStep> steps = new ArrayList<>(8);
        /** The operation text still to compute (step 0), or null. */
        private java.util.function.Supplier<String> operation;

        public Builder step(TraceStep.Kind kind, String text, KernelFact fact) {
            steps.add(new TraceStep(kind, text, fact == null ? Optional.empty() : CITED[fact.ordinal()]));
            return this;
        }

        public Builder kernel(String text, KernelFact fact) {
            return step(TraceStep.Kind.KERNEL, text, fact);
        }

        public Builder state(String text, KernelFact fact) {
            return step(TraceStep.Kind.STATE, text, fact);
        }

        public Builder outcome(String text, KernelFact fact) {
            return step(TraceStep.Kind.OUTCOME, text, fact);
        }

        public Builder copy() {
            resolve();
            var b = new Builder();
            b.steps.addAll(steps);
            return b;
        }

        public Trace build() {
            resolve();
            return new Trace(steps);
        }

        private void resolve() {
            if (operation != null) {
                steps.set(0, new TraceStep(TraceStep.Kind.OPERATION, operation.get(), Optional.empty()));
                operation = null;
            }
        }
    }
}
