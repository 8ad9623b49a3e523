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

    /** Accumulates trace links. */
    public static final class Builder {
        private final List<TraceStep> steps = new ArrayList<>();

        public Builder step(TraceStep.Kind kind, String text, KernelFact fact) {
            steps.add(new TraceStep(kind, text, Optional.ofNullable(fact)));
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
            var b = new Builder();
            b.steps.addAll(steps);
            return b;
        }

        public Trace build() {
            return new Trace(steps);
        }
    }
}
