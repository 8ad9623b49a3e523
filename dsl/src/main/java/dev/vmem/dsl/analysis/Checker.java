package dev.vmem.dsl.analysis;

import com.google.inject.Inject;
import dev.vmem.dsl.codes.LanguageCode;
import dev.vmem.dsl.mapping.EObjectOrigin;
import dev.vmem.dsl.mapping.ModelMapper;
import dev.vmem.dsl.scoping.VMemImports;
import dev.vmem.dsl.validation.VMemIssueCodes;
import dev.vmem.dsl.vmem.Declaration;
import dev.vmem.dsl.vmem.Import;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmKernel;
import dev.vmem.dsl.vmem.VmemPackage;
import dev.vmem.engine.Engine;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Severity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.eclipse.emf.common.notify.Adapter;
import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.service.OperationCanceledManager;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;

/**
 * The one pipeline from a parsed file to what a user sees: validate (syntax, linking, the structural
 * checks) → decide whether the engine may run → map the file with its imports → run the engine →
 * place each finding on the text. The CLI, the language server, the Eclipse plugin and the memory map
 * all call it, so they agree on every file; they only convert its {@link CheckedFile} to their protocol.
 *
 * <p>The policies, decided once here:
 * <ul>
 * <li><b>When the engine runs:</b> only when the file has no issue of severity ERROR (syntax, linking
 * or structural, at the default severities): a half-parsed or contradictory model gives only noise.
 * {@link CheckedFile#skipped()} says why it did not.</li>
 * <li><b>Where a finding shows:</b> on the element its origin names when that is in this file (a VM,
 * kernel or scenario on its name, not its whole block; a feature or list entry on itself). A finding
 * whose origin is in an imported file shows on this file's VM of the same name if this file declares
 * it, else on the {@code import} that brings the origin's file in, else at the start of the file;
 * either way with the origin as the first related place ("here, in an imported file"). The kernel
 * profile a VM of this file names is a related place of the VM's findings.</li>
 * <li><b>When the engine or the mapper throws:</b> the file gets one {@code internal-error} at its
 * start, {@link CheckedFile#failure()} keeps the exception, and nothing is thrown to the caller except
 * Xtext's cancellation when {@code cancel} fired.</li>
 * </ul>
 */
public class Checker {

    private static final OperationCanceledManager CANCELS = new OperationCanceledManager();
    private static final String IN_IMPORTED_FILE = "here, in an imported file";

    private final ModelMapper mapper;

    @Inject
    public Checker(ModelMapper mapper) {
        this.mapper = mapper;
    }

    /** The checker of a resource's language. */
    public static Checker of(XtextResource resource) {
        return resource.getResourceServiceProvider().get(Checker.class);
    }

    /** Validates the file (FAST checks: the structural ones) and checks it. */
    public CheckedFile check(XtextResource resource, EngineOptions options, CancelIndicator cancel) {
        return check(resource, validate(resource, cancel), options, cancel);
    }

    /**
     * Checks a file whose issues the caller already has (an editor's build validated it): the issues
     * remembered on the resource ({@link #remember}) when they belong to its current parse, else new ones.
     */
    public CheckedFile checkValidated(XtextResource resource, EngineOptions options, CancelIndicator cancel) {
        List<Issue> issues = remembered(resource).orElseGet(() -> validate(resource, cancel));
        return check(resource, issues, options, cancel);
    }

    /** Syntax, linking and structural issues of a file (never the engine's: it is not a validator). */
    public static List<Issue> validate(XtextResource resource, CancelIndicator cancel) {
        return resource.getResourceServiceProvider().getResourceValidator().validate(resource, CheckMode.FAST_ONLY,
                cancel == null ? CancelIndicator.NullImpl : cancel);
    }

    /** Why the engine may not run on a file with these issues, or empty when it may. */
    public static Optional<String> gate(List<Issue> issues) {
        boolean syntax = false;
        boolean error = false;
        for (Issue issue : issues) {
            if (issue.getSeverity() == org.eclipse.xtext.diagnostics.Severity.ERROR) {
                error = true;
                syntax |= issue.isSyntaxError();
            }
        }
        if (syntax) {
            return Optional.of("the file has syntax errors; the engine runs once they are fixed");
        }
        return error ? Optional.of("the file has errors; the engine runs once they are fixed") : Optional.empty();
    }

    /** Checks a file with the issues its validation gave. */
    public CheckedFile check(XtextResource resource, List<Issue> issues, EngineOptions options, CancelIndicator cancel) {
        CancelIndicator c = cancel == null ? CancelIndicator.NullImpl : cancel;
        return check(resource, issues, c, model -> Engine.run(mapper.map(model), options.withCancellation(c::isCanceled)));
    }

