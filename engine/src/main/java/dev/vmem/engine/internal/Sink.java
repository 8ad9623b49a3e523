package dev.vmem.engine.internal;

import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.report.ElementNote;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.Trace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects findings and notes. One rule reports once per element: when several access paths reach
 * the same conclusion about the same declaration, the first (with its trace) stands for all.
 */
final class Sink {

    private record Key(Rule rule, Origin origin, String vm) {
    }

    private final List<Finding> findings = new ArrayList<>();
    private final Set<Key> seen = new HashSet<>();
    private final List<ElementNote> notes = new ArrayList<>();
    private final boolean muted;
    private final boolean details;

    Sink(boolean muted) {
        this(muted, true);
    }

    /** @param details whether element notes and layouts are wanted ({@code EngineOptions.notesAndLayouts}) */
    Sink(boolean muted, boolean details) {
        this.muted = muted;
        this.details = details && !muted;
    }

    /** Whether element notes and VM layouts go anywhere: work that only makes them can be left out. */
    boolean keepsDetails() {
        return details;
    }

    /** A sink that drops everything: scenarios re-run a bring-up whose findings are already reported. */
    static Sink muted() {
        return new Sink(true);
    }

    void report(String vm, Result result) {
        result.draft().ifPresent(d -> add(vm, result.possible().isEmpty() ? d : d.with("possible", result.describe()),
                result.outcome(), result.trace()));
    }

    void add(String vm, Result.Draft d, Outcome outcome, Trace trace) {
        add(new Finding(d.rule(), d.rule().severity(), d.message(), d.origin(), outcome, d.related(), trace, vm,
                d.data()));
    }

    void add(Rule rule, String message, Origin origin, Outcome outcome, List<Related> related, Trace trace, String vm,
            Map<String, String> data) {
        add(new Finding(rule, rule.severity(), message, origin, outcome, related, trace, vm, data));
    }

    void add(Finding f) {
        if (muted) {
            return;
        }
        if (seen.add(new Key(f.rule(), f.origin(), f.vm()))) {
            findings.add(f);
        }
    }

    void note(ElementNote note) {
        if (!muted) {
            notes.add(note);
        }
    }

    List<Finding> findings() {
        return findings;
    }

    List<ElementNote> notes() {
        return notes;
    }
}
