package dev.vmem.server.cli;

import dev.vmem.engine.report.Severity;
import dev.vmem.importers.HostKernel;
import dev.vmem.importers.ImportException;
import dev.vmem.importers.ImportOptions;
import dev.vmem.importers.ImportResult;
import dev.vmem.importers.KernelChoice;
import dev.vmem.importers.Note;
import dev.vmem.importers.SourcePosition;
import dev.vmem.importers.VmmFormat;
import dev.vmem.server.cli.report.Codes;
import dev.vmem.server.cli.report.Exposure;
import dev.vmem.server.cli.report.FileReport;
import dev.vmem.server.cli.report.Location;
import dev.vmem.server.cli.report.Problem;
import dev.vmem.server.cli.report.ProblemKind;
import dev.vmem.server.cli.report.RelatedLocation;
import dev.vmem.server.cli.report.ScenarioRun;
import dev.vmem.server.cli.report.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code vmem import} and {@code vmem check --from}: reads a VMM configuration (bounded, UTF-8),
 * imports it, and for a check runs the ordinary checker on the generated text and maps every
 * position back to the original file through the import's source map (docs/importers.md).
 */
final class ImportSupport {

    /** The code of a configuration that cannot be imported (malformed, unknown field or option, past a limit). */
    static final String IMPORT_ERROR = Codes.IMPORT_ERROR;

    private ImportSupport() {
    }

    /** The text of a configuration file, or a problem about it. */
    record Read(String text, Problem problem) {
    }

    static Read read(InputFile input, long maxBytes) {
        String path = input.displayPath();
        try {
            long size = Files.size(input.path());
            if (size > maxBytes) {
                return new Read(null, Problem.aboutFile(path, Codes.INPUT_TOO_LARGE, Severity.ERROR,
                        "file too large: " + size + " bytes, more than the limit of " + maxBytes + " (--max-file-size)",
                        ProblemKind.INPUT));
            }
            byte[] bytes = Files.readAllBytes(input.path());
            if (bytes.length > maxBytes) {
                return new Read(null, Problem.aboutFile(path, Codes.INPUT_TOO_LARGE, Severity.ERROR,
                        "file too large: more than the limit of " + maxBytes + " bytes (--max-file-size)", ProblemKind.INPUT));
            }
            return new Read(TextDecoder.decode(bytes), null);
        } catch (IOException e) {
            return new Read(null, Problem.aboutFile(path, Codes.UNREADABLE_INPUT, Severity.ERROR,
                    "cannot read: " + InputCollector.describe(e), ProblemKind.INPUT));
        } catch (TextDecoder.NotTextException e) {
            return new Read(null, Problem.aboutFile(path, Codes.UNREADABLE_INPUT, Severity.ERROR, e.getMessage(),
                    ProblemKind.INPUT));
        }
    }

    /**
     * {@code --kernel}: {@code host} reads the machine below {@code hostRoot}; anything else is a release.
     *
     * @throws IllegalArgumentException not a release
     */
    static KernelChoice kernel(String option, Path hostRoot) {
        if (option == null) {
            return null;
        }
        if (option.equals("host")) {
            return HostKernel.read(hostRoot);
        }
        return KernelChoice.version(option);
    }

