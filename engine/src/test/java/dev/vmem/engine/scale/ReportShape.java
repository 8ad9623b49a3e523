package dev.vmem.engine.scale;

import dev.vmem.engine.kb.KernelFact;
import dev.vmem.engine.report.BackingExposure;
import dev.vmem.engine.report.ElementNote;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.ScenarioResult;
import dev.vmem.engine.report.StepResult;
import dev.vmem.engine.report.Trace;
import dev.vmem.engine.report.VmExposure;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What a report says, without the numbers a scale changes: one line per finding (code, severity,
 * outcome, origin, VM, related origins, the kinds and facts of its trace links, its data keys), per
 * exposure entry (VM, backing, kind, which figures are zero), per scenario step (outcome, expectation,
 * trace shape), per note (origin, number of lines, facts) and per resolved profile. Two reports of
 * the same declarations at different scales must have equal shapes; messages, which print sizes, are
 * left out on purpose.
 *
 * @param lines the report, one element per line
 */
public record ReportShape(List<String> lines) {

    public static ReportShape of(Report r) {
        var out = new ArrayList<String>();
        out.add("complete " + r.complete());
        for (var f : r.findings()) {
            out.add(finding(f));
        }
        for (var e : r.exposures()) {
            out.add(exposure(e));
            for (var b : e.backings()) {
                out.add("  " + backing(b));
            }
        }
        for (var s : r.scenarios()) {
            out.add(scenario(s));
            for (var st : s.steps()) {
                out.add("  " + step(st));
            }
        }
        for (var n : r.notes()) {
            out.add(note(n));
        }
        for (var p : r.profiles()) {
            out.add("profile " + p.vm() + " " + p.profileName() + " " + p.description());
        }
        return new ReportShape(out);
    }

    /** Findings, notes and exposure entries (VMs and backings): the report's size. */
    public static long size(Report r) {
        return r.findings().size() + r.notes().size() + r.exposures().size()
                + r.exposures().stream().mapToLong(e -> e.backings().size()).sum()
                + r.scenarios().stream().mapToLong(s -> 1 + s.steps().size()).sum();
    }

    private static String finding(Finding f) {
        return "finding " + f.code() + " " + f.severity().keyword() + " " + f.outcome().keyword() + " @"
                + f.origin().describe() + " vm=" + f.vm() + " related="
                + f.related().stream().map(Related::origin).map(o -> o.describe()).toList() + " trace="
                + trace(f.trace()) + " data=" + new TreeSet<>(f.data().keySet());
    }

    private static String trace(Trace t) {
        return t.steps().stream().map(s -> s.kind().keyword() + s.fact().map(KernelFact::name).map(n -> ":" + n)
                .orElse("")).toList().toString();
    }

    private static String exposure(VmExposure e) {
        return "exposure " + e.vm() + " @" + e.origin().describe() + " zero(guest,direct,removed,split)="
                + zeros(e.guestBytes(), e.directMapBytes(), e.removedBytes(), e.largePagesSplit());
    }

    private static String backing(BackingExposure b) {
        return b.backing() + " " + b.kind().keyword() + " @" + b.origin().describe()
                + " zero(guest,direct,hw,removed)="
                + zeros(b.guestBytes(), b.directMapBytes(), b.hardwareProtectedBytes(), b.removedBytes()) + " "
                + b.reason();
    }

    private static String zeros(long... values) {
        var sb = new StringBuilder();
        for (long v : values) {
            sb.append(v == 0 ? '0' : '+');
        }
        return sb.toString();
    }

    private static String scenario(ScenarioResult s) {
        return "scenario " + s.name() + " vm=" + s.vm() + " @" + s.origin().describe() + " skipped="
                + !s.skipped().isEmpty();
    }

    private static String step(StepResult s) {
        return "step " + s.index() + " " + s.operation().getClass().getSimpleName() + " -> " + s.outcome().keyword()
                + " expected=" + s.expected().map(o -> o.keyword()).orElse("-") + " trace=" + trace(s.trace());
    }

    private static String note(ElementNote n) {
        return "note @" + n.origin().describe() + " lines=" + n.lines().size() + " facts="
                + n.facts().stream().map(KernelFact::name).toList();
    }
}
