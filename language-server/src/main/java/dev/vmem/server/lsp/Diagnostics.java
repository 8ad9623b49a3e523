package dev.vmem.server.lsp;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vmem.dsl.mapping.EObjectOrigin;
import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.BackingKind;
import dev.vmem.dsl.vmem.Kernel;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmKernel;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.lsp4j.DiagnosticCodeDescription;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.ide.server.UriExtensions;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.Issue;

/**
 * LSP diagnostics, filled completely: {@code source} "vmem", the rule {@code code} with its page as
 * {@code codeDescription.href}, the related elements as {@code relatedInformation} (the backing, the
 * slot, the feature, the kernel profile), the kernel path of the trace on a second message line, and
 * {@code data} for quick fixes:
 *
 * <pre>
 * { "kind": "engine", "outcome": "efault", "vm": "web", "secretBacking": "ram", …the finding's own data… }
 * { "kind": "structural", "args": [ …the issue's data… ] }
 * </pre>
 *
 * Diagnostics are made with the rule's default severity; {@link #withSettings} applies the user's.
 */
public final class Diagnostics {

    /** The {@code source} of every diagnostic this server publishes. */
    public static final String SOURCE = "vmem";

    /** Data keys. */
    public static final String KIND = "kind";
    public static final String KIND_ENGINE = "engine";
    public static final String KIND_STRUCTURAL = "structural";
    public static final String OUTCOME = "outcome";
    public static final String VM = "vm";
    public static final String SECRET_BACKING = "secretBacking";
    public static final String DEFAULT_SEVERITY = "defaultSeverity";

    private static final UriExtensions URIS = new UriExtensions();

    private Diagnostics() {
    }

    /** Completes what Xtext made of a parse, link or structural issue. */
    static Diagnostic structural(Diagnostic d, Issue issue, RuleDocs docs) {
        d.setSource(SOURCE);
        docs.href(issue.getCode()).ifPresent(href -> d.setCodeDescription(new DiagnosticCodeDescription(href)));
        var data = new JsonObject();
        data.addProperty(KIND, KIND_STRUCTURAL);
        var args = new JsonArray();
        if (issue.getData() != null) {
            for (String s : issue.getData()) {
                args.add(s);
            }
        }
        data.add("args", args);
        data.addProperty(DEFAULT_SEVERITY, d.getSeverity() == null ? "error" : level(d.getSeverity()).name());
        d.setData(data);
        return d;
    }

    /** The engine findings of an analysis that belong to its file. */
    static List<Diagnostic> engine(Analysis analysis, RuleDocs docs) {
        if (!analysis.ran()) {
            return List.of();
        }
        var text = TextPositions.of(analysis.resource());
        var others = new HashMap<Resource, TextPositions>();
        others.put(analysis.resource(), text);
        // One lookup per VM, not per finding: a VM with 100,000 members and as many findings would
        // otherwise walk its members once for each (n^2).
        var kernels = new HashMap<String, Optional<Kernel>>();
        var out = new ArrayList<Diagnostic>();
        for (Analysis.Placed p : analysis.placed()) {
            out.add(engine(p, analysis, text, others, docs, kernels));
        }
        return out;
    }

