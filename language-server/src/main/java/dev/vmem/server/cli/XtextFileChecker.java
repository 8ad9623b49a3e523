package dev.vmem.server.cli;

import com.google.inject.Injector;
import dev.vmem.dsl.scoping.ImportRoots;
import dev.vmem.dsl.validation.VMemIssueCodes;
import dev.vmem.engine.Engine;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.report.BackingExposure;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.ScenarioResult;
import dev.vmem.engine.report.Severity;
import dev.vmem.engine.report.StepResult;
import dev.vmem.engine.report.Trace;
import dev.vmem.engine.report.VmExposure;
import dev.vmem.server.cli.report.Codes;
import dev.vmem.server.cli.report.ExpectHeader;
import dev.vmem.server.cli.report.Exposure;
import dev.vmem.server.cli.report.FileReport;
import dev.vmem.server.cli.report.Location;
import dev.vmem.server.cli.report.Problem;
import dev.vmem.server.cli.report.ProblemKind;
import dev.vmem.server.cli.report.RelatedLocation;
import dev.vmem.server.cli.report.ScenarioRun;
import dev.vmem.server.cli.report.Span;
import dev.vmem.server.cli.report.TraceLink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.LazyStringInputStream;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

/**
 * Checks one file: reads it, parses it with Xtext (in a resource set of its own, so that files can
 * be checked on several threads at once), reports syntax errors, runs the language's structural
 * validation, and, when the file has no errors so far, maps it to the engine's {@link Program}, runs
 * the engine and places every finding on the element its origin names.
 *
 * <p>Everything that comes out is plain data ({@link FileReport}); the resource set is dropped when
 * the method returns.
 */
public final class XtextFileChecker {