    /** {@code --from FORMAT}, or a usage error naming the formats. */
    static VmmFormat format(CommandSpec spec, String from) {
        return VmmFormat.byKeyword(from).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "Invalid value for option '--from': '" + from + "' (expected one of " + VmmFormat.keywords() + ")"));
    }

    /** {@code --kernel PROFILE} as {@link #kernel(String, Path)}, or a usage error. */
    static KernelChoice kernel(CommandSpec spec, String option, Path hostRoot) {
        try {
            return kernel(option, hostRoot);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--kernel': " + e.getMessage());
        }
    }

    /** Imports and checks one configuration; every location is in the original file. */
    static FileReport check(InputFile input, VmmFormat format, ImportOptions options, XtextFileChecker checker) {
        String path = input.displayPath();
        Read read = read(input, options.maxBytes());
        if (read.problem() != null) {
            return FileReport.unreadable(read.problem());
        }
        var source = new SourceText(read.text());
        ImportResult result;
        try {
            result = format.importer().read(fileName(input), read.text(), options);
        } catch (ImportException e) {
            SourcePosition p = e.position();
            var location = location(path, source, p);
            return new FileReport(path, FileReport.Status.UNPARSABLE, List.of(new Problem(IMPORT_ERROR, Severity.ERROR,
                    XtextFileChecker.oneLine(e.getMessage()), location, true, List.of(), List.of(), ProblemKind.SYNTAX)),
                    List.of(), List.of(), List.of());
        }
        FileReport generated;
        Path dir = null;
        try {
            dir = Files.createTempDirectory("vmem-import");
            Path file = dir.resolve("imported.vmem");
            Files.writeString(file, result.text(), StandardCharsets.UTF_8);
            generated = checker.check(new InputFile(path, file));
        } catch (IOException e) {
            return FileReport.unreadable(Problem.aboutFile(path, Codes.UNREADABLE_INPUT, Severity.ERROR,
                    "cannot write the imported text to a temporary file: " + InputCollector.describe(e), ProblemKind.INPUT));
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve("imported.vmem"));
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // a leftover temporary file; nothing to report
                }
            }
        }
        return mapBack(generated, result, source, path);
    }

    /** The report of the generated text, with every position moved to the original file, plus the import's notes. */
    static FileReport mapBack(FileReport generated, ImportResult result, SourceText source, String path) {
        var problems = new ArrayList<Problem>();
        for (Note n : result.notes()) {
            problems.add(new Problem(n.code(), severity(n.severity()), XtextFileChecker.oneLine(n.message()),
                    location(path, source, n.position()), true, List.of(), List.of(),
                    n.severity().equals("error") ? ProblemKind.ENGINE : ProblemKind.STRUCTURE));
        }
        for (Problem p : generated.problems()) {
            var related = new ArrayList<RelatedLocation>();
            for (RelatedLocation r : p.related()) {
                related.add(new RelatedLocation(r.message(), move(r.location(), result, source, path)));
            }
            problems.add(new Problem(p.code(), p.severity(), p.message(), move(p.location(), result, source, path),
                    p.positioned(), related, p.trace(), p.kind()));
        }
        problems.sort(Comparator.comparingInt((Problem p) -> p.span().line()).thenComparingInt(p -> p.span().column()));
        var exposure = new ArrayList<Exposure>();
        for (Exposure e : generated.exposure()) {
            var backings = new ArrayList<Exposure.BackingExposure>();
            for (Exposure.BackingExposure b : e.backings()) {
                backings.add(new Exposure.BackingExposure(b.backing(), b.kind(), span(result, b.span()), b.guestBytes(),
                        b.directMapBytes(), b.hardwareProtectedBytes(), b.removedBytes(), b.reason()));
            }
            exposure.add(new Exposure(e.vm(), span(result, e.span()), e.guestBytes(), e.directMapBytes(), e.removedBytes(),
                    e.largePagesSplit(), backings));
        }
        FileReport.Status status = generated.status() == FileReport.Status.CHECKED ? FileReport.Status.CHECKED
                : generated.status() == FileReport.Status.UNREADABLE ? FileReport.Status.UNREADABLE
                : FileReport.Status.FAILED; // an importer that writes text the language refuses is a bug in VMem
        List<ScenarioRun> scenarios = List.of();
        return new FileReport(path, status, problems, exposure, scenarios, List.of());
    }

    private static Location move(Location l, ImportResult result, SourceText source, String path) {
        if (!l.path().equals(path)) {
            return l;
        }
        return location(path, source, result.origin(l.span().line()));
    }

    private static Span span(ImportResult result, Span generated) {
        SourcePosition p = result.origin(generated.line());
        return new Span(p.line(), p.column(), p.line(), p.column());
    }

    static Location location(String path, SourceText source, SourcePosition p) {
        int line = Math.min(p.line(), Math.max(1, source.lineCount()));
        return new Location(path, new Span(line, p.column(), line, p.column()), source.normalizedLine(line),
                p.pointer().isEmpty() ? null : p.pointer());
    }

    private static Severity severity(String keyword) {
        return switch (keyword) {
            case "error" -> Severity.ERROR;
            case "warning" -> Severity.WARNING;
            default -> Severity.INFO;
        };
    }

    private static String fileName(InputFile input) {
        Path name = input.path().getFileName();
        return name == null ? input.displayPath() : name.toString();
    }

    /** {@code FILE:LINE:COLUMN (POINTER)}. */
    static String where(String path, SourcePosition p) {
        return path + ":" + p.line() + ":" + p.column() + (p.pointer().isEmpty() ? "" : " (" + p.pointer() + ")");
    }
}
