package dev.vmem.server.cli;

import com.google.inject.Injector;
import dev.vmem.dsl.analysis.Background;
import dev.vmem.dsl.analysis.CheckedFile;
import dev.vmem.dsl.analysis.Checker;
import dev.vmem.dsl.analysis.Place;
import dev.vmem.dsl.analysis.Placed;
import dev.vmem.dsl.mapping.EObjectOrigin;
import dev.vmem.dsl.parser.LexedText;
import dev.vmem.dsl.scoping.ImportRoots;
import dev.vmem.dsl.text.LineIndex;
import dev.vmem.dsl.vmem.Step;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.report.BackingExposure;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;

/**
 * Checks one file for the CLI: reads it within the size limit, decodes it, parses it with Xtext (in a
 * resource set of its own, so that files can be checked on several threads at once) and hands it to
 * the language's one {@link Checker}, whose placed problems it turns into {@link Problem}s, with the
 * CLI's own additions (the cap on syntax errors, exposure summaries, scenario runs).
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

    private final Supplier<Injector> injector;
    private final Limits limits;
    private final ImportRoots importRoots;
    private final Executor spareThreads;
    /** Files read ahead ({@link #readAhead}), until their check takes them. */
    private final Map<InputFile, FutureTask<Read>> readAhead = new ConcurrentHashMap<>();

    public XtextFileChecker(Injector injector, Limits limits) {
        this(injector, limits, null);
    }

    /** @param importRoots where imports may read (null: the language's default, see {@link ImportRoots}) */
    public XtextFileChecker(Injector injector, Limits limits, ImportRoots importRoots) {
        this(() -> injector, limits, importRoots);
    }

    /**
     * A checker whose injector may still be in the making: reading, decoding and lexing a file need none
     * ({@link #readAhead}); {@code injector} is asked when a file is parsed, on the thread that checks it.
     */
    public XtextFileChecker(Supplier<Injector> injector, Limits limits, ImportRoots importRoots) {
        this(injector, limits, importRoots, null);
    }

    /**
     * @param spareThreads where a file's engine may run while its validation runs on the checking thread
     *                     ({@link Checker#checkAlongside}; {@link BatchChecker#spareThreads}), or null: one
     *                     after the other. The reports are the same either way.
     */
    public XtextFileChecker(Supplier<Injector> injector, Limits limits, ImportRoots importRoots, Executor spareThreads) {
        this.injector = injector;
        this.limits = limits;
        this.importRoots = importRoots;
        this.spareThreads = spareThreads;
    }

    /** A file read, decoded, and lexed (what needs no injector), or the report of why it cannot be read. */
    private record Read(FileReport unreadable, SourceText source, List<ExpectHeader> expects, LexedText lexed) {
        static Read failed(FileReport report) {
            return new Read(report, null, null, null);
        }
    }

    /**
     * Starts reading, decoding and lexing {@code input} on a thread of its own, for its {@link #check} to
     * pick up: the command line does this for its first file while the injector is still being created
     * (docs/benchmarks.md, fourth pass). What the check reports is the same either way.
     */
    public void readAhead(InputFile input) {
        var task = new FutureTask<>(() -> read(input));
        if (readAhead.putIfAbsent(input, task) == null) {
            Thread thread = new Thread(null, task, "vmem-read-ahead", BatchChecker.STACK_BYTES);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Checks a file; throws only for bugs (the caller turns those into internal-error reports). */
    public FileReport check(InputFile input) {
        FutureTask<Read> ahead = readAhead.remove(input);
        Read read = ahead == null ? read(input) : join(ahead);
        if (read.unreadable() != null) {
            return read.unreadable();
        }
        return check(input, read);
    }

    private static Read join(FutureTask<Read> task) {
        return Background.join(task, "reading a file ahead");
    }

    /** Reads the file within the size limit, decodes it, finds its expect headers and lexes it. */
    private Read read(InputFile input) {
        String path = input.displayPath();
        Timings timings = Timings.start(path);
        byte[] bytes;
        try {
            long size = Files.size(input.path());
            if (size > limits.maxFileBytes()) {
                return Read.failed(FileReport.unreadable(Problem.aboutFile(path, Codes.INPUT_TOO_LARGE, Severity.ERROR,
                        "file too large: " + size + " bytes, more than the limit of " + limits.maxFileBytes()
                                + " (--max-file-size)",
                        ProblemKind.INPUT)));
            }
            bytes = Files.readAllBytes(input.path());
        } catch (IOException e) {
            return Read.failed(FileReport.unreadable(Problem.aboutFile(path, Codes.UNREADABLE_INPUT, Severity.ERROR,
                    "cannot read: " + InputCollector.describe(e), ProblemKind.INPUT)));
        }
        if (bytes.length > limits.maxFileBytes()) {
            return Read.failed(FileReport.unreadable(Problem.aboutFile(path, Codes.INPUT_TOO_LARGE, Severity.ERROR,
                    "file too large: more than the limit of " + limits.maxFileBytes() + " bytes (--max-file-size)",
                    ProblemKind.INPUT)));
        }
        // The tokens lexed before the command line was parsed, when they come from exactly these bytes: their
        // text is what decoding them gives.
        LexedText lexed = EarlyLex.take(input.path(), bytes);
        String text;
        if (lexed != null) {
            text = lexed.text();
        } else {
            try {
                text = TextDecoder.decode(bytes);
            } catch (TextDecoder.NotTextException e) {
                return Read.failed(FileReport.unreadable(Problem.aboutFile(path, Codes.UNREADABLE_INPUT, Severity.ERROR,
                        e.getMessage(), ProblemKind.INPUT)));
            }
        }
        Timings.phase(timings, "read");
        var source = new SourceText(text);
        List<ExpectHeader> expects = ExpectHeaders.read(source);
        Timings.phase(timings, "lines");
        if (lexed == null) {
            lexed = LexedText.lex(text);
        }
        Timings.phase(timings, "lex");
        return new Read(null, source, expects, lexed);
    }

    private FileReport check(InputFile input, Read read) {
        Timings timings = Timings.start(input.displayPath());
        SourceText source = read.source();
        XtextResource resource = load(input, read.lexed());
        Timings.phase(timings, "parse");
        CheckedFile checked;
        if (spareThreads == null) {
            List<Issue> issues = Checker.validate(resource, CancelIndicator.NullImpl);
            Timings.phase(timings, "validate");
            checked = Checker.of(resource).check(resource, issues, limits.engineOptions(), CancelIndicator.NullImpl);
            Timings.phase(timings, "engine");
        } else {
            checked = Checker.of(resource).checkAlongside(resource, limits.engineOptions(), CancelIndicator.NullImpl,
                    spareThreads);
            Timings.phase(timings, "validate+engine");
        }
        if (checked.failure() instanceof RuntimeException e) {
            throw e; // the CLI reports it as every internal error: exit 3, the stack trace with --debug
        }
        var places = new Places(input, resource, source);
        if (checked.unparsable()) {
            return new FileReport(input.displayPath(), FileReport.Status.UNPARSABLE,
                    sorted(structural(checked, places, source)), List.of(), List.of(), read.expects());
        }
        var problems = structural(checked, places, source);
        checked.findings().forEach(p -> problems.add(problem(p, places)));
        List<Exposure> exposure = List.of();
        List<ScenarioRun> scenarios = List.of();
        if (checked.ran()) {
            exposure = checked.report().exposures().stream().map(e -> exposure(e, places)).toList();
            scenarios = checked.report().scenarios().stream().map(s -> scenario(s, places)).toList();
        }
        var report = new FileReport(input.displayPath(), FileReport.Status.CHECKED, sorted(dedupe(problems)), exposure,
                scenarios, read.expects());
        Timings.phase(timings, "report");
        return report;
    }

    /** Parses the file from its tokens, in a resource set of its own (imports load into it). */
    private XtextResource load(InputFile input, LexedText lexed) {
        XtextResourceSet resourceSet = injector.get().getInstance(XtextResourceSet.class);
        if (importRoots != null) {
            importRoots.installOn(resourceSet);
        }
        URI uri = URI.createFileURI(input.path().toAbsolutePath().normalize().toString());
        var resource = (XtextResource) resourceSet.createResource(uri);
        if (resource == null) {
            throw new IllegalStateException("no Xtext resource factory for " + uri);
        }
        try {
            resource.load(lexed.inputStream(), Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
        } catch (IOException e) {
            throw new IllegalStateException("loading from memory failed", e);
        }
        return resource;
    }

    /** Syntax errors (at most {@code maxSyntaxErrors}, then one line saying how many more) and structural problems. */
    private List<Problem> structural(CheckedFile checked, Places places, SourceText source) {
        var syntax = new ArrayList<Problem>();
        var structure = new ArrayList<Problem>();
        int syntaxCount = 0;
        Span firstOmitted = null;
        for (Placed p : checked.structural()) {
            if (p.kind() != Placed.Kind.SYNTAX) {
                structure.add(problem(p, places));
                continue;
            }
            syntaxCount++;
            if (syntaxCount <= limits.maxSyntaxErrors()) {
                syntax.add(problem(p, places));
            } else if (firstOmitted == null) {
                firstOmitted = source.span(p.offset(), p.length());
            }
        }
        if (firstOmitted != null) {
            syntax.add(new Problem(Codes.SYNTAX_ERROR, Severity.ERROR,
                    (syntaxCount - limits.maxSyntaxErrors()) + " more syntax errors not shown (" + syntaxCount
                            + " in all)",
                    new Location(places.input.displayPath(), firstOmitted, source.normalizedLine(firstOmitted.line())),
                    true, List.of(), List.of(), ProblemKind.SYNTAX));
        }
        syntax.addAll(structure);
        return syntax;
    }

    private static Problem problem(Placed p, Places places) {
        var related = p.related().stream()
                .map(r -> new RelatedLocation(oneLine(r.message()), places.of(r.place()))).toList();
        List<TraceLink> trace = p.finding() == null ? List.of() : links(p.finding().trace());
        ProblemKind kind = switch (p.kind()) {
            case SYNTAX -> ProblemKind.SYNTAX;
            case STRUCTURE -> ProblemKind.STRUCTURE;
            case ENGINE -> ProblemKind.ENGINE;
            case INTERNAL -> ProblemKind.INTERNAL;
        };
        return new Problem(p.code(), p.severity(), oneLine(p.message()), places.of(p.place()), true, related, trace,
                kind);
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

    private static ScenarioRun scenario(ScenarioResult s, Places places) {
        var steps = new ArrayList<ScenarioRun.Step>();
        for (StepResult step : s.steps()) {
            steps.add(new ScenarioRun.Step(step.index(), operationText(step.origin()).orElse(oneLine(step.origin().describe())),
                    step.outcome().keyword(), step.expected().map(o -> o.keyword()).orElse(null),
                    places.spanInFile(step.origin()), links(step.trace())));
        }
        return new ScenarioRun(s.name(), s.vm(), places.spanInFile(s.origin()), oneLine(s.skipped()), steps);
    }

    /** The operation of a scenario step as written, whitespace collapsed, without its expect clause. */
    private static Optional<String> operationText(Origin origin) {
        return origin instanceof EObjectOrigin o && o.element() instanceof Step step && step.getOperation() != null
                ? Optional.ofNullable(NodeModelUtils.findActualNodeFor(step.getOperation()))
                        .map(n -> SourceText.collapse(NodeModelUtils.getTokenText(n)))
                : Optional.empty();
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
     * Turns the checker's places into locations: in the checked file, or in a file it imports (with
     * that file's path written relative to the checked file's, as the import names it).
     */
    private static final class Places {
        private final InputFile input;
        private final XtextResource resource;
        private final Map<Resource, SourceText> texts = new HashMap<>();

        Places(InputFile input, XtextResource resource, SourceText source) {
            this.input = input;
            this.resource = resource;
            texts.put(resource, source);
        }

        Location of(Place place) {
            SourceText text = texts.computeIfAbsent(place.resource(), r -> new SourceText(LineIndex.of(r).text()));
            Span span = text.span(place.offset(), place.length());
            return new Location(pathOf(place.resource()), span, text.normalizedLine(span.line()));
        }

        /** A span in the checked file (origins elsewhere give the file's start). */
        Span spanInFile(Origin origin) {
            return Checker.placeOf(origin, false).filter(p -> p.resource() == resource)
                    .map(p -> texts.get(resource).span(p.offset(), p.length())).orElse(Span.FILE_START);
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
    }
}
