package dev.vmem.editor.map;

import com.google.inject.Injector;
import dev.vmem.dsl.VMemStandaloneSetup;
import dev.vmem.dsl.analysis.CheckedFile;
import dev.vmem.dsl.analysis.Checker;
import dev.vmem.dsl.analysis.Placed;
import dev.vmem.dsl.text.LineIndex;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Severity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.LazyStringInputStream;

/**
 * Where a memory map's {@link Report} comes from when there is no editor: a {@code .vmem} file, read,
 * parsed and checked by the language's {@link Checker} (editors draw the report of their own check).
 *
 * <pre>{@code
 * // from a file, with the process's own injector:
 * String page = MemoryMapSource.html(Path.of("vm.vmem"), null);

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
     * Reads and parses {@code file} (and what it imports) in a resource set of its own, and checks it
     * with the language's {@link Checker}: the report when the engine ran, else the errors that kept it
     * from running.
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
        CheckedFile checked = Checker.of(resource).check(resource, EngineOptions.defaults(), CancelIndicator.NullImpl);
        if (checked.ran()) {
            return new Loaded(name, checked.report(), List.of());
        }
        var lines = LineIndex.of(resource);
        var errors = new ArrayList<String>();
        for (Placed p : checked.all()) {
            if (p.severity() == Severity.ERROR) {
                errors.add(lines.line1(p.offset()) + ":" + lines.column1(p.offset()) + ": " + Tooltips.oneLine(p.message()));
            }
        }
        if (errors.isEmpty()) {
            errors.add("1:1: " + checked.skipped());
        }
        return new Loaded(name, null, errors);
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
