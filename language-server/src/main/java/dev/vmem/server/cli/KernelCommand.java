package dev.vmem.server.cli;

import dev.vmem.importers.HostKernel;
import dev.vmem.importers.KernelChoice;
import dev.vmem.importers.Note;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vmem kernel --host}: the running machine as a kernel block to keep (docs/importers.md). */
@Command(name = "kernel", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Print the running machine as a kernel profile (read without root), and what could not be determined."},
        footerHeading = "%n",
        footer = "Docs: docs/importers.md in the VMem repository.%n")
public final class KernelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", description = "Read the running machine.")
    boolean host;

    @Option(names = "--host-root", hidden = true, defaultValue = "/", description = "Where to read the machine (tests).")
    Path hostRoot;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final Cli.Context context;

    KernelCommand(Cli.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        if (!host) {
            throw new ParameterException(spec.commandLine(), "Missing option --host (the only source of a profile so far)");
        }
        KernelChoice choice = HostKernel.read(context.workingDirectory().resolve(hostRoot));
        context.out().write(choice.block().getBytes(StandardCharsets.UTF_8));
        context.out().flush();
        for (Note n : choice.notes()) {
            context.err().println("vmem: info: " + n.message() + " [" + n.code() + "]");
        }
        context.err().flush();
        return ExitCodes.OK;
    }
}
