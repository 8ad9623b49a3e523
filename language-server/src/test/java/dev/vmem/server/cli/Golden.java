package dev.vmem.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden/. By default a test compares its output with the
 * file; with {@code -Dgolden=promote} (passed through by the root pom) it rewrites the file instead,
 * on purpose, for review in the diff.
 */
final class Golden {

    static final Path DIR = CliRunner.repositoryRoot().resolve("language-server/src/test/resources/golden");

    private Golden() {
    }

    static boolean promoting() {
        return "promote".equals(System.getProperty("golden"));
    }

    /** Compares {@code actual} with the golden file {@code name}, or rewrites it when promoting. */
    static void check(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (promoting()) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("golden file %s is missing: run ./mvnw verify -Dgolden=promote and review the diff", name)
                .exists();
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        if (!actual.equals(expected)) {
            throw new AssertionError("output differs from golden/" + name + " " + firstDifference(expected, actual)
                    + "\nIf the change is intended, rewrite the golden files and review the diff:"
                    + "\n  ./mvnw -B -q -pl language-server -am verify -Dgolden=promote"
                    + " -Dtest=GoldenOutputTest -Dsurefire.failIfNoSpecifiedTests=false");
        }
    }

    /** Where two texts first differ, by line, for a readable failure. */
    static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i] : "<end of file>";
            String al = i < a.length ? a[i] : "<end of output>";
            if (!el.equals(al)) {
                return "at line " + (i + 1) + " (golden has " + e.length + " lines, output " + a.length + "):"
                        + "\n  golden: " + el + "\n  output: " + al;
            }
        }
        return "(same lines, different line ends)";
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
