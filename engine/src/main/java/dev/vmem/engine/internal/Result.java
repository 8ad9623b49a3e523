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
record Result(Outcome outcome, Trace trace, Optional<Draft> draft) {

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
