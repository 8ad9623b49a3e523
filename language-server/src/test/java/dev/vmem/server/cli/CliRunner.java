package dev.vmem.server.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs {@code vmem ARGS} in-process, as Main would, and captures what it prints. */
public final class CliRunner {

    /** What one run did. */
    public record Run(int exitCode, String out, String err) {
        /** Lines of standard output. */
        public java.util.List<String> lines() {
            return out.isEmpty() ? java.util.List.of() : java.util.List.of(out.split("\n"));
        }
    }

    private CliRunner() {
    }

    public static Run run(Path workingDirectory, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new StringWriter();
        int code = Cli.run(args, new Cli.Context(workingDirectory, out, new PrintWriter(err, true)));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    /** The repository root: the nearest folder above the working directory with mvnw and examples/. */
    public static Path repositoryRoot() {
        return dev.vmem.testing.Repository.root();
    }
}