    private static Diagnostic engine(Analysis.Placed p, Analysis analysis, TextPositions text,
            Map<Resource, TextPositions> texts, RuleDocs docs, Map<String, Optional<Kernel>> kernels) {
        Finding f = p.finding();
        var d = new Diagnostic();
        d.setRange(text.range(p.offset(), p.length()));
        d.setSeverity(severity(f.severity()));
        d.setCode(f.code());
        d.setSource(SOURCE);
        docs.href(f.code()).ifPresent(href -> d.setCodeDescription(new DiagnosticCodeDescription(href)));
        String path = f.trace().kernelPath();
        d.setMessage(path.isEmpty() ? f.message() : f.message() + "\n" + path);

        var related = new ArrayList<DiagnosticRelatedInformation>();
        Set<EObject> seen = new HashSet<>();
        String backing = null;
        for (Related r : f.related()) {
            if (r.origin() instanceof EObjectOrigin o) {
                location(o.node(), o.element(), texts).ifPresent(
                        l -> related.add(new DiagnosticRelatedInformation(l, r.message())));
                seen.add(o.element());
                if (backing == null && o.element() instanceof Backing b && b.getKind() == BackingKind.MEMFD_SECRET) {
                    backing = b.getName();
                }
            }
        }
        if (backing == null && f.origin() instanceof EObjectOrigin o && o.element() instanceof Backing b
                && b.getKind() == BackingKind.MEMFD_SECRET) {
            backing = b.getName();
        }
        kernels.computeIfAbsent(f.vm(), vm -> kernelOf(analysis, vm)).filter(k -> !seen.contains(k)).ifPresent(k -> {
            String description = analysis.report().profiles().stream().filter(rp -> rp.vm().equals(f.vm()))
                    .map(Report.ResolvedProfile::description).findFirst().orElse(k.getName());
            location(Analysis.nameNode(k).orElse(null), k, texts).ifPresent(
                    l -> related.add(new DiagnosticRelatedInformation(l, "kernel profile " + description)));
        });
        if (!related.isEmpty()) {
            d.setRelatedInformation(related);
        }

        var data = new JsonObject();
        data.addProperty(KIND, KIND_ENGINE);
        data.addProperty(OUTCOME, f.outcome().keyword());
        if (!f.vm().isEmpty()) {
            data.addProperty(VM, f.vm());
        }
        if (backing != null) {
            data.addProperty(SECRET_BACKING, backing);
        }
        f.data().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> data.addProperty(e.getKey(), e.getValue()));
        data.addProperty(DEFAULT_SEVERITY, Settings.Level.of(f.severity()).name());
        d.setData(data);
        return d;
    }

    /** The kernel profile a VM of this file names, if it names one. */
    private static Optional<Kernel> kernelOf(Analysis analysis, String vmName) {
        if (vmName.isEmpty()) {
            return Optional.empty();
        }
        return analysis.model().flatMap(m -> vm(m, vmName))
                .flatMap(vm -> EcoreUtil2.typeSelect(vm.getMembers(), VmKernel.class).stream().findFirst())
                .map(VmKernel::getKernel).filter(k -> k != null && !k.eIsProxy());
    }

    static Optional<Vm> vm(Model model, String name) {
        return EcoreUtil2.typeSelect(model.getDeclarations(), Vm.class).stream()
                .filter(v -> name.equals(v.getName())).findFirst();
    }

    private static Optional<Location> location(INode node, EObject element, Map<Resource, TextPositions> texts) {
        Resource resource = element.eResource();
        if (node == null) {
            node = NodeModelUtils.findActualNodeFor(element);
        }
        if (node == null || resource == null || resource.getURI() == null) {
            return Optional.empty();
        }
        TextPositions text = texts.computeIfAbsent(resource, TextPositions::of);
        return Optional.of(new Location(URIS.toUriString(resource.getURI()), text.range(node)));
    }

    /**
     * Copies of {@code diagnostics} with the user's severities: a code set to {@code off} is dropped, others
     * get the chosen severity; codes not configured keep the default the diagnostic was made with.
     */
    static List<Diagnostic> withSettings(List<Diagnostic> diagnostics, Settings settings) {
        if (settings.severity().isEmpty()) {
            return diagnostics;
        }
        var out = new ArrayList<Diagnostic>(diagnostics.size());
        for (Diagnostic d : diagnostics) {
            String code = d.getCode() != null && d.getCode().isLeft() ? d.getCode().getLeft() : null;
            Settings.Level level = settings.levelOf(code, level(d.getSeverity()));
            if (level == Settings.Level.OFF) {
                continue;
            }
            DiagnosticSeverity severity = severity(level);
            if (severity == d.getSeverity()) {
                out.add(d);
            } else {
                var copy = new Diagnostic();
                copy.setRange(d.getRange());
                copy.setMessage(d.getMessage());
                copy.setSeverity(severity);
                copy.setSource(d.getSource());
                copy.setCode(d.getCode());
                copy.setCodeDescription(d.getCodeDescription());
                copy.setRelatedInformation(d.getRelatedInformation());
                copy.setData(d.getData());
                copy.setTags(d.getTags());
                out.add(copy);
            }
        }
        return out;
    }

    static DiagnosticSeverity severity(Severity s) {
        return severity(Settings.Level.of(s));
    }

    static DiagnosticSeverity severity(Settings.Level level) {
        return switch (level) {
            case ERROR -> DiagnosticSeverity.Error;
            case WARNING -> DiagnosticSeverity.Warning;
            case INFO, OFF -> DiagnosticSeverity.Information;
        };
    }

    static Settings.Level level(DiagnosticSeverity s) {
        if (s == null) {
            return Settings.Level.ERROR;
        }
        return switch (s) {
            case Error -> Settings.Level.ERROR;
            case Warning -> Settings.Level.WARNING;
            case Information, Hint -> Settings.Level.INFO;
        };
    }
}
