package dev.vmem.server.lsp;

import dev.vmem.editor.settings.SeverityLevel;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vmem.dsl.analysis.Place;
import dev.vmem.dsl.analysis.Placed;
import dev.vmem.dsl.analysis.RelatedPlace;
import dev.vmem.editor.fix.QuickFixes;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.lsp4j.DiagnosticCodeDescription;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Range;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.ide.server.UriExtensions;
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
    public static final String SECRET_BACKING = QuickFixes.SECRET_BACKING;
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

    /** The engine findings of an analysis that belong to its file (an internal error when the engine failed). */
    static List<Diagnostic> engine(Analysis analysis, RuleDocs docs) {
        var texts = new HashMap<Resource, TextPositions>();
        var out = new ArrayList<Diagnostic>();
        for (Placed p : analysis.placed()) {
            out.add(diagnostic(p, texts, docs));
        }
        return out;
    }

    /** The diagnostic of a placed problem: its range, related places and quick-fix data. */
    static Diagnostic diagnostic(Placed p, Map<Resource, TextPositions> texts, RuleDocs docs) {
        var d = new Diagnostic();
        d.setRange(range(p.place(), texts));
        d.setSeverity(severity(p.severity()));
        d.setCode(p.code());
        d.setSource(SOURCE);
        docs.href(p.code()).ifPresent(href -> d.setCodeDescription(new DiagnosticCodeDescription(href)));
        Finding f = p.finding();
        String path = f == null ? "" : f.trace().kernelPath();
        d.setMessage(path.isEmpty() ? p.message() : p.message() + "\n" + path);
        var related = new ArrayList<DiagnosticRelatedInformation>();
        for (RelatedPlace r : p.related()) {
            URI uri = r.place().resource().getURI();
            if (uri != null) {
                related.add(new DiagnosticRelatedInformation(
                        new Location(URIS.toUriString(uri), range(r.place(), texts)), r.message()));
            }
        }
        if (!related.isEmpty()) {
            d.setRelatedInformation(related);
        }
        var data = new JsonObject();
        data.addProperty(KIND, KIND_ENGINE);
        if (f != null) {
            data.addProperty(OUTCOME, f.outcome().keyword());
            if (!f.vm().isEmpty()) {
                data.addProperty(VM, f.vm());
            }
            QuickFixes.secretBacking(f).ifPresent(b -> data.addProperty(SECRET_BACKING, b));
            f.data().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> data.addProperty(e.getKey(), e.getValue()));
        }
        data.addProperty(DEFAULT_SEVERITY, SeverityLevel.of(p.severity()).name());
        d.setData(data);
        return d;
    }

    private static Range range(Place place, Map<Resource, TextPositions> texts) {
        return texts.computeIfAbsent(place.resource(), TextPositions::of).range(place.offset(), place.length());
    }

    static Optional<Vm> vm(Model model, String name) {
        return EcoreUtil2.typeSelect(model.getDeclarations(), Vm.class).stream()
                .filter(v -> name.equals(v.getName())).findFirst();
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
            SeverityLevel level = settings.levelOf(code, level(d.getSeverity()));
            if (level == SeverityLevel.OFF) {
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
        return severity(SeverityLevel.of(s));
    }

    static DiagnosticSeverity severity(SeverityLevel level) {
        return switch (level) {
            case ERROR -> DiagnosticSeverity.Error;
            case WARNING -> DiagnosticSeverity.Warning;
            case INFO, OFF -> DiagnosticSeverity.Information;
        };
    }

    static SeverityLevel level(DiagnosticSeverity s) {
        if (s == null) {
            return SeverityLevel.ERROR;
        }
        return switch (s) {
            case Error -> SeverityLevel.ERROR;
            case Warning -> SeverityLevel.WARNING;
            case Information, Hint -> SeverityLevel.INFO;
        };
    }
}
