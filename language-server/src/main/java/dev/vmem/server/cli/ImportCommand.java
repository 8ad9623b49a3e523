package dev.vmem.server.cli;

import dev.vmem.dsl.codes.ImportCode;
import dev.vmem.importers.ImportException;
import dev.vmem.importers.ImportOptions;
import dev.vmem.importers.ImportResult;
import dev.vmem.importers.KernelChoice;
import dev.vmem.importers.Note;
import dev.vmem.importers.VmmFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmem import}: a VMM configuration as a .vmem file (docs/importers.md). */
@Command(name = "import", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Write a VMM configuration as a .vmem file: the VM as the VMM sets it up, each construct with a comment",
            "naming the field or option it came from."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:written",
            "2:usage error, or a configuration that cannot be read or imported (nothing is written)",
            "3:internal error (a bug in VMem)"},
        footerHeading = "%n",
        footer = "Docs: docs/importers.md in the VMem repository.%n")
public final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "FORMAT",
            description = "The configuration's format: firecracker, cloud-hypervisor, libvirt or qemu.")
    String from;

    @Option(names = "--kernel", paramLabel = "PROFILE",
            description = "The kernel to write: a release (6.18, 6.12.118, 6.18/arm64) or host (the running machine). Default: the built-in profile.")
    String kernel;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write to OUT instead of standard output.")
    Path output;

    @Option(names = "--max-file-size", paramLabel = "BYTES", defaultValue = "4194304",
            description = "Refuse configurations larger than BYTES (default: ${DEFAULT-VALUE}).")
    long maxFileSize;

    @Option(names = "--host-root", hidden = true, defaultValue = "/", description = "Where --kernel host reads the machine (tests).")
    Path hostRoot;

    @Mixin
    FileCommandOptions common;

    @Parameters(paramLabel = "FILE", arity = "1", description = "The configuration file.")
    String file;

    private final Cli.Context context;

    ImportCommand(Cli.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        VmmFormat format = ImportSupport.format(spec, from);
        if (maxFileSize < 1) {
            throw new ParameterException(spec.commandLine(), "--max-file-size must be positive");
        }
        Path cwd = context.workingDirectory();
        KernelChoice choice = ImportSupport.kernel(spec, kernel, cwd.resolve(hostRoot));
        var input = new InputFile(file, cwd.resolve(file));
        ImportSupport.Read read = ImportSupport.read(input, maxFileSize);
        if (read.problem() != null) {
            return fail(file + ": " + read.problem().message());
        }
        ImportResult result;
        try {
            Path name = input.path().getFileName();
            result = format.importer().read(name == null ? file : name.toString(), read.text(),
                    new ImportOptions(choice, maxFileSize));
        } catch (ImportException e) {
            // One line in the notes' form, FILE:LINE:COLUMN (POINTER): error: MESSAGE [import-error]
            context.err().println(ImportSupport.where(file, e.position()) + ": error: "
                    + XtextFileChecker.oneLine(e.getMessage()) + " [" + ImportCode.IMPORT_ERROR.code() + "]");
            context.err().flush();
            return ExitCodes.BAD_INPUT;
        }
        int written = CommandOutput.write(context, output, result.text().getBytes(StandardCharsets.UTF_8));
        if (written != ExitCodes.OK) {
            return written;
        }
        for (Note n : result.notes()) {
            context.err().println(ImportSupport.where(file, n.position()) + ": " + n.severity() + ": "
                    + XtextFileChecker.oneLine(n.message()) + " [" + n.code() + "]");
        }
        context.err().flush();
        return ExitCodes.OK;
    }

    private int fail(String message) {
        return CommandOutput.fail(context, message);
    }
}
