package dev.vmem.server.cli;

import dev.vmem.dsl.scoping.ImportRoots;
import dev.vmem.engine.EngineOptions;
import dev.vmem.server.cli.format.JsonWriter;
import dev.vmem.server.cli.format.JunitWriter;
import dev.vmem.server.cli.format.ReportWriter;
import dev.vmem.server.cli.format.SarifWriter;
import dev.vmem.server.cli.format.TextWriter;
import dev.vmem.server.cli.report.BatchResult;
import dev.vmem.server.cli.report.FileReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code vmem check}: the batch validator (docs/cli.md). */
@Command(name = "check", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Check .vmem files: syntax, structure, and what the kernel does with each setup.",
            "PATH is a file or a folder (searched recursively for *.vmem, in sorted order)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:nothing at or above --fail-on",
            "1:findings at or above --fail-on",
            "2:usage error, or an input that cannot be read or parsed",
            "3:internal error (a bug in VMem)"},
        footerHeading = "%n",
        footer = "Docs: docs/cli.md in the VMem repository.%n")
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Report format: text, json, sarif or junit (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "error",
            description = "Exit with 1 when a finding is at least this severe: error, warning, info or never (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output.")
    Path output;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Check at most N files at once (default: the number of processors).")
    Integer jobs;

    @Option(names = "--show-trace",
            description = "Text format: print each finding's trace (operation, kernel path, state, outcome) below it.")
    boolean showTrace;

    @Option(names = "--base-dir", paramLabel = "DIR",
            description = "SARIF: make file URIs relative to DIR (default: the Git work tree around the current folder, else the current folder).")
    Path baseDir;

    @Option(names = "--docs-url", paramLabel = "URL",
            description = "SARIF: where you publish the repository's docs/; rule helpUri links point below it (default: none; each rule's page is in the log as its help).")
    String docsUrl;

    @Option(names = "--max-file-size", paramLabel = "SIZE", defaultValue = "4MiB",
            description = "Refuse files larger than SIZE (bytes, or with KiB/MiB/GiB; default: ${DEFAULT-VALUE}).")
    String maxFileSize;

    @Option(names = "--from", paramLabel = "FORMAT",
            description = "Each PATH is a VMM configuration of FORMAT (firecracker, cloud-hypervisor, libvirt, qemu): import it and check it, with findings placed in the original file (docs/importers.md). A folder is searched for firecracker *.json, cloud-hypervisor *.args and *.json, libvirt *.xml, qemu *.args.")
    String from;

    @Option(names = "--kernel", paramLabel = "PROFILE",
            description = "With --from: the kernel to check against, a release (6.18) or host (the running machine). Default: the built-in profile.")
    String kernel;

    @Option(names = "--host-root", hidden = true, defaultValue = "/", description = "Where --kernel host reads the machine (tests).")
    Path hostRoot;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the summary line to standard error.")
    boolean quiet;

    @Mixin
    FileCommandOptions common;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or folders to check (a folder: its *.vmem files, or with --from the format's files).")
    List<String> paths;

    private final Cli.Context context;

    CheckCommand(Cli.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        OutputFormat outputFormat = parseEnum(OutputFormat.class, format, "--format", "text, json, sarif, junit");
        FailOn threshold = parseEnum(FailOn.class, failOn, "--fail-on", "error, warning, info, never");
        long maxBytes = parseSize(maxFileSize);
        if (from == null && kernel != null) {
            throw new ParameterException(spec.commandLine(), "--kernel needs --from (a .vmem file names its own kernel)");
        }
        int poolSize = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (poolSize < 1) {
            throw new ParameterException(spec.commandLine(), "--jobs must be at least 1");
        }
        if (docsUrl != null && !docsUrl.startsWith("http://") && !docsUrl.startsWith("https://")) {
            throw new ParameterException(spec.commandLine(), "--docs-url must be an http(s) URL");
        }

        Timings timings = Timings.start("check");
        Path cwd = context.workingDirectory();
        InputCollector.Inputs inputs = from == null ? InputCollector.collect(cwd, paths)
                : InputCollector.collect(cwd, paths, format().extensions());
        Timings.phase(timings, "inputs");
        int files = (int) inputs.inputs().stream().filter(InputCollector.Found.class::isInstance).count();
        var checker = new XtextFileChecker(Cli::injector,
                new XtextFileChecker.Limits(maxBytes, XtextFileChecker.Limits.DEFAULT_MAX_SYNTAX_ERRORS,
                        EngineOptions.defaults().withoutNotesAndLayouts()), // a report shows neither
                importRoots(cwd, maxBytes), BatchChecker.spareThreads(poolSize, files));
        if (from == null && Cli.injectorInTheMaking()) {
            // The first file is read and lexed while the injector is created (docs/benchmarks.md, fourth pass).
            inputs.inputs().stream().filter(InputCollector.Found.class::isInstance).findFirst()
                    .ifPresent(found -> checker.readAhead(((InputCollector.Found) found).file()));
        }
        Cli.injector(); // here, so that its failure reaches the command as before
        Timings.phase(timings, "injector");
        if (common.debug) {
            Logging.debug();
        }

        Path outputPath = output == null ? null : cwd.resolve(output);
        Path tempOutput = null;
        OutputStream stream;
        if (outputPath == null) {
            stream = context.out();
        } else {
            try {
                tempOutput = CommandOutput.tempSibling(outputPath);
                stream = Files.newOutputStream(tempOutput, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                return CommandOutput.fail(context, "cannot write " + output + ": " + InputCollector.describe(e));
            }
        }

        BatchResult result;
        try {
            try (Writer writer = new BufferedWriter(new OutputStreamWriter(
                    outputPath == null ? keepOpen(stream) : stream, StandardCharsets.UTF_8))) {
                ReportWriter reportWriter = switch (outputFormat) {
                    case TEXT -> new TextWriter(writer, showTrace);
                    case JSON -> new JsonWriter(writer);
                    case SARIF -> new SarifWriter(writer, cwd,
                            baseDir == null ? defaultBaseDir(cwd) : cwd.resolve(baseDir), docsUrl, Cli.version());
                    case JUNIT -> new JunitWriter(writer);
                };
                var batch = new BatchChecker(from == null ? checker::check : importChecker(checker, maxBytes), poolSize, common.debug,
                        context.err());
                List<FileReport> reports = batch.run(inputs.inputs(), report -> {
                    try {
                        reportWriter.file(report);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                result = new BatchResult(reports, threshold);
                reportWriter.finish(result);
            }
            if (tempOutput != null) {
                Files.move(tempOutput, outputPath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                tempOutput = null;
            }
        } finally {
            if (tempOutput != null) {
                Files.deleteIfExists(tempOutput);
            }
        }
        Timings.phase(timings, "files");
        BatchResult.Summary summary = result.summary();
        if (!quiet) {
            context.err().println(TextWriter.summaryLine(summary));
            context.err().flush();
        }
        return summary.exitCode();
    }

    /** {@code --from}: each input is a VMM configuration, imported, checked, and mapped back (ImportSupport). */
    private dev.vmem.importers.VmmFormat format() {
        return ImportSupport.format(spec, from);
    }

    private java.util.function.Function<InputFile, FileReport> importChecker(XtextFileChecker checker, long maxBytes) {
        var format = format();
        var choice = ImportSupport.kernel(spec, kernel, context.workingDirectory().resolve(hostRoot));
        var options = new dev.vmem.importers.ImportOptions(choice, maxBytes);
        return input -> ImportSupport.check(input, format, options, checker);
    }

    private <E extends Enum<E>> E parseEnum(Class<E> type, String value, String option, String allowed) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new ParameterException(spec.commandLine(),
                "Invalid value for option '" + option + "': '" + value + "' (expected one of " + allowed + ")");
    }

    private long parseSize(String text) {
        var m = java.util.regex.Pattern.compile("(\\d{1,12})\\s*(|B|K|KiB|M|MiB|G|GiB)").matcher(text.strip());
        if (!m.matches()) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--max-file-size': '" + text + "' (expected bytes, or a number with KiB, MiB or GiB)");
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2)) {
            case "K", "KiB" -> 10;
            case "M", "MiB" -> 20;
            case "G", "GiB" -> 30;
            default -> 0;
        };
        if (n <= 0 || Long.numberOfLeadingZeros(n) <= shift) {
            throw new ParameterException(spec.commandLine(), "--max-file-size must be positive and below 8 EiB");
        }
        return n << shift;
    }

    /**
     * Imports may read .vmem files below the current folder and below each PATH (a folder, or a file's
     * own folder), no larger than --max-file-size (docs/rules/unresolved-import.md).
     */
    private ImportRoots importRoots(Path cwd, long maxBytes) {
        var roots = new java.util.ArrayList<Path>();
        roots.add(cwd);
        for (String p : paths) {
            try {
                Path path = cwd.resolve(p);
                Path root = Files.isDirectory(path) ? path : path.getParent();
                if (root != null) {
                    roots.add(root);
                }
            } catch (java.nio.file.InvalidPathException e) {
                // reported as an unreadable input
            }
        }
        return ImportRoots.of(roots).withMaxFileBytes(maxBytes);
    }

    /** The Git work tree around {@code cwd} (a folder with .git), else {@code cwd}. */
    static Path defaultBaseDir(Path cwd) {
        Path dir = cwd.toAbsolutePath().normalize();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return d;
            }
        }
        return dir;
    }

    /** Standard output stays open after the report (the caller owns it). */
    private static OutputStream keepOpen(OutputStream stream) {
        return new java.io.FilterOutputStream(stream) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
