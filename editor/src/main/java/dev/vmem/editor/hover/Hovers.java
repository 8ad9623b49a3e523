package dev.vmem.editor.hover;

import dev.vmem.dsl.analysis.CheckedFile;
import dev.vmem.dsl.analysis.Checker;
import dev.vmem.dsl.analysis.Placed;
import dev.vmem.dsl.codes.Catalog;
import dev.vmem.dsl.mapping.EObjectOrigin;
import dev.vmem.dsl.scoping.VMemScopeProvider;
import dev.vmem.dsl.vmem.Declaration;
import dev.vmem.dsl.vmem.Kernel;
import dev.vmem.dsl.vmem.KernelSetting;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Step;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.editor.annotations.Annotations;
import dev.vmem.editor.profile.VmProfile;
import dev.vmem.engine.report.ElementNote;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.ScenarioResult;
import dev.vmem.engine.report.StepResult;
import dev.vmem.engine.report.Trace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Hover content, the same in every editor: what the kernel does with the element under the cursor,
 * under its VM's kernel profile, from the engine's report of the file: its {@link ElementNote}s
 * (kernel profile, backing direct-map and GUP status, a slot's fault path, exposure bytes) with the
 * kernel facts behind them and how certain each is; for a scenario step its outcome and trace; for a
 * scenario its result. Over a finding's range the hover adds the finding, its trace (operation →
 * kernel path → state → outcome, each link with its source) and its rule page. On a reference, the
 * hover is about the element it names. The language server wraps it into an LSP hover, Eclipse shows
 * it as plain text.
 */
public final class Hovers {

    private Hovers() {
    }

