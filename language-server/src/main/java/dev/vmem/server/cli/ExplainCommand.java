package dev.vmem.server.cli;

import dev.vmem.dsl.codes.Catalog;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmem explain CODE}: prints a code's rule page, shipped in the jar (no network needed). */
@Command(name = "explain", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Print the rule page of a code: what it means, why, an example and how to fix it.",
            "Without CODE, list every code with its default severity and title."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the page (or the list) was printed", "2:no such code"},
        footerHeading = "%n",
        footer = "Docs: docs/rules/README.md")
public final class ExplainCommand implements Callable<Integer> {

    private final Cli.Context context;

    @Parameters(paramLabel = "CODE", arity = "0..1", description = "A code, e.g. gup-on-secret-memory.")
    String code;

    @Spec
    CommandSpec spec;

    ExplainCommand(Cli.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var out = new PrintWriter(new OutputStreamWriter(context.out(), StandardCharsets.UTF_8), true);
        if (code == null) {
            for (Catalog.Entry e : Catalog.entries()) {
                out.printf("%-34s %-7s %s%n", e.code(), e.info().severity().keyword(), e.info().title());
            }
            out.flush();
            return ExitCodes.OK;
        }
        Optional<String> page = Catalog.page(code.strip());
        if (page.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no such code: " + code + " (vmem explain lists them)");
        }
        out.print(page.get().endsWith("\n") ? page.get() : page.get() + "\n");
        out.flush();
        return ExitCodes.OK;
    }
}
