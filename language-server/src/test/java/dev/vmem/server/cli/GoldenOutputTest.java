package dev.vmem.server.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Whole outputs of {@code vmem check examples} in every format, compared with golden files
 * (see {@link Golden}; re-promote with -Dgolden=promote when engine or messages change on purpose).
 */
class GoldenOutputTest {

    private static final Path ROOT = CliRunner.repositoryRoot();

    private static String run(String format) {
        var run = CliRunner.run(ROOT, "check", "--format", format, "--base-dir", ".", "examples");
        return Golden.normalize(run.out());
    }

    @Test
    void text() throws IOException {
        var run = CliRunner.run(ROOT, "check", "--show-trace", "examples");
        Golden.check("examples.txt", Golden.normalize(run.out() + "--- stderr\n" + run.err() + "--- exit code "
                + run.exitCode() + "\n"));
    }

    @Test
    void json() throws IOException {
        Golden.check("examples.json", run("json"));
    }

    @Test
    void sarif() throws IOException {
        Golden.check("examples.sarif", run("sarif"));
    }

    @Test
    void junit() throws IOException {
        Golden.check("examples.junit.xml", run("junit"));
    }
}