    /**
     * The hover at {@code offset} of the checked file, if there is anything to say there.
     *
     * @param checked  the checker's result for the file
     * @param offset   the offset in the file's text
     * @param rulePage a link to a rule code's page, if the editor has one (the language server's
     *                 configured documentation); the page's text itself is always included
     */
    public static Optional<HoverContent> at(CheckedFile checked, int offset, Function<String, Optional<String>> rulePage) {
        XtextResource resource = checked.resource();
        if (resource.getParseResult() == null) {
            return Optional.empty();
        }
        EObjectAtOffsetHelper offsets = offsets(resource);
        EObject reference = offsets.resolveCrossReferencedElementAt(resource, offset);
        EObject contained = offsets.resolveContainedElementAt(resource, offset);
        EObject subject = reference != null && !reference.eIsProxy() ? reference : contained;
        if (subject == null || subject instanceof Model) {
            subject = null;
        }
        var md = new Markdown();
        INode range = null;
        List<Placed> here = checked.findings().stream().filter(p -> p.finding() != null && p.contains(offset)).toList();
        Set<Trace> shownBelow = new HashSet<>();
        here.forEach(p -> shownBelow.add(p.finding().trace()));
        if (subject != null) {
            EObject element = describable(subject);
            element(md, checked, element, shownBelow);
            range = reference != null ? NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), offset)
                    : element instanceof Declaration ? Checker.nameNode(element).orElse(null)
                    : NodeModelUtils.findActualNodeFor(element);
        }
        int start = range == null ? offset : range.getOffset();
        int end = range == null ? offset : range.getEndOffset();
        for (Placed p : here) {
            finding(md, p.finding(), rulePage);
            start = range == null ? p.offset() : Math.min(start, p.offset());
            end = range == null ? p.offset() + p.length() : Math.max(end, p.offset() + p.length());
        }
        if (md.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HoverContent(md.toString(), start, end - start));
    }

    /** A kernel setting is explained by its kernel, a step's operation or expectation by the step. */
    private static EObject describable(EObject element) {
        if (element instanceof KernelSetting) {
            return element.eContainer();
        }
        Step step = EcoreUtil2.getContainerOfType(element, Step.class);
        return step != null ? step : element;
    }

    private static void element(Markdown md, CheckedFile checked, EObject element, Set<Trace> shownBelow) {
        Report report = checked.report();
        String header = EObjectOrigin.of(element).describe();
        if (report == null) {
            md.heading(Markdown.text(header));
            md.line("The engine did not run: " + Markdown.text(checked.skipped()) + ".");
            return;
        }
        List<ElementNote> notes = notes(report, element);
        Vm vm = element instanceof Vm v ? v : VMemScopeProvider.vmOf(element);
        if (!notes.isEmpty()) {
            for (ElementNote note : notes) {
                md.heading(Markdown.text(note.title()));
                if (vm != null && !(element instanceof Vm) && !(element instanceof Kernel)) {
                    md.line("in vm " + Markdown.code(vm.getName()) + profile(report, vm.getName()).map(p -> " on "
                            + Markdown.text(p)).orElse(""));
                }
                note.lines().stream().filter(l -> !l.isBlank()).forEach(l -> md.bullet(Markdown.text(l)));
                md.sources(note.facts());
            }
        } else if (element instanceof Step step) {
            step(md, report, step, header, shownBelow);
        } else if (element instanceof Scenario scenario) {
            scenario(md, report, scenario);
        } else {
            md.heading(Markdown.text(header));
            if (vm != null) {
                md.line("in vm " + Markdown.code(vm.getName())
                        + profile(report, vm.getName()).map(p -> " on " + Markdown.text(p)).orElse(""));
            }
        }
        List<Finding> about = findingsAbout(report, element);
        if (!about.isEmpty() && checked.findings().stream().noneMatch(p -> p.finding() != null && about.contains(p.finding()))) {
            // Findings on this element shown elsewhere (another file): name them at least.
            md.line("");
            about.forEach(f -> md.bullet(Markdown.code(f.code()) + ": " + Markdown.text(f.message())));
        }
    }

    private static void step(Markdown md, Report report, Step step, String header, Set<Trace> shownBelow) {
        Optional<StepResult> result = report.scenarios().stream().flatMap(s -> s.steps().stream())
                .filter(r -> r.origin() instanceof EObjectOrigin o && o.element() == step).findFirst();
        md.heading(Markdown.text(header));
        if (result.isEmpty()) {
            Scenario scenario = EcoreUtil2.getContainerOfType(step, Scenario.class);
            Optional<ScenarioResult> sr = scenario == null ? Optional.empty() : result(report, scenario);
            md.line(sr.filter(s -> !s.skipped().isEmpty()).map(s -> "Not run: " + Markdown.text(s.skipped()) + ".")
                    .orElse("Not run."));
            return;
        }
        StepResult r = result.get();
        var parts = new ArrayList<String>();
        parts.add("step " + (r.index() + 1));
        parts.add("outcome " + Markdown.code(r.outcome().keyword()));
        r.expected().ifPresent(e -> parts.add(r.passed() ? "as expected" : "expected " + Markdown.code(e.keyword())));
        md.line(Markdown.join(parts));
        if (!shownBelow.contains(r.trace())) {
            md.trace(r.trace());
        }
    }

    private static void scenario(Markdown md, Report report, Scenario scenario) {
        md.heading("scenario " + Markdown.text(String.valueOf(scenario.getName())));
        Optional<ScenarioResult> result = result(report, scenario);
        if (result.isEmpty()) {
            md.line("Not run.");
            return;
        }
        ScenarioResult r = result.get();
        md.line("vm " + Markdown.code(r.vm()) + profile(report, r.vm()).map(p -> " on " + Markdown.text(p)).orElse(""));
        md.line(Markdown.text(Annotations.summary(r)));
        for (StepResult s : r.steps()) {
            md.bullet((s.index() + 1) + ". " + Markdown.code(s.outcome().keyword())
                    + s.expected().map(e -> s.passed() ? " ✓" : " ✗ expected " + Markdown.code(e.keyword())).orElse("")
                    + " — " + Markdown.text(operationText(s)));
        }
    }

    /** A step's operation as written, whitespace collapsed. */
    private static String operationText(StepResult s) {
        if (s.origin() instanceof EObjectOrigin o && o.element() instanceof Step step && step.getOperation() != null) {
            INode node = NodeModelUtils.findActualNodeFor(step.getOperation());
            if (node != null) {
                return NodeModelUtils.getTokenText(node).replaceAll("\\s+", " ").trim();
            }
        }
        return s.operation().getClass().getSimpleName();
    }

    private static Optional<ScenarioResult> result(Report report, Scenario scenario) {
        return report.scenarios().stream()
                .filter(s -> s.origin() instanceof EObjectOrigin o && o.element() == scenario).findFirst();
    }

    private static void finding(Markdown md, Finding f, Function<String, Optional<String>> rulePage) {
        md.rule();
        md.heading(f.severity().keyword() + " " + Markdown.code(f.code()) + ": " + Markdown.text(f.rule().title()));
        md.line(Markdown.text(f.message()));
        md.trace(f.trace());
        Catalog.page(f.code()).ifPresent(md::page);
        rulePage.apply(f.code())
                .ifPresent(href -> md.line("").line("[Rule page: " + f.code() + "](" + href + ")"));
    }

    private static List<ElementNote> notes(Report report, EObject element) {
        return report.notes().stream().filter(n -> n.origin() instanceof EObjectOrigin o && o.element() == element)
                .toList();
    }

    private static List<Finding> findingsAbout(Report report, EObject element) {
        return report.findings().stream().filter(f -> f.origin() instanceof EObjectOrigin o && o.element() == element)
                .toList();
    }

    private static Optional<String> profile(Report report, String vm) {
        return VmProfile.inReport(report, vm).map(VmProfile::description);
    }

    private static EObjectAtOffsetHelper offsets(XtextResource resource) {
        var provider = resource.getResourceServiceProvider();
        EObjectAtOffsetHelper helper = provider == null ? null : provider.get(EObjectAtOffsetHelper.class);
        return helper != null ? helper : new EObjectAtOffsetHelper();
    }
}
