package dev.vmem.server.cli;

import java.nio.file.Path;

/**
 * The CLI's golden files under src/test/resources/golden/ (test-support's {@link dev.vmem.testing.Golden}:
 * compare, or rewrite with {@code -Dgolden=promote}), and what is removed from an output before comparing.
 */
final class Golden {

    static final Path DIR = CliRunner.repositoryRoot().resolve("language-server/src/test/resources/golden");

    private static final dev.vmem.testing.Golden FILES = dev.vmem.testing.Golden.in(DIR,
            "./mvnw -B -q -DskipEclipse -pl language-server -am verify -Dgolden=promote"
                    + " -Dtest=GoldenOutputTest -Dsurefire.failIfNoSpecifiedTests=false");

    private Golden() {
    }

    /** Compares {@code actual} with the golden file {@code name}, or rewrites it when promoting. */
    static void check(String name, String actual) {
        FILES.check(name, actual);
    }

    /**
     * Removes what depends on this machine or build: the repository's absolute path (plain and as a
     * URI) and the tool version in SARIF ("dev" from classes, the project version from the jar).
     */
    static String normalize(String output) {
        Path root = CliRunner.repositoryRoot();
        String version = Cli.version();
        return output.replace(root.toUri().toString(), "file:///<root>/")
                .replace(root.toString(), "<root>")
                .replace("\"version\": \"" + version + "\"", "\"version\": \"<version>\"")
                .replace("\"semanticVersion\": \"" + version + "\"", "\"semanticVersion\": \"<version>\"");
    }
}
