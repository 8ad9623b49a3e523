package dev.vmem.dsl.tests;

import com.google.inject.Injector;
import dev.vmem.dsl.analysis.CheckedFile;
import dev.vmem.dsl.analysis.Checker;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.engine.EngineOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

/** Parsing and validating outside of JUnit's injection (jqwik properties, file-based tests). */
public final class VMemTestSupport {

    public static final Injector INJECTOR = createInjector();

    private VMemTestSupport() {
    }

    /**
     * Creating the injector snapshots and clears Xtext's global registries (the validator among
     * them); setupRegistry puts the language's state back. Call it once: a second call would clear
     * the very snapshot it restores. (InjectionExtension tests restore what they found afterwards.)
     */
    private static Injector createInjector() {
        VMemInjectorProvider provider = new VMemInjectorProvider();
        Injector injector = provider.getInjector();
        provider.setupRegistry();
        return injector;
    }

    /** The repository root (test-support's {@link dev.vmem.testing.Repository}). */
    public static Path repositoryRoot() {
        return dev.vmem.testing.Repository.root();
    }

    /** The spec examples, as copied into this repository. */
    public static Path examplesDir() {
        return repositoryRoot().resolve("examples/spec");
    }

    public static List<Path> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(examplesDir())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".vmem")).sorted().toList();
        }
    }

    /** Every .vmem file under the repository's {@code examples/} and {@code conformance/}, sorted. */
    public static List<Path> examplesAndConformanceFiles() throws IOException {
        Path root = repositoryRoot();
        try (Stream<Path> all = Stream.concat(Files.walk(root.resolve("examples")), Files.walk(root.resolve("conformance")))) {
            return all.filter(p -> p.toString().endsWith(".vmem")).sorted().toList();
        }
    }

    /** A text cut into words, symbols and runs of white space; joined, they give the text back. */
    public static List<String> tokens(String text) {
        var out = new java.util.ArrayList<String>();
        var m = java.util.regex.Pattern.compile("\\s+|[A-Za-z_][A-Za-z0-9_.]*|\\S").matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    public static XtextResourceSet newResourceSet() {
        return INJECTOR.getInstance(XtextResourceSet.class);
    }

    /** Loads a file into a fresh resource set (imports resolve next to it). */
    public static XtextResource load(Path file) {
        return load(newResourceSet(), file);
    }

    public static XtextResource load(XtextResourceSet resourceSet, Path file) {
        URI uri = URI.createFileURI(file.toAbsolutePath().toString());
        return (XtextResource) resourceSet.getResource(uri, true);
    }

    /** Parses text as a file of the given name (without touching the disk). */
    public static XtextResource parse(String text, String fileName) {
        XtextResourceSet resourceSet = newResourceSet();
        XtextResource resource = (XtextResource) resourceSet.createResource(URI.createURI("memory:/" + fileName));
        try {
            resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return resource;
    }

    public static XtextResource parse(String text) {
        return parse(text, "test.vmem");
    }

    public static Model model(XtextResource resource) {
        return (Model) resource.getContents().get(0);
    }

    /** The structural checks only (CheckMode.FAST_ONLY): the engine is not a validator (see {@link #check}). */
    public static List<Issue> validateStructure(org.eclipse.emf.ecore.resource.Resource resource) {
        return ((XtextResource) resource).getResourceServiceProvider().getResourceValidator().validate(resource,
                CheckMode.FAST_ONLY, CancelIndicator.NullImpl);
    }

    /** Every check Xtext runs (CheckMode.ALL): syntax, linking and structure; never the engine. */
    public static List<Issue> validate(XtextResource resource) {
        return INJECTOR.getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL,
                CancelIndicator.NullImpl);
    }

    /** The whole pipeline, as every editor and the CLI run it: validation, the engine, placed findings. */
    public static CheckedFile check(XtextResource resource) {
        return Checker.of(resource).check(resource, EngineOptions.defaults(), CancelIndicator.NullImpl);
    }
}
