package dev.vmem.server.map;

import com.google.inject.Injector;
import dev.vmem.dsl.VMemStandaloneSetup;
import dev.vmem.dsl.mapping.ModelMapper;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.engine.Engine;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Rule;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.LazyStringInputStream;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;

/**
 * Where a memory map's {@link Report} comes from: a {@code .vmem} file (parsed, linked, checked, mapped
 * to the engine's model and run), or an Xtext resource an editor already holds.
 *
 * <pre>{@code
 * // from a file, with the process's own injector:
 * String page = MemoryMapSource.html(Path.of("vm.vmem"), null);
 *
 * // from a resource of the language server's workspace:
 * Report report = MemoryMapSource.report(resource);
 * String page = MemoryMapRenderer.html(report, MapOptions.defaults().withTitle("vm.vmem").withVm("web"));
 * }</pre>
 */
public final class MemoryMapSource {

    /** Largest file {@link #load} reads (as {@code vmem check}'s default). */
    public static final long MAX_FILE_BYTES = 4L << 20;

    /**
     * A loaded file: its report, or the errors that kept the engine from running.
     *
     * @param name   the file's name, for headings
     * @param report the engine's report, or null when {@code errors} is not empty
     * @param errors "LINE:COLUMN: message" for each syntax, linking or structural error
     */
    public record Loaded(String name, Report report, List<String> errors) {
        public Loaded {
            errors = List.copyOf(errors);
        }

        /** True when the engine ran. */
        public boolean ok() {
            return report != null;
        }
    }

    private MemoryMapSource() {
    }

    /**
     * Reads, parses and checks {@code file} (and what it imports) in a resource set of its own, and runs
     * the engine when the file has no errors.
     *
     * @throws IOException when the file cannot be read, is larger than {@link #MAX_FILE_BYTES} or is not UTF-8
     */
    public static Loaded load(Injector injector, Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException("file too large: " + size + " bytes, more than " + MAX_FILE_BYTES);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IOException("not UTF-8 text", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        XtextResourceSet resourceSet = injector.getInstance(XtextResourceSet.class);
        URI uri = URI.createFileURI(file.toAbsolutePath().normalize().toString());
        var resource = (XtextResource) resourceSet.createResource(uri);
        if (resource == null) {
            throw new IllegalStateException("no Xtext resource factory for " + uri);
        }
        resource.load(new LazyStringInputStream(text, "UTF-8"), Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
        List<Issue> issues = resource.getResourceServiceProvider().getResourceValidator()
                .validate(resource, CheckMode.FAST_ONLY, CancelIndicator.NullImpl);
        var errors = new ArrayList<String>();
        for (Issue issue : issues) {
            if (issue.getSeverity() != Severity.ERROR
                    || (issue.getCode() != null && Rule.byCode(issue.getCode()).isPresent())) {
                continue;
            }
            errors.add((issue.getLineNumber() == null ? 1 : issue.getLineNumber()) + ":"
                    + (issue.getColumn() == null ? 1 : issue.getColumn()) + ": "
                    + VmPanel.oneLine(issue.getMessage()));
        }
        if (!errors.isEmpty()) {
            return new Loaded(name, null, errors);
        }
        return new Loaded(name, report(resource), List.of());
    }

    /**
     * Runs the engine on a parsed and linked resource (imports resolved through its resource set), as
     * an editor's memory-map command would: the resource should have no errors, else the picture shows
     * what the mapper could make of it.
     */
    public static Report report(XtextResource resource) {
        return report(resource, EngineOptions.defaults());
    }

    /** {@link #report(XtextResource)} with the caller's engine options (budget, default kernel profile). */
    public static Report report(XtextResource resource, EngineOptions options) {
        Objects.requireNonNull(resource, "resource");
        Program program;
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model model)) {
            program = new Program(List.of(), List.of(), List.of());
        } else {
            ModelMapper mapper = resource.getResourceServiceProvider().get(ModelMapper.class);
            program = mapper.map(model);
        }
        return Engine.run(program, options);
    }

    /**
     * The HTML page of a file's memory map, with an injector of its own (created once per process).
     *
     * @param vm the VM to draw, or null for all
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when the file has errors (the message lists them) or no such VM
     */
    public static String html(Path file, String vm) throws IOException {
        Loaded loaded = load(StandaloneInjector.INJECTOR, file);
        if (!loaded.ok()) {
            throw new IllegalArgumentException(loaded.name() + " has errors: " + String.join("; ", loaded.errors()));
        }
        return MemoryMapRenderer.html(loaded.report(), MapOptions.defaults().withTitle(loaded.name()).withVm(vm));
    }

    /** The SVG document of a file's memory map; see {@link #html(Path, String)}. */
    public static String svg(Path file, String vm) throws IOException {
        Loaded loaded = load(StandaloneInjector.INJECTOR, file);
        if (!loaded.ok()) {
            throw new IllegalArgumentException(loaded.name() + " has errors: " + String.join("; ", loaded.errors()));
        }
        return MemoryMapRenderer.svg(loaded.report(), MapOptions.defaults().withTitle(loaded.name()).withVm(vm));
    }

    private static final class StandaloneInjector {
        static final Injector INJECTOR = new VMemStandaloneSetup().createInjectorAndDoEMFRegistration();
    }
}