    /** How a check is bounded. */
    public record Limits(long maxFileBytes, int maxSyntaxErrors, EngineOptions engineOptions) {
        public static final long DEFAULT_MAX_FILE_BYTES = 4L << 20;
        public static final int DEFAULT_MAX_SYNTAX_ERRORS = 50;

        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_SYNTAX_ERRORS, EngineOptions.defaults());
        }
    }

    private final Injector injector;
    private final DslBridge bridge;
    private final Limits limits;
    private final ImportRoots importRoots;

    public XtextFileChecker(Injector injector, Limits limits) {
        this(injector, limits, null);
    }

    /** @param importRoots where imports may read (null: the language's default, see {@link ImportRoots}) */
    public XtextFileChecker(Injector injector, Limits limits, ImportRoots importRoots) {
        this.injector = injector;
        this.bridge = new DslBridge(injector);
        this.limits = limits;
        this.importRoots = importRoots;
    }

    /** Checks a file; throws only for bugs (the caller turns those into internal-error reports). */
    public FileReport check(InputFile input) {
        String path = input.displayPath();
        byte[] bytes;
        try {
            long size = Files.size(input.path());
            if (size > limits.maxFileBytes()) {
                return FileReport.unreadable(Problem.aboutFile(path, Codes.INPUT_TOO_LARGE, Severity.ERROR,
                        "file too large: " + size + " bytes, more than the limit of " + limits.maxFileBytes()
                                + " (--max-file-size)",
                        ProblemKind.INPUT));
            }
            bytes = Files.readAllBytes(input.path());
        } catch (IOException e) {
            return FileReport.unreadable(Problem.aboutFile(path, Codes.UNREADABLE_INPUT, Severity.ERROR,
                    "cannot read: " + InputCollector.describe(e), ProblemKind.INPUT));
        }
        if (bytes.length > limits.maxFileBytes()) {
            return FileReport.unreadable(Problem.aboutFile(path, Codes.INPUT_TOO_LARGE, Severity.ERROR,
                    "file too large: more than the limit of " + limits.maxFileBytes() + " bytes (--max-file-size)",
                    ProblemKind.INPUT));
        }
        String text;
        try {
            text = TextDecoder.decode(bytes);
        } catch (TextDecoder.NotTextException e) {
            return FileReport.unreadable(Problem.aboutFile(path, Codes.UNREADABLE_INPUT, Severity.ERROR,
                    e.getMessage(), ProblemKind.INPUT));
        }
        return check(input, text);
    }

    private FileReport check(InputFile input, String text) {
        var source = new SourceText(text);
        List<ExpectHeader> expects = ExpectHeaders.read(source);

        XtextResourceSet resourceSet = injector.getInstance(XtextResourceSet.class);
        if (importRoots != null) {
            importRoots.installOn(resourceSet);
        }
        URI uri = URI.createFileURI(input.path().toAbsolutePath().normalize().toString());
        var resource = (XtextResource) resourceSet.createResource(uri);
        if (resource == null) {
            throw new IllegalStateException("no Xtext resource factory for " + uri);
        }
        try {
            resource.load(new LazyStringInputStream(text, "UTF-8"), Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
        } catch (IOException e) {
            throw new IllegalStateException("loading from memory failed", e);
        }
        var places = new Places(input, resource, source);

        // FAST checks only: the language's structural checks are FAST; the NORMAL one is the engine
        // adapter for editors, and this class runs the engine itself (for traces, exposure, scenarios).
        // Syntax and linking diagnostics come whatever the mode.
        IResourceValidator validator = resource.getResourceServiceProvider().getResourceValidator();
        List<Issue> issues = validator.validate(resource, CheckMode.FAST_ONLY, CancelIndicator.NullImpl);

        var syntax = new ArrayList<Problem>();
        var structure = new ArrayList<Problem>();
        int syntaxCount = 0;
        Span firstOmitted = null;
        for (Issue issue : issues) {
            String code = issue.getCode() == null ? "" : issue.getCode();
            if (Rule.byCode(code).isPresent()) {
                continue; // engine findings come from running the engine here, with traces
            }
            boolean isSyntax = issue.isSyntaxError() && (code.isEmpty() || code.equals(VMemIssueCodes.SYNTAX_ERROR)
                    || code.startsWith("org.eclipse.xtext.diagnostics.Diagnostic.Syntax"));
            Severity severity = severity(issue);
            if (severity == null) {
                continue;
            }
            Location location = places.ofIssue(issue);
            if (isSyntax) {
                syntaxCount++;
                if (syntaxCount > limits.maxSyntaxErrors()) {
                    if (firstOmitted == null) {
                        firstOmitted = location.span();
                    }
                    continue;
                }
                syntax.add(new Problem(Codes.SYNTAX_ERROR, Severity.ERROR, oneLine(issue.getMessage()), location,
                        true, List.of(), List.of(), ProblemKind.SYNTAX));
            } else {
                structure.add(new Problem(structureCode(code), severity, oneLine(issue.getMessage()), location, true,
                        List.of(), List.of(), ProblemKind.STRUCTURE));
            }
        }
        if (syntaxCount > 0) {
            if (firstOmitted != null) {
                syntax.add(new Problem(Codes.SYNTAX_ERROR, Severity.ERROR,
                        (syntaxCount - limits.maxSyntaxErrors()) + " more syntax errors not shown ("
                                + syntaxCount + " in all)",
                        new Location(input.displayPath(), firstOmitted, source.normalizedLine(firstOmitted.line())),
                        true, List.of(), List.of(), ProblemKind.SYNTAX));
            }
            var problems = new ArrayList<Problem>(syntax);
            problems.addAll(structure);
            return new FileReport(input.displayPath(), FileReport.Status.UNPARSABLE, sorted(problems), List.of(),
                    List.of(), expects);
        }

        var problems = new ArrayList<Problem>(structure);
        List<Exposure> exposure = List.of();
        List<ScenarioRun> scenarios = List.of();
        boolean structurallySound = structure.stream().noneMatch(p -> p.severity() == Severity.ERROR);
        if (structurallySound) {
            Program program = bridge.map(resource);
            Report report = Engine.run(program, limits.engineOptions());
            problems.addAll(findings(report, places));
            exposure = report.exposures().stream().map(e -> exposure(e, places)).toList();
            scenarios = report.scenarios().stream().map(s -> scenario(s, places)).toList();
        }
        return new FileReport(input.displayPath(), FileReport.Status.CHECKED, sorted(dedupe(problems)), exposure,
                scenarios, expects);
    }

    private static Severity severity(Issue issue) {
        return switch (issue.getSeverity()) {
            case ERROR -> Severity.ERROR;
            case WARNING -> Severity.WARNING;
            case INFO -> Severity.INFO;
            case IGNORE -> null;
        };
    }

    /** Xtext's own codes (when a language service did not set one) mapped to the language's. */
    private static String structureCode(String code) {
        if (code.isEmpty()) {
            return "structure";
        }
        if (code.equals("org.eclipse.xtext.diagnostics.Diagnostic.Linking")) {
            return VMemIssueCodes.UNRESOLVED_REFERENCE;
        }
        return code;
    }

    private List<Problem> findings(Report report, Places places) {
        var problems = new ArrayList<Problem>();
        for (Finding f : report.findings()) {
            Location location = places.primary(f.origin());
            var related = new ArrayList<RelatedLocation>();
            for (Related r : f.related()) {
                places.of(r.origin()).ifPresent(l -> related.add(new RelatedLocation(oneLine(r.message()), l)));
            }
            String message = oneLine(f.message());
            if (!location.path().equals(places.input.displayPath())) {
                // The origin is in an imported file: report it on the import that brings that file in.
                related.add(0, new RelatedLocation("here, in an imported file", location));
                location = places.importOf(location.path());
            }
            problems.add(new Problem(f.code(), f.severity(), message, location, true, related, links(f.trace()),
                    ProblemKind.ENGINE));
        }
        return problems;
    }

    private static List<TraceLink> links(Trace trace) {
        return trace.steps().stream()
                .map(s -> new TraceLink(s.kind().keyword(), oneLine(s.text()), s.fact().map(k -> k.citation()).orElse(null)))
                .toList();
    }

    private static Exposure exposure(VmExposure e, Places places) {
        var backings = new ArrayList<Exposure.BackingExposure>();
        for (BackingExposure b : e.backings()) {
            backings.add(new Exposure.BackingExposure(b.backing(), b.kind().keyword(), places.spanInFile(b.origin()),
                    b.guestBytes(), b.directMapBytes(), b.hardwareProtectedBytes(), b.removedBytes(),
                    oneLine(b.reason())));
        }
        return new Exposure(e.vm(), places.spanInFile(e.origin()), e.guestBytes(), e.directMapBytes(),
                e.removedBytes(), e.largePagesSplit(), backings);
    }

    private ScenarioRun scenario(ScenarioResult s, Places places) {
        var steps = new ArrayList<ScenarioRun.Step>();
        for (StepResult step : s.steps()) {
            steps.add(new ScenarioRun.Step(step.index(), bridge.operationText(step.origin()).orElse(oneLine(step.origin().describe())),
                    step.outcome().keyword(), step.expected().map(o -> o.keyword()).orElse(null),
                    places.spanInFile(step.origin()), links(step.trace())));
        }
        return new ScenarioRun(s.name(), s.vm(), places.spanInFile(s.origin()), oneLine(s.skipped()), steps);
    }

    private static List<Problem> dedupe(List<Problem> problems) {
        return List.copyOf(new LinkedHashSet<>(problems));
    }

    private static List<Problem> sorted(List<Problem> problems) {
        var copy = new ArrayList<>(problems);
        copy.sort(Comparator.comparingInt((Problem p) -> p.span().line())
                .thenComparingInt(p -> p.span().column())
                .thenComparingInt(p -> p.span().endLine())
                .thenComparingInt(p -> p.span().endColumn()));
        return copy;
    }

    /** One line of printable text: line breaks become spaces, other control characters \\uXXXX escapes. */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String joined = s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
        var b = new StringBuilder(joined.length());
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '\t') {
                b.append(' ');
            } else if (Character.isISOControl(c) || c == 0xFFFE || c == 0xFFFF) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Turns origins and issues into locations: in the checked file, or in a file it imports (with
     * that file's path written relative to the checked file's, as the import names it).
     */
    private final class Places {
        private final InputFile input;
        private final XtextResource resource;
        private final SourceText source;
        private final Map<Resource, SourceText> texts = new HashMap<>();

        Places(InputFile input, XtextResource resource, SourceText source) {
            this.input = input;
            this.resource = resource;
            this.source = source;
            texts.put(resource, source);
        }

        Location ofIssue(Issue issue) {
            Integer offset = issue.getOffset();
            Integer length = issue.getLength();
            Span span;
            if (offset != null && offset >= 0) {
                span = source.span(offset, length == null ? 0 : length);
            } else if (issue.getLineNumber() != null && issue.getLineNumber() > 0) {
                int line = Math.min(issue.getLineNumber(), source.lineCount());
                int column = issue.getColumn() == null || issue.getColumn() < 1 ? 1 : issue.getColumn();
                span = new Span(line, column, line, column);
            } else {
                span = Span.FILE_START;
            }
            return new Location(input.displayPath(), span, source.normalizedLine(span.line()));
        }

        /** Where an origin is; the start of the checked file when the origin names nothing in the source. */
        Location primary(Origin origin) {
            return of(origin).orElseGet(() -> new Location(input.displayPath(), Span.FILE_START, source.normalizedLine(1)));
        }

        Optional<Location> of(Origin origin) {
            return bridge.locate(origin).map(ref -> {
                Resource r = ref.resource();
                SourceText text = texts.computeIfAbsent(r, DslBridge::textOf);
                Span span = text.span(ref.offset(), ref.length());
                return new Location(pathOf(r), span, text.normalizedLine(span.line()));
            });
        }

        /** A span in the checked file (origins elsewhere give the file's start). */
        Span spanInFile(Origin origin) {
            return bridge.locate(origin).filter(ref -> ref.resource() == resource)
                    .map(ref -> source.span(ref.offset(), ref.length())).orElse(Span.FILE_START);
        }

        private String pathOf(Resource r) {
            if (r == resource) {
                return input.displayPath();
            }
            URI uri = r.getURI();
            if (uri != null && uri.isFile()) {
                Path other = Path.of(uri.toFileString());
                Path here = input.path().toAbsolutePath().normalize().getParent();
                Path display = Path.of(input.displayPath()).getParent();
                Path relative = here == null ? other : here.relativize(other);
                return (display == null ? relative : display.resolve(relative)).normalize().toString();
            }
            return String.valueOf(uri);
        }

        /** The import statement of the checked file that brings in {@code path}, or the file's start. */
        Location importOf(String path) {
            return bridge.importLocation(resource, r -> pathOf(r).equals(path))
                    .map(ref -> {
                        Span span = source.span(ref.offset(), ref.length());
                        return new Location(input.displayPath(), span, source.normalizedLine(span.line()));
                    })
                    .orElseGet(() -> new Location(input.displayPath(), Span.FILE_START, source.normalizedLine(1)));
        }
    }
}
