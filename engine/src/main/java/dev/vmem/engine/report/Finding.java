package dev.vmem.engine.report;

import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One diagnostic: a rule that fired on an element.
 *
 * @param rule     the rule (its code never changes meaning)
 * @param severity the rule's default severity (callers may remap it per code)
 * @param message  one or two sentences naming the kernel mechanism
 * @param origin   the element the finding is about
 * @param outcome  what the kernel does on this path
 * @param related  elements that contributed
 * @param trace    how the engine got there
 * @param vm       the VM the finding belongs to, or "" for file-level findings
 * @param data     machine-readable details for quick fixes (e.g. {@code backing}, {@code flag}, {@code vm})
 */
public record Finding(Rule rule, Severity severity, String message, Origin origin, Outcome outcome,
        List<Related> related, Trace trace, String vm, Map<String, String> data) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(outcome, "outcome");
        related = List.copyOf(related);
        Objects.requireNonNull(trace, "trace");
        vm = vm == null ? "" : vm;
        data = Map.copyOf(data);
    }

    /** The rule's stable kebab-case code. */
    public String code() {
        return rule.code();
    }
}
