package dev.vmem.server.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Suites that need a tool the build does not install (Chromium, Neovim, Node). Without the tool the
 * test is skipped with its reason, and the skip is written to {@code target/optional-suites/} of the
 * repository, which the build's last module ({@code build-summary}) prints as "what did not run and
 * how to run it". Such test classes carry the tag {@value #TAG}, so that CI's second pass, after it
 * installed the tools, can run just them.
 */
public final class OptionalTools {

    /** The JUnit tag of the test classes that need an optional tool. */
    public static final String TAG = "optional-tools";

    private OptionalTools() {
    }

    /**
     * Skips the calling test unless {@code present}, recording why and how to run it.
     *
     * @param suite what does not run, e.g. "Neovim client test (RealClientsTest)"
     * @param missing what is missing, e.g. "nvim is not on PATH"
     * @param howToRun what to install or set, e.g. "apt-get install neovim"
     */
    public static void require(boolean present, String suite, String missing, String howToRun) {
        if (!present) {
            record(suite, missing, howToRun);
        }
        assumeTrue(present, suite + ": " + missing + " (" + howToRun + ")");
    }

    /** True when {@code tool} is an executable on PATH. */
    public static boolean onPath(String tool) {
        return which(tool).isPresent();
    }

    /** The first executable named {@code tool} on PATH. */
    public static java.util.Optional<Path> which(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return java.util.Optional.of(Path.of(dir, tool));
            }
        }
        return java.util.Optional.empty();
    }

    private static void record(String suite, String missing, String howToRun) {
        Path dir = repositoryRoot().resolve("target/optional-suites");
        String name = suite.replaceAll("[^A-Za-z0-9]+", "-") + ".txt";
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), suite + ": " + missing + "; to run it: " + howToRun + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository (test-support's {@link dev.vmem.testing.Repository}). */
    private static Path repositoryRoot() {
        return dev.vmem.testing.Repository.root();
    }
}
