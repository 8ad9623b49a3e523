package dev.vmem.importers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden/ (the language server's Golden pattern). By default
 * a test compares; with {@code -Dgolden=promote} it rewrites the file on purpose, for review in the diff.
 */
final class Golden {

    static final Path RESOURCES = Path.of("src/test/resources");
    static final Path DIR = RESOURCES.resolve("golden");

    private Golden() {
    }

    static boolean promoting() {
        return "promote".equals(System.getProperty("golden"));
    }

    static void check(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (promoting()) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("golden file %s is missing: run ./mvnw -pl importers verify -Dgolden=promote and review the diff", name)
                .exists();
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        if (!actual.equals(expected)) {
            throw new AssertionError("output differs from golden/" + name + " " + firstDifference(expected, actual)
                    + "\nIf the change is intended: ./mvnw -B -q -DskipEclipse -pl importers verify -Dgolden=promote");
        }
    }

    static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i] : "<end of file>";
            String al = i < a.length ? a[i] : "<end of output>";
            if (!el.equals(al)) {
                return "at line " + (i + 1) + ":\n  golden: " + el + "\n  output: " + al;
            }
        }
        return "(same lines, different line ends)";
    }
}
