package dev.vmem.server.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.server.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** {@code vmem ARGS} run in this JVM, as Main runs it, with what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(Path workingDirectory, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new StringWriter();
        int code = Cli.run(args, new Cli.Context(workingDirectory, out, new PrintWriter(err, true)));
        var run = new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString());
        assertThat(run.out() + run.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in thread");
        return run;
    }

    List<String> lines() {
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
}
