package dev.vmem.server.cli;

import dev.vmem.editor.map.MapOptions;
import dev.vmem.editor.map.MemoryMapRenderer;
import dev.vmem.editor.map.MemoryMapSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmem map}: the memory map picture of a file (docs/memory-map.md). */
@Command(name = "map", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Draw the memory map of a .vmem file: for each VM its memslots, the VMM's mappings and the backings, "
                    + "coloured by what the kernel can reach through its direct map, with every finding marked.",
            "The format follows the -o file's extension (.svg or .html); without -o, SVG goes to standard output."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the picture was written (whatever the findings)",
            "2:usage error, or an input that cannot be read, parsed or linked",
            "3:internal error (a bug in VMem)"},
        footerHeading = "%n",
        footer = "Docs: docs/memory-map.md")
public final class MapCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--vm", paramLabel = "NAME", description = "Draw only this VM (default: every VM of the file).")
    String vm;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE (.svg: an SVG document; .html: a page with hover details) instead of standard output.")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "svg or html, whatever -o's extension (default: from the extension, else svg).")
    String format;

    @Mixin
    FileCommandOptions common;

    @Parameters(paramLabel = "FILE", arity = "1", description = "The .vmem file to draw.")
    String file;

    private final Cli.Context context;

    MapCommand(Cli.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        boolean html = html();
        Path cwd = context.workingDirectory();
        Path input = cwd.resolve(file);
        if (common.debug) {
            Logging.debug();
        }
        if (!Files.isRegularFile(input)) {
            return fail("cannot read " + file + ": " + (Files.isDirectory(input) ? "a folder, not a file" : "no such file"));
        }
        MemoryMapSource.Loaded loaded;
        try {
            loaded = MemoryMapSource.load(Cli.injector(), input);
        } catch (IOException e) {
            return fail("cannot read " + file + ": " + InputCollector.describe(e));
        }
        if (!loaded.ok()) {
            for (String error : loaded.errors()) {
                context.err().println(file + ":" + error.replaceFirst(": ", ": error: "));
            }
            return fail(file + " has errors; nothing drawn");
        }
        List<String> vms = MemoryMapRenderer.vms(loaded.report());
        if (vm != null && !vms.contains(vm)) {
            return fail("no VM named '" + vm + "' in " + file
                    + (vms.isEmpty() ? " (it declares none)" : " (VMs: " + String.join(", ", vms) + ")"));
        }
        MapOptions options = MapOptions.defaults().withTitle(loaded.name()).withVm(vm);
        String picture = html ? MemoryMapRenderer.html(loaded.report(), options)
                : MemoryMapRenderer.svg(loaded.report(), options);
        return CommandOutput.write(context, output, picture.getBytes(StandardCharsets.UTF_8));
    }

    /** HTML or SVG: --format, else the extension of -o, else SVG. */
    private boolean html() {
        if (format != null) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "svg" -> false;
                case "html" -> true;
                default -> throw new ParameterException(spec.commandLine(),
                        "Invalid value for option '--format': '" + format + "' (expected svg or html)");
            };
        }
        if (output == null) {
            return false;
        }
        String name = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            return false;
        }
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            return true;
        }
        throw new ParameterException(spec.commandLine(),
                "cannot tell the format from '" + output + "': name it .svg or .html, or give --format");
    }

    private int fail(String message) {
        return CommandOutput.fail(context, message);
    }
}