    /**
     * Validates and checks a file as {@link #check(XtextResource, EngineOptions, CancelIndicator)} does, with
     * the same result, but runs the engine on {@code executor} while this thread validates: for a caller with
     * an idle core (the command line checking fewer files than it has threads), the engine no longer waits
     * for the validation. The run is cancelled and its result dropped when the validation finds the errors
     * that keep the engine from running ({@link #gate}).
     *
     * <p>Why both may run at once: the references are resolved first, on this thread (the first step of
     * Xtext's validation, which then finds nothing left to resolve), and the file is mapped with its imports
     * on this thread too (the mapper loads imported files). From then on the engine's thread reads only
     * its own model and, through {@link EObjectOrigin#describe()}, the node model and URIs of the elements
     * it names; the validation only reads the parsed files (its caches live in the resource's cache adapter,
     * installed while linking). Neither writes what the other reads, and when nothing was left to resolve
     * ({@code getErrors()} empty), nothing in the files changes at all until both are done:
     * {@code CheckAlongsideTest} records every EMF notification of the files during the check and finds
     * none, and compares both ways of checking on every example.
     *
     * <p>A file with syntax or linking errors is checked as before, on this thread alone: its engine would not run.
     */
    public CheckedFile checkAlongside(XtextResource resource, EngineOptions options, CancelIndicator cancel,
            Executor executor) {
        CancelIndicator c = cancel == null ? CancelIndicator.NullImpl : cancel;
        EcoreUtil2.resolveLazyCrossReferences(resource, c);
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model model)
                || !resource.getErrors().isEmpty()) {
            return check(resource, validate(resource, c), options, c);
        }
        var dropped = new AtomicBoolean();
        EngineOptions engineOptions = options.withCancellation(() -> dropped.get() || c.isCanceled());
        FutureTask<Report> run;
        try {
            Program program = mapper.map(model);
            run = new FutureTask<>(() -> Engine.run(program, engineOptions));
        } catch (RuntimeException e) {
            run = new FutureTask<>(() -> {
                throw e; // reported as the sequential check reports it, once the validation allows the engine
            });
        }
        executor.execute(run);
        List<Issue> issues;
        try {
            issues = validate(resource, c);
        } catch (RuntimeException | Error e) {
            drop(run, dropped);
            throw e;
        }
        if (gate(issues).isPresent()) {
            drop(run, dropped);
        }
        FutureTask<Report> engine = run;
        // what the engine (or the mapper before it) threw comes out as if it had run on this thread
        return check(resource, issues, c, m -> Background.join(engine, "waiting for the engine"));
    }

    /** Cancels an engine run nobody will read and waits for its thread to leave the files. */
    private static void drop(FutureTask<Report> run, AtomicBoolean dropped) {
        dropped.set(true);
        try {
            run.get();
        } catch (ExecutionException e) {
            // dropped: its result does not count
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CheckedFile check(XtextResource resource, List<Issue> issues, CancelIndicator c,
            Function<Model, Report> engine) {
        var texts = new Texts(resource);
        List<Placed> structural = issues.stream().map(i -> structural(i, texts)).flatMap(Optional::stream).toList();
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model model)) {
            return new CheckedFile(resource, issues, structural, null, "the file is empty", List.of(), null);
        }
        Optional<String> gate = gate(issues);
        if (gate.isPresent()) {
            return new CheckedFile(resource, issues, structural, null, gate.get(), List.of(), null);
        }
        Report report;
        try {
            report = engine.apply(model);
        } catch (RuntimeException e) {
            if (c.isCanceled()) {
                CANCELS.throwOperationCanceledException();
            }
            var failure = new Placed(LanguageCode.INTERNAL_ERROR.code(), Severity.ERROR,
                    "internal error while checking this file: " + describe(e), new Place(resource, 0, 0), List.of(),
                    Placed.Kind.INTERNAL, null, null);
            return new CheckedFile(resource, issues, structural, null, "the engine failed on this file: " + describe(e),
                    List.of(failure), e);
        }
        if (c.isCanceled()) {
            CANCELS.throwOperationCanceledException();
        }
        return new CheckedFile(resource, issues, structural, report, "", place(model, report, texts), null);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    // ---- structural issues ---------------------------------------------------------------------------

    private static Optional<Placed> structural(Issue issue, Texts texts) {
        Severity severity = switch (issue.getSeverity()) {
            case ERROR -> Severity.ERROR;
            case WARNING -> Severity.WARNING;
            case INFO -> Severity.INFO;
            case IGNORE -> null;
        };
        if (severity == null) {
            return Optional.empty();
        }
        String code = issue.getCode() == null ? "" : issue.getCode();
        boolean syntax = issue.isSyntaxError() && (code.isEmpty() || code.equals(VMemIssueCodes.SYNTAX_ERROR)
                || code.startsWith("org.eclipse.xtext.diagnostics.Diagnostic.Syntax"));
        if (syntax) {
            code = VMemIssueCodes.SYNTAX_ERROR;
        } else if (code.equals("org.eclipse.xtext.diagnostics.Diagnostic.Linking")) {
            code = VMemIssueCodes.UNRESOLVED_REFERENCE;
        } else if (code.isEmpty()) {
            code = LanguageCode.STRUCTURE.code(); // an Xtext issue that no language check made
        }
        return Optional.of(new Placed(code, syntax ? Severity.ERROR : severity,
                issue.getMessage() == null ? "" : issue.getMessage(), texts.ofIssue(issue), List.of(),
                syntax ? Placed.Kind.SYNTAX : Placed.Kind.STRUCTURE, null, issue));
    }

    // ---- engine findings -----------------------------------------------------------------------------

    private List<Placed> place(Model model, Report report, Texts texts) {
        XtextResource resource = texts.resource;
        var placed = new ArrayList<Placed>();
        Map<String, Optional<Vm>> vms = new HashMap<>();
        Map<String, Optional<KernelOfVm>> kernels = new HashMap<>();
        Map<Resource, Optional<Place>> imports = new HashMap<>();
        Set<List<Object>> seen = new HashSet<>();
        for (Finding f : report.findings()) {
            Optional<Place> origin = placeOf(f.origin(), true);
            var related = new ArrayList<RelatedPlace>();
            Set<EObject> relatedElements = new HashSet<>();
            for (Related r : f.related()) {
                placeOf(r.origin(), false).ifPresent(p -> related.add(new RelatedPlace(p, r.message())));
                if (r.origin() instanceof EObjectOrigin o) {
                    relatedElements.add(o.element());
                }
            }
            Optional<Vm> vm = f.vm().isEmpty() ? Optional.empty()
                    : vms.computeIfAbsent(f.vm(), name -> EcoreUtil2.typeSelect(model.getDeclarations(), Vm.class)
                            .stream().filter(v -> name.equals(v.getName())).findFirst());
            Place at;
            if (origin.isPresent() && origin.get().resource() == resource) {
                at = origin.get();
            } else {
                Optional<Place> elsewhere = vm.flatMap(Checker::nameNode).map(n -> place(resource, n));
                if (elsewhere.isEmpty() && origin.isPresent()) {
                    elsewhere = imports.computeIfAbsent(origin.get().resource(), r -> importReaching(model, r));
                }
                at = elsewhere.orElse(new Place(resource, 0, 0));
                origin.ifPresent(o -> related.add(0, new RelatedPlace(o, IN_IMPORTED_FILE)));
            }
            // One lookup per VM, not per finding: a VM with 100,000 members and as many findings would
            // otherwise walk its members once for each (n^2).
            vm.ifPresent(v -> kernels.computeIfAbsent(v.getName(), name -> kernelOf(v, report))
                    .filter(k -> !relatedElements.contains(k.element()))
                    .ifPresent(k -> related.add(k.related())));
            var p = new Placed(f.code(), f.severity(), f.message(), at, related, Placed.Kind.ENGINE, f, null);
            if (seen.add(List.of(p.code(), p.severity(), p.message(), p.place(), p.related()))) {
                placed.add(p); // the same problem twice (two findings alike for the user) shows once
            }
        }
        return placed;
    }

    /**
     * The place an origin names: its feature or list entry, or the element; a declaration without a
     * feature by its name when {@code byName}.
     */
    public static Optional<Place> placeOf(Origin origin, boolean byName) {
        if (!(origin instanceof EObjectOrigin o) || o.element().eResource() == null) {
            return Optional.empty();
        }
        INode node = byName && o.feature() == null && o.element() instanceof Declaration d ? nameNode(d).orElse(null)
                : o.node();
        return node == null ? Optional.empty() : Optional.of(place(o.element().eResource(), node));
    }

    private static Place place(Resource resource, INode node) {
        return new Place(resource, node.getOffset(), node.getLength());
    }

    /** The node of an element's name (a declaration's), or of the whole element. */
    public static Optional<INode> nameNode(EObject element) {
        var feature = element instanceof Declaration ? VmemPackage.Literals.DECLARATION__NAME
                : element.eClass().getEStructuralFeature("name");
        if (feature != null) {
            List<INode> nodes = NodeModelUtils.findNodesForFeature(element, feature);
            if (!nodes.isEmpty()) {
                return Optional.of(nodes.get(0));
            }
        }
        return Optional.ofNullable(NodeModelUtils.findActualNodeFor(element));
    }

    private static EObject kernelElement(Vm vm) {
        return EcoreUtil2.typeSelect(vm.getMembers(), VmKernel.class).stream().findFirst().map(VmKernel::getKernel)
                .filter(k -> !k.eIsProxy()).orElse(null);
    }

    /** The kernel profile a VM names, and the related place that says so. */
    private record KernelOfVm(EObject element, RelatedPlace related) {
    }

    /** "kernel profile 6.18 x86_64 …" on the kernel profile a VM names, if it names one. */
    private static Optional<KernelOfVm> kernelOf(Vm vm, Report report) {
        EObject kernel = kernelElement(vm);
        if (!(kernel instanceof Declaration k) || kernel.eResource() == null) {
            return Optional.empty();
        }
        String description = report.profiles().stream().filter(p -> p.vm().equals(vm.getName()))
                .map(Report.ResolvedProfile::description).findFirst().orElse(k.getName());
        return nameNode(k).map(n -> new KernelOfVm(k,
                new RelatedPlace(place(k.eResource(), n), "kernel profile " + description)));
    }

    /** The import of {@code model} through which {@code target} is reached (directly or further on). */
    private static Optional<Place> importReaching(Model model, Resource target) {
        Resource from = model.eResource();
        for (Import anImport : model.getImports()) {
            Resource imported = loaded(from, VMemImports.resolve(anImport));
            if (imported != null && Imports.closure(imported).contains(target)) {
                return Optional.ofNullable(NodeModelUtils.findActualNodeFor(anImport)).map(n -> place(from, n));
            }
        }
        return Optional.empty();
    }

    private static Resource loaded(Resource from, URI uri) {
        return uri == null || from.getResourceSet() == null ? null : from.getResourceSet().getResource(uri, false);
    }

    // ---- issues remembered from an editor's build ----------------------------------------------------

    /** Keeps the issues of a validation on the resource, for {@link #checkValidated} of the same parse. */
    public static void remember(XtextResource resource, List<Issue> issues) {
        resource.eAdapters().removeIf(Validated.class::isInstance);
        resource.eAdapters().add(new Validated(resource.getParseResult(), List.copyOf(issues)));
    }

    private static Optional<List<Issue>> remembered(XtextResource resource) {
        for (Adapter a : resource.eAdapters()) {
            if (a instanceof Validated v && v.parse == resource.getParseResult()) {
                return Optional.of(v.issues);
            }
        }
        return Optional.empty();
    }

    private static final class Validated extends AdapterImpl {
        final IParseResult parse;
        final List<Issue> issues;

        Validated(IParseResult parse, List<Issue> issues) {
            this.parse = parse;
            this.issues = issues;
        }

        @Override
        public boolean isAdapterForType(Object type) {
            return type == Validated.class;
        }
    }

    /** Issue offsets to places of the checked file. */
    private static final class Texts {
        final XtextResource resource;
        private dev.vmem.dsl.text.LineIndex index;

        Texts(XtextResource resource) {
            this.resource = resource;
        }

        Place ofIssue(Issue issue) {
            Integer offset = issue.getOffset();
            Integer length = issue.getLength();
            if (offset != null && offset >= 0) {
                return new Place(resource, offset, length == null ? 0 : Math.max(0, length));
            }
            if (issue.getLineNumber() != null && issue.getLineNumber() > 0) {
                if (index == null) {
                    index = dev.vmem.dsl.text.LineIndex.of(resource);
                }
                int column = issue.getColumn() == null || issue.getColumn() < 1 ? 0 : issue.getColumn() - 1;
                return new Place(resource, index.offset(issue.getLineNumber() - 1, column), 0);
            }
            return new Place(resource, 0, 0);
        }
    }

    /** The import closure of a file. */
    public static final class Imports {
        private Imports() {
        }

        /** {@code start} and every resource it reaches through imports already loaded in its resource set. */
        public static Set<Resource> closure(Resource start) {
            Set<Resource> seen = new java.util.LinkedHashSet<>();
            var queue = new ArrayDeque<Resource>();
            queue.add(start);
            while (!queue.isEmpty()) {
                Resource r = queue.poll();
                if (!seen.add(r)) {
                    continue;
                }
                if (!r.getContents().isEmpty() && r.getContents().get(0) instanceof Model m) {
                    for (Import i : m.getImports()) {
                        Resource next = loaded(r, VMemImports.resolve(i));
                        if (next != null && !seen.contains(next)) {
                            queue.add(next);
                        }
                    }
                }
            }
            return seen;
        }
    }
}
