package dev.vmem.engine.internal;

import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.Trace;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one modelled operation did: its outcome, its trace and, when the outcome is something a
 * rule reports, the finding it would make.
 */
record Result(Outcome outcome, Trace trace, Optional<Draft> draft, java.util.Set<Outcome> possible,
        Trace.Builder pending) {

    Result {
        possible = possible == null ? java.util.Set.of() : java.util.Set.copyOf(possible);
    }

    Result(Outcome outcome, Trace trace, Optional<Draft> draft, java.util.Set<Outcome> possible) {
        this(outcome, trace, draft, possible, null);
    }

    Result(Outcome outcome, Trace trace, Optional<Draft> draft) {
        this(outcome, trace, draft, java.util.Set.of());
    }

    /** The trace; built on first use when the result was made from a builder ({@link #ok(Trace.Builder)}). */
    @Override
    public Trace trace() {
        return trace != null || pending == null ? trace : pending.build();
    }

    /**
     * An ok result whose trace is built only if someone asks for it (a scenario step, a finding):
     * for the per-slot paths of a bring-up, whose ok traces are dropped. The builder must not change
     * afterwards.
     */
    static Result ok(Trace.Builder pending) {
        return new Result(Outcome.OK, null, Optional.empty(), java.util.Set.of(), pending);
    }

    /**
     * An outcome the engine does not decide: {@link Outcome#UNKNOWN} with the outcomes the kernel
     * may give (a race, a build option, a point release or an inferred fact decides between them).
     */
    static Result may(java.util.Set<Outcome> possible, Trace trace, Draft draft) {
        return new Result(Outcome.UNKNOWN, trace, Optional.ofNullable(draft), possible);
    }

    /** The outcome as words: {@code may efault or ok} when undecided. */
    String describe() {
        if (outcome != Outcome.UNKNOWN || possible.isEmpty()) {
            return outcome.keyword();
        }
        return "may " + String.join(" or ", possible.stream().sorted().map(Outcome::keyword).toList());
    }

    static Result ok(Trace trace) {
        return new Result(Outcome.OK, trace, Optional.empty());
    }

    static Result of(Outcome outcome, Trace trace) {
        return new Result(outcome, trace, Optional.empty());
    }

    static Result finding(Outcome outcome, Trace trace, Draft draft) {
        return new Result(outcome, trace, Optional.of(draft));
    }

    boolean isOk() {
        return outcome == Outcome.OK;
    }

    /** A finding before it is placed in a VM. */
    record Draft(Rule rule, String message, Origin origin, List<Related> related, Map<String, String> data) {
        Draft {
            related = List.copyOf(related);
            data = Map.copyOf(data);
        }

        static Draft of(Rule rule, String message, Origin origin, List<Related> related) {
            return new Draft(rule, message, origin, related, Map.of());
        }

        Draft with(String key, String value) {
            var m = new java.util.LinkedHashMap<>(data);
            m.put(key, value);
            return new Draft(rule, message, origin, related, m);
        }
    }
}
