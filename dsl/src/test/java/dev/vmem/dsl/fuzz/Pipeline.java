package dev.vmem.dsl.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import dev.vmem.dsl.formatting2.VMemFormatting;
import dev.vmem.dsl.mapping.ModelMapper;
import dev.vmem.dsl.scoping.ImportRoots;
import dev.vmem.dsl.tests.VMemTestSupport;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.analysis.CheckedFile;
import dev.vmem.dsl.analysis.Checker;
import dev.vmem.dsl.analysis.Placed;
import dev.vmem.engine.Engine;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.LazyStringInputStream;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

/**
 * The whole language pipeline on one text, with the properties every input must keep
 * (docs/robustness.md): parse, link and validate with every check on (the structural checks and the
 * engine adapter, as in the editor), map to the engine's model, run the engine, and format. Nothing
 * may throw; issues lie inside the text; the engine's report is well formed and its run stays within
 * its budget; a text without syntax errors formats into a text without syntax errors.
 *
 * <p>The text is checked as {@code main.vmem} of a small workspace on disk (two files to import)
 * whose {@link ImportRoots} is the workspace, so imports resolve, fail and get refused as they would
 * for a user. It runs on a thread with a 1 MiB stack, the default of the threads a language server
 * handles requests on: a recursion as deep as the input would overflow here first.
 */
final class Pipeline {

    static final Injector INJECTOR = VMemTestSupport.INJECTOR;
    private static final IResourceValidator VALIDATOR = INJECTOR.getInstance(IResourceValidator.class);
    private static final VMemFormatting FORMATTING = INJECTOR.getInstance(VMemFormatting.class);
    private static final long ENGINE_BUDGET = 2_000_000;
    private static final Path WORKSPACE = workspace();

    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(null, r, "vmem-fuzz-pipeline", 1L << 20);
        t.setDaemon(true);
        return t;
    });

    private Pipeline() {
    }

    /** Runs the pipeline over {@code text}; throws (an assertion or the failure itself) when a property breaks. */
    static void check(String text) {
        try {
            THREAD.submit(() -> {
                run(text);
                return null;
            }).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void run(String text) {
        XtextResource resource = load(text);
        List<Issue> issues = VALIDATOR.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
        for (Issue issue : issues) {
            assertThat(issue.getSeverity()).as("severity of %s", issue).isNotNull();
            if (issue.getOffset() != null && issue.getOffset() >= 0) {
                int length = issue.getLength() == null ? 0 : issue.getLength();
                assertThat(issue.getOffset() + length).as("end of %s", issue).isBetween(0, text.length());
            }
        }

        CheckedFile checked = Checker.of(resource).check(resource, issues,
                EngineOptions.defaults().withBudget(ENGINE_BUDGET), CancelIndicator.NullImpl);
        assertThat(checked.failure()).as("engine or mapper failure").isNull();
        for (Placed p : checked.all()) {
            assertThat(p.place().resource()).as("place of %s", p.code()).isSameAs(resource);
            assertThat(p.place().end()).as("end of %s", p.code()).isBetween(0, text.length());
        }
        checked.findings().forEach(p -> assertThat(p.finding()).isNotNull());
        if (checked.ran()) {
            wellFormed(checked.report());
        }

        // The mapper and the engine also hold up on models the checker keeps from them (errors).
        Model model = resource.getContents().isEmpty() ? null : (Model) resource.getContents().get(0);
        if (model != null) {
            Program program = new ModelMapper().map(model);
            Report report = Engine.run(program, EngineOptions.defaults().withBudget(ENGINE_BUDGET));
            wellFormed(report);
        }

        if (resource.getParseResult() != null && !resource.getParseResult().hasSyntaxErrors()) {
            String formatted = FORMATTING.format(resource);
            XtextResource again = load(formatted);
            assertThat(again.getParseResult().getSyntaxErrors()).as("syntax errors after formatting:%n%s", formatted)
                    .isEmpty();
        }
    }

    private static XtextResource load(String text) {
        XtextResourceSet set = INJECTOR.getInstance(XtextResourceSet.class);
        ImportRoots.of(List.of(WORKSPACE)).installOn(set);
        var resource = (XtextResource) set.createResource(URI.createFileURI(WORKSPACE.resolve("main.vmem").toString()));
        try {
            resource.load(new LazyStringInputStream(text, "UTF-8"), Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resource;
    }

    static void wellFormed(Report r) {
        assertThat(r.findings(Rule.ANALYSIS_INCOMPLETE.code()).isEmpty()).as("complete ⇔ no analysis-incomplete")
                .isEqualTo(r.complete());
        for (Finding f : r.findings()) {
            assertThat(f.severity()).as("severity of %s", f.code()).isEqualTo(f.rule().severity());
            assertThat(f.trace().steps()).as("trace of %s", f.code()).isNotEmpty();
        }
    }

    /** A workspace with files to import: kernels.vmem, and profiles/vms.vmem importing it back. */
    private static Path workspace() {
        try {
            Path ws = Files.createTempDirectory("vmem-fuzz-ws");
            Files.writeString(ws.resolve("kernels.vmem"), """
                    kernel k { version 6.18 }
                    kernel old { version 5.10 arch arm64 }
                    kernel ndm { version 6.18 patch no_direct_map v12 }
                    """);
            Files.createDirectories(ws.resolve("profiles"));
            Files.writeString(ws.resolve("profiles/vms.vmem"), """
                    import "../kernels.vmem"
                    vm base { kernel k memory ram: memfd 1GiB map ram shared slot 0 gpa 0 userspace ram }
                    """);
            ws.toFile().deleteOnExit();
            return ws;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
